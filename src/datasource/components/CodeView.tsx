import React, { useId, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import { Field, FieldValidationMessage, TextArea, useStyles2 } from '@grafana/ui';

import { type SpacetimeQuery } from '../types';
import { type QueryErrors } from '../validate';

/** Keys Grafana owns: not shown, and kept from the current query when the JSON is applied. */
const GRAFANA_KEYS = ['refId', 'datasource', 'hide', 'key'] as const;

export function queryJSON(query: SpacetimeQuery): string {
  const shown: Record<string, unknown> = { ...query };
  for (const k of GRAFANA_KEYS) {
    delete shown[k];
  }
  return JSON.stringify(shown, null, 2);
}

/** Reads edited query JSON; returns an error sentence when it is not a JSON object. */
export function parseQueryJSON(text: string): { query?: Record<string, unknown>; error?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `The query JSON is not valid: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: 'The query JSON must be an object, like {"queryType": "tickets"}' };
  }
  return { query: parsed as Record<string, unknown> };
}

interface Props {
  query: SpacetimeQuery;
  onChange: (query: SpacetimeQuery) => void;
  errors: QueryErrors;
}

/** The query JSON the backend receives (before template variables and ad hoc filters), editable. */
export function CodeView({ query, onChange, errors }: Props) {
  const id = useId();
  const styles = useStyles2(getStyles);
  const [text, setText] = useState(() => queryJSON(query));
  const [parseError, setParseError] = useState<string>();
  const problems = Object.values(errors).filter(Boolean);

  const apply = () => {
    const { query: parsed, error } = parseQueryJSON(text);
    setParseError(error);
    if (!parsed) {
      return;
    }
    const next: Record<string, unknown> = { ...parsed };
    for (const k of GRAFANA_KEYS) {
      if (query[k] !== undefined) {
        next[k] = query[k];
      } else {
        delete next[k];
      }
    }
    onChange(next as unknown as SpacetimeQuery);
  };

  return (
    <Field label="Query JSON" description="Applied when the box loses focus. Template variables are replaced when the query runs." htmlFor={`${id}-json`}>
      <div>
        <TextArea
          id={`${id}-json`}
          className={styles.code}
          rows={Math.min(24, Math.max(6, text.split('\n').length + 1))}
          invalid={Boolean(parseError)}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.currentTarget.value)}
          onBlur={apply}
        />
        {parseError && <FieldValidationMessage>{parseError}</FieldValidationMessage>}
        {!parseError && problems.map((p) => <FieldValidationMessage key={p}>{p}</FieldValidationMessage>)}
      </div>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
});
