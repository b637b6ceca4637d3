import React from 'react';
import { Button, Field, FieldValidationMessage, IconButton, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import { type PriorityRange, RT_PRIORITY_RANGES, type RTAuthType } from '../../types';
import { type SectionProps } from './sectionProps';
import { TextSetting } from './TextSetting';
import { type TokenChoice, TokenOrPassword } from './TokenOrPassword';
import { priorityRangeErrors } from './validate';

const RT_TOKEN: TokenChoice<RTAuthType> = {
  type: 'token',
  label: 'Auth token',
  name: 'authToken',
  source: 'RT: Logged in as → Settings → Auth Tokens.',
  missing: 'Enter the Request Tracker auth token',
};

type SeveritySource = 'priority' | 'field';

const SEVERITY_OPTIONS: Array<{ label: string; value: SeveritySource }> = [
  { label: 'Priority ranges', value: 'priority' },
  { label: 'A custom field', value: 'field' },
];

/** A Request Tracker's own settings: credentials, the TicketSQL scope, and where the severity comes from. */
export function RTSettings(props: SectionProps) {
  const { jsonData, setJsonData } = props;
  const source: SeveritySource = jsonData.severityField !== undefined ? 'field' : 'priority';
  return (
    <>
      <TokenOrPassword
        {...props}
        system="Request Tracker"
        idPrefix="spacetime-rt"
        token={RT_TOKEN}
        description="RT 5 auth tokens are sent as Authorization: token <token>."
      />
      <TextSetting
        id="spacetime-rt-ticketsql"
        label="TicketSQL scope"
        description="Optional TicketSQL ANDed to every search, like Queue = 'Ops' AND Status != 'rejected'. Empty reads every queue the user can see; deleted tickets never show."
        placeholder="Queue = 'Ops'"
        rows={2}
        value={jsonData.ticketSQL}
        onChange={(ticketSQL) => setJsonData({ ticketSQL })}
      />
      <Field
        label="Severity from"
        description="RT's priority is a number; a custom field such as Severity can name the severity instead."
      >
        <RadioButtonGroup<SeveritySource>
          options={SEVERITY_OPTIONS}
          value={source}
          onChange={(v) => setJsonData({ severityField: v === 'field' ? 'Severity' : undefined })}
        />
      </Field>
      {source === 'field' ? (
        <TextSetting
          id="spacetime-rt-severity-field"
          label="Severity custom field"
          description="Its values in RT's order, most severe first (like SEV1, SEV2), give the severity order."
          required
          error={jsonData.severityField?.trim() ? undefined : "Enter the custom field's name"}
          value={jsonData.severityField}
          // Emptied, the field stays chosen (and says what is missing) rather than switching to priorities.
          onChange={(severityField) => setJsonData({ severityField: severityField ?? '' })}
        />
      ) : (
        <PriorityRanges ranges={jsonData.priorityRanges} set={(r) => setJsonData({ priorityRanges: r })} />
      )}
    </>
  );
}

/** The severity names by priority, lowest first; unset means RT's own labels (Low 0, Medium 50, High 100). */
function PriorityRanges({ ranges, set }: { ranges?: PriorityRange[]; set: (r: PriorityRange[] | undefined) => void }) {
  const shown = ranges ?? RT_PRIORITY_RANGES;
  const errors = priorityRangeErrors(shown);
  const change = (i: number, patch: Partial<PriorityRange>) =>
    set(shown.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Field
      label="Priority ranges"
      description="Each name covers the priorities from its number up to the next range's. The defaults are RT's own labels."
    >
      <Stack direction="column" gap={1}>
        {shown.map((r, i) => (
          <div key={i}>
            <Stack direction="row" gap={1} alignItems="center">
              <Input
                aria-label={`Priority range ${i + 1} severity`}
                width={20}
                value={r.name}
                onChange={(e) => change(i, { name: e.currentTarget.value })}
              />
              <span>from priority</span>
              <Input
                aria-label={`Priority range ${i + 1} from`}
                type="number"
                width={10}
                invalid={Boolean(errors[i])}
                value={String(r.from)}
                onChange={(e) => change(i, { from: Number(e.currentTarget.value) })}
              />
              <IconButton
                name="trash-alt"
                aria-label={`Remove priority range ${i + 1}`}
                onClick={() => set(shown.filter((_, j) => j !== i))}
              />
            </Stack>
            {errors[i] && <FieldValidationMessage>{errors[i]}</FieldValidationMessage>}
          </div>
        ))}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon="plus"
            onClick={() => set([...shown, { name: '', from: (shown[shown.length - 1]?.from ?? -1) + 1 }])}
          >
            Add range
          </Button>
        </div>
      </Stack>
    </Field>
  );
}
