import React from 'react';
import { css } from '@emotion/css';
import { type AppRootProps, type GrafanaTheme2, locationUtil } from '@grafana/data';
import { Card, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';

import { DATASOURCE_ID, OVERVIEW_DASHBOARD_UID } from './constants';

export function AppRootPage(_props: AppRootProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page} data-testid="spacetime-app-root">
      <Stack direction="column" gap={2}>
        <Text element="h1">Spacetime Tickets</Text>
        <Text color="secondary">
          Localize an outage from its tickets: where high-severity tickets are opening, since when, and which ones.
        </Text>
        <Card>
          <Card.Heading>1. Connect your ticket system</Card.Heading>
          <Card.Description>Add a Spacetime Tickets data source and point it at Redmine.</Card.Description>
          <Card.Actions>
            <LinkButton href={locationUtil.assureBaseUrl(`/plugins/${DATASOURCE_ID}`)} icon="plus">
              Add data source
            </LinkButton>
          </Card.Actions>
        </Card>
        <Card>
          <Card.Heading>2. Open the outage overview</Card.Heading>
          <Card.Description>Tickets over time, by severity, service and region, with the ticket table.</Card.Description>
          <Card.Actions>
            <LinkButton href={locationUtil.assureBaseUrl(`/d/${OVERVIEW_DASHBOARD_UID}`)} variant="secondary" icon="apps">
              Open dashboard
            </LinkButton>
          </Card.Actions>
        </Card>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    padding: theme.spacing(2),
    maxWidth: 960,
  }),
});
