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
  // Build-time tools (scenario generator, dashboards and alert rules as code) are tested beside src.
  testMatch: [...base.testMatch, '<rootDir>/tools/**/*.test.ts'],
  // Editor tests type into Grafana's comboboxes with user-event; on 2 busy cores one can pass 5 s.
  testTimeout: 30_000,
};
