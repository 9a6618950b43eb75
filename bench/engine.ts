/**
 * The durable engine on Temporal's official servers. Prints figures; asserts nothing:
 * on the dev server (temporal server start-dev, wall speed): import and start of 1,000 rows (one workflow each),
 * a second import of the same file, and the worker's resident memory with many open rows (BENCH_OPEN_ROWS, default
 * 10,000). History events and actions per occurrence are bench/events.ts.
 */
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { importPlan } from '../client/plan-import';
import { startDevEnvironment } from '../worker/temporal-servers';
import { out, syntheticPlan, terminateAll, withEngine, YEAR } from './engine-support';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
  await withEngine(await startDevEnvironment(), async (env, taskQueue) => {
    const doc = syntheticPlan('1/KH-BENCH', 1000);
    let t = Date.now();
    const first = await importPlan(env.client, doc, units, { taskQueue });
    out(`import and start of 1,000 rows: ${((Date.now() - t) / 1000).toFixed(1)} s (${first.started.length} started, ${Math.round(1000 / ((Date.now() - t) / 1000))} starts/s)`);
    t = Date.now();
    const again = await importPlan(env.client, doc, units, { taskQueue });
    out(`second import of the same 1,000 rows: ${((Date.now() - t) / 1000).toFixed(1)} s (${again.unchanged.length} unchanged)`);
    await terminateAll(env.client, `1-KH-BENCH-${YEAR}/`);

    const open = Number(process.env.BENCH_OPEN_ROWS ?? 10000);
    const before = process.memoryUsage().rss;
    t = Date.now();
    // Yearly rows due 31/12: each is open and waiting on its first reminder's timer.
    await importPlan(env.client, syntheticPlan('3/KH-BENCH', open, [`Năm ${YEAR}`]), units, { taskQueue });
    const startS = (Date.now() - t) / 1000;
    await new Promise((r) => setTimeout(r, 5000));
    out(`${open} open row workflows started in ${startS.toFixed(1)} s (${Math.round(open / startS)}/s); worker process RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB (+${Math.round((process.memoryUsage().rss - before) / 1048576)} MB; the worker's workflow cache holds them)`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
