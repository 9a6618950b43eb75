/**
 * The worker's resident memory with a province's open rows, and what a smaller workflow cache costs in replays.
 * For each cache size (BENCH_CACHES, default "100,1000"): a fresh dev server, `npm start`'s worker as a process of its
 * own (DONDOC_MAX_CACHED_WORKFLOWS; its RSS alone is read from /proc), BENCH_MEMORY_ROWS rows (default 10,000, plans
 * of 150 rows due at the year's end, so each is open and waiting) imported and recorded; then the rows' state asked of
 * 1,000 of them twice over, as the web app's row pages do: a row not in the cache is replayed from its history first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore } from '../activities/store/database';
import { importPlan } from '../client/plan-import';
import { stateQuery } from '../workflows/definitions';
import { freeLoopbackPort } from '../worker/temporal-cluster';
import { spawnDevServer } from '../worker/temporal-servers';
import { syntheticPlan, YEAR } from './engine-support';

const PER_PLAN = 150;
const ASKED = 1000;
const seconds = (from: number) => (Date.now() - from) / 1000;
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

export interface MemoryFigures {
  rows: number;
  cache: number;
  importSeconds: number;
  workerRssMb: number;
  /** Seconds to ask 1,000 rows' state, the first time and again: with a cache under 1,000 the second wave replays too. */
  stateOf1000: { firstSeconds: number; againSeconds: number };
  workerRssMbAfterQueries: number;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function measureWorkerMemory(rows: number, cache: number): Promise<MemoryFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-memory-'));
  const server = await spawnDevServer({ dbFilename: join(dir, 'temporal.sqlite'), port: await freeLoopbackPort(), headless: true });
  const worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'worker', 'main.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, DONDOC_DB_PATH: join(dir, 'dondoc.sqlite'), DONDOC_MAX_CACHED_WORKFLOWS: String(cache), TASK_QUEUE: 'dondoc', DONDOC_LOG_LEVEL: 'ERROR', SMTP_HOST: '127.0.0.1', SMTP_PORT: '9' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const db = await openStore({ sqlitePath: join(dir, 'dondoc.sqlite') });
  try {
    const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
    const t = Date.now();
    for (let p = 0; p < Math.ceil(rows / PER_PLAN); p++) {
      await importPlan(client, syntheticPlan(`${p + 1}/KH-BO-NHO`, Math.min(PER_PLAN, rows - p * PER_PLAN), [`Năm ${YEAR}`]), units, { taskQueue: 'dondoc' });
    }
    const importSeconds = Number(seconds(t).toFixed(1));
    const recorded = async () => Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    while ((await recorded()) < rows) {
      if (seconds(t) > 1800) throw new Error(`only ${await recorded()} of ${rows} rows recorded after 30 minutes`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    await new Promise((r) => setTimeout(r, 10_000));
    const workerRssMb = rssMb(worker.pid!);
    const asked = (await db.selectFrom('rows').select('row_key').orderBy('row_key').limit(ASKED).execute()).map((r) => r.row_key);
    const wave = async () => {
      const w = Date.now();
      await inBatches(asked, 8, (key) => client.workflow.getHandle(key).query(stateQuery));
      return Number(seconds(w).toFixed(1));
    };
    const firstSeconds = await wave();
    const againSeconds = await wave();
    return { rows, cache, importSeconds, workerRssMb, stateOf1000: { firstSeconds, againSeconds }, workerRssMbAfterQueries: rssMb(worker.pid!) };
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await connection.close();
    await db.destroy();
    server.process.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const rows = Number(process.env.BENCH_MEMORY_ROWS ?? 10_000);
  (async () => {
    for (const cache of (process.env.BENCH_CACHES ?? '100,1000').split(',').map(Number)) process.stdout.write(`${JSON.stringify(await measureWorkerMemory(rows, cache))}\n`);
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
