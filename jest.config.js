/**
 * The suite in two passes (`npm test` runs both): the many short files on two jest workers, then the year-long
 * simulations and the wall-clock runs against real servers one at a time (jest.serial.config.js). Run side by side on
 * the machine's two cores, the long ones starved each other and went past their bounds on a loaded CI machine.
 */
const SERIAL_TESTS = require('./test/support/serial-tests.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The cluster tests run on their own: npm run test:cluster (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/', ...SERIAL_TESTS],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Temporal workers and servers are heavy; two jest workers match the two cores.
  maxWorkers: 2,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/suite-times-reporter.js'],
};
