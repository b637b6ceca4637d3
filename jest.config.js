// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  transform: {
    ...base.transform,
    // @grafana/data 12.4 pulls d3's ESM-only .mjs builds, which the scaffold's transform does not match.
    '^.+\\.mjs$': ['@swc/jest', {}],
  },
};
