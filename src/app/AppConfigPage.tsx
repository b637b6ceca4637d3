import React from 'react';
import { type AppPluginMeta, type PluginConfigPageProps } from '@grafana/data';
import { Alert, Text } from '@grafana/ui';

export function AppConfigPage({ plugin }: PluginConfigPageProps<AppPluginMeta<{}>>) {
  return (
    <div data-testid="spacetime-app-config">
      <Text element="h3">Spacetime Tickets {plugin.meta.info.version}</Text>
      <Alert title="Nothing to configure here" severity="info">
        The app bundles the Spacetime Tickets data source, the ticket table panel and the outage dashboards. Ticket
        system settings live on each data source.
      </Alert>
    </div>
  );
}
