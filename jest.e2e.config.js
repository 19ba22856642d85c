/**
 * End-to-end suite (npm run test:e2e): converted example jobs run under a real systemd booted in
 * namespaces by tests/e2e/lab.sh. Needs root; says why and skips where it cannot run (fails with
 * CI=true). Global setup builds the CLI, converts and boots the labs once for all files; the files
 * run one after the other (--runInBand) since they share the labs. See tests/e2e/README.md.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/tests/e2e/global-teardown.ts',
  // the files share the labs: one file at a time (as --runInBand)
  maxWorkers: 1,
  testTimeout: 60000,
  verbose: true,
  // one table "scenario → result (time)" for the whole run, after jest's own report
  reporters: ['default', '<rootDir>/tests/e2e/table-reporter.js'],
};
