import { alertingProvisioning } from './alertRules';
import { operationChainsDashboard } from './operationChainsDashboard';
import { overviewDashboard } from './overviewDashboard';
import { serviceHealthDashboard } from './serviceHealthDashboard';

const GENERATED = 'Generated from tools/provisioning (npm run provisioning): edit the TypeScript, not this file.';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Every generated file, path (from the repository root) → content. */
export function provisionedFiles(): Record<string, string> {
  return {
    'src/dashboards/outage-overview.json': json(overviewDashboard()),
    'src/dashboards/service-health.json': json(serviceHealthDashboard()),
    'src/dashboards/operation-chains.json': json(operationChainsDashboard()),
    // JSON is YAML: Grafana reads alerting provisioning from .yaml files.
    'provisioning/alerting/spacetime.yaml': `# ${GENERATED}\n` + json(alertingProvisioning()),
  };
}
