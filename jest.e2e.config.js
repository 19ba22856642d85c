/**
 * End-to-end suite (npm run test:e2e): converted example jobs run under a real systemd booted in
 * namespaces by tests/e2e/lab.sh. Needs root; says why and skips where it cannot run (fails with
 * CI=true). See tests/e2e/README.md.
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
  testTimeout: 60000,
  verbose: true,
};
