/**
 * Prints every suite's wall time at the end of a run, longest first, so CI shows which file comes near its bound on
 * a loaded machine before it fails there.
 */
class SuiteTimesReporter {
  onRunComplete(_contexts, results) {
    const rows = results.testResults
      .map((r) => ({ file: r.testFilePath.replace(`${process.cwd()}/`, ''), seconds: (r.perfStats.end - r.perfStats.start) / 1000, failed: r.numFailingTests > 0 || !!r.testExecError }))
      .sort((a, b) => b.seconds - a.seconds);
    const lines = rows.map((r) => `${r.seconds.toFixed(1).padStart(7)} s  ${r.failed ? 'FAIL ' : ''}${r.file}`);
    process.stderr.write(`\nSuite times (${rows.length} files):\n${lines.join('\n')}\n`);
  }
}
module.exports = SuiteTimesReporter;
