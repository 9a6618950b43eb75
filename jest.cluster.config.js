/**
 * `npm run test:cluster`: dondoc on the full Temporal server on PostgreSQL (test/cluster), apart from `npm test`
 * because it needs scripts/install-temporal-cluster's build and runs for minutes. One file at a time: each starts
 * its own PostgreSQL and server.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  maxWorkers: 1,
  testTimeout: 300000,
};
