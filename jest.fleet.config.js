/**
 * The fleet test (npm run test:fleet): the Ansible roles of ansible/ against three real systemd
 * hosts booted in namespaces and reached over SSH (tests/fleet, docs/fleet.md). Needs root,
 * ansible-core and openssh-server; says why and skips where it cannot run (fails with CI=true).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/fleet'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  // the steps build on each other, on the same hosts
  maxWorkers: 1,
  testTimeout: 240000,
  verbose: true,
};
