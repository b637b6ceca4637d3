import { type Page } from '@playwright/test';

/**
 * Picks a ticket system in the datasource editor as a user does: open the System picker, type the start of the
 * name (the menu of every system draws only the options in view), click the option.
 */
export async function chooseSystem(page: Page, name: RegExp, typed: string) {
  const picker = page.getByRole('combobox', { name: /System/ });
  await picker.click();
  await picker.fill(typed);
  await page.getByRole('option', { name }).click();
}
