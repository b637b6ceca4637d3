import React from 'react';
import { Combobox, type ComboboxOption, Field, Input, Stack } from '@grafana/ui';

import { type JsonApiPaging, type JsonApiPagingStyle } from '../../jsonApiTypes';
import { type SpecProps } from './JsonApiSettings';
import { type JsonApiErrors } from './jsonApiValidate';
import { TextSetting } from './TextSetting';

const STYLES: Array<ComboboxOption<JsonApiPagingStyle>> = [
  { value: 'none', label: 'One page', description: 'The first answer holds every ticket' },
  { value: 'offset', label: 'Offset and limit', description: '?offset=100&limit=100' },
  { value: 'page', label: 'Page number', description: '?page=2&per_page=100, or {page} in the template' },
  { value: 'link', label: 'Link header', description: 'Link: <…>; rel="next"' },
  { value: 'nextUrl', label: 'Next URL in the answer', description: 'links.next, next_page, after_url…' },
  { value: 'cursor', label: 'Cursor in the answer', description: 'meta.after_cursor, with an end-of-stream flag' },
];

export const TIME_FORMATS: Array<ComboboxOption<string>> = [
  { value: 'rfc3339', label: 'RFC 3339', description: '2026-11-30T10:00:00Z' },
  { value: 'epoch_s', label: 'Epoch seconds', description: '1796032800' },
  { value: 'epoch_ms', label: 'Epoch milliseconds', description: '1796032800000' },
];

/** A time format: one of TIME_FORMATS or a Go layout typed in (2006-01-02 15:04:05). */
export function TimeFormat({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <Combobox<string>
      id={id}
      width={30}
      placeholder="RFC 3339"
      createCustomValue
      isClearable
      options={TIME_FORMATS}
      value={value ?? null}
      onChange={(o) => onChange(o?.value || undefined)}
    />
  );
}

/** The listing's URL template, the format of its times, and how it pages. */
export function JsonApiRequest({ spec, setSpec, errors }: SpecProps & { errors: JsonApiErrors }) {
  const paging = spec.paging;
  const setPaging = (patch: Partial<JsonApiPaging>) => setSpec({ paging: { ...paging, ...patch } });
  const formats = spec.queryTimeFormats ?? {};
  const usedTimes = (['since', 'from', 'to'] as const).filter((v) => spec.urlTemplate.includes(`{${v}}`));
  return (
    <>
      <TextSetting
        id="spacetime-json-template"
        label="URL template"
        description="The listing’s path and query, relative to the URL. {since}: changes since (the last poll); {from} {to}: a backfill’s range ({to} bounds creation times only); {page}, {cursor}: filled by the paging."
        required
        error={errors.urlTemplate}
        placeholder="/api/tickets?updated_since={since}"
        value={spec.urlTemplate}
        onChange={(urlTemplate) => setSpec({ urlTemplate: urlTemplate ?? '' })}
      />
      {usedTimes.map((v) => (
        <Field
          key={v}
          label={`Format of {${v}}`}
          description="RFC 3339, epoch seconds or milliseconds, or a Go layout such as 2006-01-02 15:04:05 (UTC)."
          htmlFor={`spacetime-json-format-${v}`}
        >
          <TimeFormat
            id={`spacetime-json-format-${v}`}
            value={formats[v]}
            onChange={(f) => setSpec({ queryTimeFormats: { ...formats, [v]: f } })}
          />
        </Field>
      ))}
      <Field label="Paging" htmlFor="spacetime-json-paging">
        <Combobox<JsonApiPagingStyle>
          id="spacetime-json-paging"
          width={40}
          options={STYLES}
          value={paging.style}
          onChange={(o) => setPaging({ style: o.value })}
        />
      </Field>
      <Stack gap={2} wrap="wrap">
        {(paging.style === 'offset' || paging.style === 'page') && (
          <Field label="Page size" htmlFor="spacetime-json-size">
            <Input
              id="spacetime-json-size"
              type="number"
              width={12}
              value={paging.size ?? ''}
              onChange={(e) => setPaging({ size: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
            />
          </Field>
        )}
        {paging.style === 'offset' && (
          <>
            <ParamField
              id="spacetime-json-offset"
              label="Offset parameter"
              placeholder="offset"
              value={paging.offsetParam}
              onChange={(offsetParam) => setPaging({ offsetParam })}
            />
            <ParamField
              id="spacetime-json-limit"
              label="Limit parameter"
              placeholder="limit"
              value={paging.limitParam}
              onChange={(limitParam) => setPaging({ limitParam })}
            />
          </>
        )}
        {paging.style === 'page' && (
          <>
            <ParamField
              id="spacetime-json-page"
              label="Page parameter"
              placeholder="page"
              value={paging.pageParam}
              onChange={(pageParam) => setPaging({ pageParam })}
            />
            <ParamField
              id="spacetime-json-page-size"
              label="Size parameter"
              placeholder="per_page"
              value={paging.sizeParam}
              onChange={(sizeParam) => setPaging({ sizeParam })}
            />
          </>
        )}
        {paging.style === 'cursor' && (
          <ParamField
            id="spacetime-json-cursor"
            label="Cursor parameter"
            placeholder="cursor"
            value={paging.cursorParam}
            onChange={(cursorParam) => setPaging({ cursorParam })}
          />
        )}
      </Stack>
      {(paging.style === 'nextUrl' || paging.style === 'cursor') && (
        <>
          <TextSetting
            id="spacetime-json-next"
            label={paging.style === 'cursor' ? 'Next cursor path' : 'Next URL path'}
            required
            error={errors.next}
            placeholder={paging.style === 'cursor' ? 'meta.after_cursor' : 'links.next'}
            value={paging.next}
            onChange={(next) => setPaging({ next })}
          />
          <TextSetting
            id="spacetime-json-end"
            label="End-of-stream path"
            description="Optional: a true value there ends the listing (Zendesk’s end_of_stream)."
            placeholder="end_of_stream"
            value={paging.end}
            onChange={(end) => setPaging({ end })}
          />
        </>
      )}
      {(paging.style === 'offset' || paging.style === 'page') && (
        <TextSetting
          id="spacetime-json-total"
          label="Total path"
          description="Optional: the listing’s total count, so paging stops without asking for an empty page."
          placeholder="meta.total"
          value={paging.total}
          onChange={(total) => setPaging({ total })}
        />
      )}
    </>
  );
}

function ParamField(props: {
  id: string;
  label: string;
  placeholder: string;
  value?: string;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <Field label={props.label} htmlFor={props.id}>
      <Input
        id={props.id}
        width={16}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value.trim() || undefined)}
      />
    </Field>
  );
}
