/** The chaos suite: whole processes against throwaway PostgreSQL and Redis servers of its own. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/chaos'],
  testRegex: '\\.chaos-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 300000,
  maxWorkers: 1,
};
