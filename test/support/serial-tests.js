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
  // Months of a row on the time-skipping server and the whole sample's state queries: 34 s alone, past its 180 s bound
  // in the first pass of two CI runs side by side.
  'test/engine/row-visibility.test.ts',
];
