/**
 * Suites that play a year on the time-skipping server or run for minutes against real server processes. `npm test`
 * runs them after the rest, one at a time (jest.serial.config.js), so each has a core to itself.
 */
module.exports = [
  'test/engine/reliability.test.ts',
  'test/engine/digest-equivalence.test.ts',
  'test/engine/digest-reliability.test.ts',
  'test/engine/demo-histories.test.ts',
  'test/engine/dev-server-durability.test.ts',
  'test/engine/production-path.test.ts',
  // Timing growth: measured on a core of its own, so another suite's load does not read as quadratic growth.
  'test/deadline/parse-time-growth.test.ts',
  'test/engine/fault-year.test.ts',
];
