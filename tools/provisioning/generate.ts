// Writes the provisioned dashboards (src/dashboards, shipped in the plugin) and the alerting provisioning file
// from their typed definitions. `npm run provisioning` after a change; a jest test fails when they differ.
import { mkdirSync, writeFileSync } from 'fs';
import path from 'path';

import { provisionedFiles } from './files';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
for (const [file, text] of Object.entries(provisionedFiles())) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
  console.log(`wrote ${file}`);
}
