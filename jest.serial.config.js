/**
 * The second pass of `npm test`: suites that play a year on the time-skipping server or run for minutes against a
 * real server process. One at a time, so each has a core to itself whatever else the machine is doing.
 */
const SERIAL_TESTS = require('./test/support/serial-tests.js');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: SERIAL_TESTS.map((t) => `<rootDir>/${t}`),
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  maxWorkers: 1,
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/suite-times-reporter.js'],
};
