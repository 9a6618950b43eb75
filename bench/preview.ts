/**
 * Whole-plan preview time: read the sample (DOCX, XLSX, CSV, JSON), parse every deadline, resolve units and render the
 * table, as `dondoc plan preview` does. Prints figures over several runs; asserts nothing.
 */
import { join } from 'node:path';
import { run } from '../client/commands/plan';
import { CommandIo } from '../client/io';

const root = join(__dirname, '..');
let printed = 0;
const io: CommandIo = { out: (t) => void (printed += t.length), err: (t) => process.stderr.write(t), readStdin: async () => '', env: {}, cwd: root };

async function main(): Promise<void> {
  for (const format of ['docx', 'xlsx', 'csv', 'json']) {
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = process.hrtime.bigint();
      await run(['preview', `samples/ke-hoach-16-KH-SKHCN-2025.${format}`, '--units', 'samples/units.json'], io);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const warm = times.slice(2).sort((a, b) => a - b);
    process.stdout.write(`preview of the 112-row sample plan (${format}): first run ${times[0].toFixed(1)} ms, warm median ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms, best ${warm[0].toFixed(1)} ms\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
