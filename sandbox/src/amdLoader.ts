import { evaluateAmdModule } from './amd';
import { sharedDependencies } from './sharedDependencies';

/** Fetches a built plugin module from the sandbox server and evaluates it as Grafana would. */
export async function loadPluginModule(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`Could not fetch ${url}: HTTP ${response.status}. Run "npm run build" first.`);
  }
  return evaluateAmdModule(await response.text(), new URL(url, window.location.href).toString(), sharedDependencies);
}
