/**
 * Temporal's official servers under load, through the SDK. Prints figures; asserts nothing:
 * - on the dev server: workflow starts per second (client → server), and the server process's resident memory
 *   with 10,000 open workflows;
 * - on the time-skipping server: simulated days per wall-second for 1,000 workflows each sleeping month by month
 *   through a year.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { startDevEnvironment, startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { monthlyTicker, waitOpen } from './workflows';

function serverRssMb(): number | null {
  try {
    const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'rss=,args='], { encoding: 'utf8' });
    const line = out.split('\n').find((l) => /temporal(-test-server)?\b/.test(l) && !l.includes('node'));
    return line ? Math.round(Number(line.trim().split(/\s+/)[0]) / 1024) : null;
  } catch {
    return null;
  }
}

async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => make(i + j)))));
  return out;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('ERROR') });
  const dev = await startDevEnvironment();
  process.stdout.write(`server: ${dev.server}\n`);
  let taskQueue = `bench-${randomUUID()}`;
  let worker = await Worker.create({ connection: dev.env.nativeConnection, taskQueue, workflowBundle, maxConcurrentWorkflowTaskExecutions: 100, maxCachedWorkflows: 2000 });
  try {
    await worker.runUntil(async () => {
      const client = dev.env.client;
      const t = Date.now();
      const starts = 2000;
      await inBatches(starts, 100, (i) => client.workflow.start(waitOpen, { taskQueue, workflowId: `start-${i}-${randomUUID()}` }));
      process.stdout.write(`workflow starts: ${Math.round(starts / ((Date.now() - t) / 1000))} per second (${starts} starts, 100 in flight)\n`);
      const before = serverRssMb();
      await inBatches(8000, 200, (i) => client.workflow.start(waitOpen, { taskQueue, workflowId: `open-${i}-${randomUUID()}` }));
      // Let the worker run each new workflow's first task so every run holds a real history.
      await new Promise((r) => setTimeout(r, 5000));
      const open = await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);
      const after = serverRssMb();
      process.stdout.write(`dev server memory: ${after ?? '?'} MB RSS with ${open.count} open workflows (${before ?? '?'} MB before the last 8,000)\n`);
    });
  } finally {
    await dev.env.teardown();
  }

  const skipping = await startTimeSkippingEnvironment();
  process.stdout.write(`server: ${skipping.server}\n`);
  taskQueue = `bench-${randomUUID()}`;
  worker = await Worker.create({ connection: skipping.env.nativeConnection, taskQueue, workflowBundle, maxConcurrentWorkflowTaskExecutions: 100, maxCachedWorkflows: 2000 });
  try {
    await worker.runUntil(async () => {
      const client = skipping.env.client;
      const t = Date.now();
      const tickers = await inBatches(1000, 100, (i) => client.workflow.start(monthlyTicker, { taskQueue, workflowId: `ticker-${i}-${randomUUID()}`, args: [12] }));
      // One explicit skip through the year: a thousand clients awaiting result() at once each lock and unlock the
      // server's clock, which the official test server handles very slowly.
      await skipping.env.sleep('370 days');
      await Promise.all(tickers.map((h) => h.result()));
      const seconds = (Date.now() - t) / 1000;
      process.stdout.write(`1,000 workflows × 12 monthly timers (360 simulated days): ${seconds.toFixed(1)} s wall, ${Math.round(360 / seconds)} simulated days per wall-second\n`);
    });
  } finally {
    await skipping.env.teardown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
