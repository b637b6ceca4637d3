import React, { useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { Alert, Button, InteractiveTable, Stack } from '@grafana/ui';

import { type JsonApiSpec, type MappedTicket, type MappingReport } from '../../jsonApiTypes';
import { errorMessage } from '../useFields';

interface Props {
  uid: string;
  spec: JsonApiSpec;
}

type Row = Record<string, string>;

function rows(tickets: MappedTicket[]): Row[] {
  return tickets.map((t) => {
    const row: Row = {
      id: t.id,
      title: t.title,
      severity: t.severity,
      status: t.status,
      state: t.state,
      opened: t.opened,
      resolved: t.resolved,
    };
    for (const [k, v] of Object.entries(t.dimensions ?? {})) {
      row[k] = (v ?? []).join(', ');
    }
    return row;
  });
}

/**
 * "Test mapping": the saved datasource's URL and secret with the settings as edited here; the first page's first
 * tickets exactly as mapped, and every value that could not be mapped, named.
 */
export function TestMapping({ uid, spec }: Props) {
  const [report, setReport] = useState<MappingReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<MappingReport>({
          url: `/api/datasources/uid/${uid}/resources/system/test-mapping`,
          method: 'POST',
          data: { jsonApi: spec },
          showErrorAlert: false,
        })
      );
      setReport(res.data);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const data = report ? rows(report.tickets) : [];
  const keys = [
    'id',
    'title',
    'severity',
    'status',
    'state',
    'opened',
    'resolved',
    ...(spec.dimensions ?? []).map((d) => d.key),
  ];
  return (
    <Stack direction="column" gap={1}>
      <div>
        <Button variant="secondary" icon="play" onClick={run} disabled={!uid || busy}>
          Test mapping
        </Button>
        {!uid && <span> Save the data source once to test the mapping.</span>}
      </div>
      {error && (
        <Alert severity="error" title="Test mapping failed">
          {error}
        </Alert>
      )}
      {report && (
        <div data-testid="test-mapping-report">
          <p>
            The first page held {report.records} {report.records === 1 ? 'record' : 'records'}
            {report.deleted > 0 ? `, ${report.deleted} of them listed as deleted` : ''}; the first{' '}
            {report.tickets.length} as mapped:
          </p>
          <InteractiveTable columns={keys.map((k) => ({ id: k, header: k }))} data={data} getRowId={(r: Row) => r.id} />
          {report.problems.length === 0 ? (
            <p>Every value of these tickets was mapped.</p>
          ) : (
            <Alert
              severity="warning"
              title={`${report.problems.length} ${report.problems.length === 1 ? 'value' : 'values'} could not be mapped`}
            >
              <ul>
                {report.problems.map((p) => (
                  <li key={p.text}>{p.text}</li>
                ))}
              </ul>
            </Alert>
          )}
        </div>
      )}
    </Stack>
  );
}
