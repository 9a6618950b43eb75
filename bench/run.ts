/**
 * `npm run bench`: runs every benchmark script in turn, each in its own process so one's memory
 * and JIT state do not colour the next. Each script prints its own figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const scripts = ['deadline', 'parse-time', 'calendar', 'preview', 'temporal', 'engine', 'events', 'digests', 'read-model', 'web', 'year'];
const only = process.argv.slice(2);
let failed = 0;
for (const name of scripts) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = join(__dirname, `${name}.ts`);
  if (!existsSync(file)) continue;
  process.stdout.write(`\n== ${name} ==\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', require.resolve('tsx/cli'), file], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`(bench ${name} exited with ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
