// The module-load test reads the built dist/: it runs after `npm run build`, apart from the unit tests.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/module-load/**/*.test.ts'],
};
