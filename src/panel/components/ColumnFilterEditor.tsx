import React, { useMemo, useState } from 'react';
import { Button, Checkbox, Field, Input, RadioButtonGroup } from '@grafana/ui';

import { type Column, type FrameIndex } from '../engine/columns';
import { FilterError, compileFilter } from '../engine/filter';
import { type ColumnFilter, type ColumnFilterKind, columnFilterToNode } from '../state/columnFilters';
import { type Styles } from './styles';

const MAX_VALUES = 500;

interface Props {
  column: Column;
  index: FrameIndex;
  /** Rows that pass every other column's filters (the value counts come from them). */
  rows: ArrayLike<number>;
  existing?: ColumnFilter;
  styles: Styles;
  onApply: (f: ColumnFilter | undefined) => void;
  onCancel: () => void;
}

/** Typed column filter: value list with counts, contains, regex, range (numbers and times), negation. */
export function ColumnFilterEditor({ column, index, rows, existing, styles, onApply, onCancel }: Props) {
  const kinds: Array<{ label: string; value: ColumnFilterKind }> = [
    { label: 'Values', value: 'values' },
    { label: 'Contains', value: 'contains' },
    { label: 'Regex', value: 'regex' },
    { label: column.kind === 'time' ? 'Time range' : 'Range', value: 'range' },
  ];
  const [kind, setKind] = useState<ColumnFilterKind>(existing?.kind ?? 'values');
  const [selected, setSelected] = useState<Set<string>>(new Set(existing?.kind === 'values' ? existing.values : []));
  const [text, setText] = useState(
    existing && (existing.kind === 'contains' || existing.kind === 'regex') ? (existing.text ?? '') : ''
  );
  const [min, setMin] = useState(existing?.min ?? '');
  const [max, setMax] = useState(existing?.max ?? '');
  const [negate, setNegate] = useState(!!existing?.negate);
  const [valueSearch, setValueSearch] = useState('');

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    // A multi-valued cell counts under each of its values, as the datasource's breakdowns do.
    for (let i = 0; i < rows.length; i++) {
      for (const t of column.cellValues(rows[i])) {
        m.set(t, (m.get(t) ?? 0) + 1);
      }
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }, [column, rows]);
  const shownValues = useMemo(() => {
    const q = valueSearch.toLowerCase();
    return (q ? counts.filter(([v]) => v.toLowerCase().includes(q)) : counts).slice(0, MAX_VALUES);
  }, [counts, valueSearch]);

  const draft: ColumnFilter | undefined = (() => {
    switch (kind) {
      case 'values':
        return selected.size ? { key: column.key, kind, values: [...selected], negate } : undefined;
      case 'contains':
      case 'regex':
        return text !== '' ? { key: column.key, kind, text, negate } : undefined;
      case 'range':
        return min !== '' || max !== ''
          ? { key: column.key, kind, min: min || undefined, max: max || undefined, negate }
          : undefined;
    }
    return undefined;
  })();

  let error: string | undefined;
  if (draft) {
    try {
      compileFilter(columnFilterToNode(draft), index);
    } catch (e) {
      error = e instanceof FilterError ? e.message : String(e);
    }
  }

  const toggle = (v: string) => {
    const next = new Set(selected);
    if (next.has(v)) {
      next.delete(v);
    } else {
      next.add(v);
    }
    setSelected(next);
  };

  const placeholder = column.kind === 'time' ? '2026-11-20T10:00:00Z or epoch ms' : 'a number';

  return (
    <form
      className={styles.editor}
      aria-label={`Filter ${column.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!error) {
          onApply(draft);
        }
      }}
    >
      <RadioButtonGroup size="sm" options={kinds} value={kind} onChange={setKind} fullWidth />
      {kind === 'values' && (
        <>
          <Input
            placeholder="Find a value"
            value={valueSearch}
            onChange={(e) => setValueSearch(e.currentTarget.value)}
            aria-label="Find a value"
            autoFocus
          />
          <div className={styles.valueList} role="group" aria-label={`${column.name} values`}>
            {shownValues.length === 0 && <span className={styles.valueCount}>No values</span>}
            {shownValues.map(([v, count]) => (
              <div key={v} className={styles.valueRow}>
                <Checkbox value={selected.has(v)} onChange={() => toggle(v)} label={v === '' ? '(empty)' : v} />
                <span className={styles.valueCount}>{count}</span>
              </div>
            ))}
            {counts.length > shownValues.length && !valueSearch && (
              <span className={styles.valueCount}>{counts.length - shownValues.length} more: type to find them</span>
            )}
          </div>
        </>
      )}
      {(kind === 'contains' || kind === 'regex') && (
        <Field
          label={kind === 'contains' ? 'Text (ignores case)' : 'Regular expression (whole value; (?i) ignores case)'}
          invalid={!!error}
          error={error}
        >
          <Input
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autoFocus
            aria-label={kind === 'contains' ? 'Contains text' : 'Regular expression'}
          />
        </Field>
      )}
      {kind === 'range' && (
        <>
          <Field label="Greater than" invalid={!!error && !!min} error={min ? error : undefined}>
            <Input
              value={min}
              placeholder={placeholder}
              onChange={(e) => setMin(e.currentTarget.value)}
              aria-label="Greater than"
              autoFocus
            />
          </Field>
          <Field label="Less than" invalid={!!error && !min} error={!min ? error : undefined}>
            <Input
              value={max}
              placeholder={placeholder}
              onChange={(e) => setMax(e.currentTarget.value)}
              aria-label="Less than"
            />
          </Field>
        </>
      )}
      <Checkbox value={negate} onChange={() => setNegate(!negate)} label="Exclude matching rows (negate)" />
      <div className={styles.editorButtons}>
        {existing && (
          <Button size="sm" variant="destructive" fill="text" onClick={() => onApply(undefined)}>
            Remove
          </Button>
        )}
        <Button size="sm" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" type="submit" className={styles.primaryAction} disabled={!!error || (!draft && !existing)}>
          Apply
        </Button>
      </div>
    </form>
  );
}
