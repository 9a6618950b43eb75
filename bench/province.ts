/**
 * `npm run bench:province`: the figures a province needs (issue 21, item 4). Prints one JSON line; asserts nothing.
 * Pieces, all by default, one or a few with `-- --only digest,board` (the machine is shared: run heavy pieces alone):
 * - `cluster`: the Temporal cluster on PostgreSQL (scripts/install-temporal-cluster), 20 generated plans of 150 rows
 *   (BENCH_PLANS, BENCH_ROWS), units and deadlines varied: the server's raw start rate in the same run, import of every
 *   row through dondoc with a worker in this process (cache BENCH_CACHE rows), the process's resident memory once
 *   every row is recorded, and PostgreSQL's size per 1,000 rows at import;
 * - `digest`: the daily digest run at 10,000 rows (bench/digests.ts), with the rows each run reads;
 * - `board`: the leaders' board's p95 over HTTP at 10,000 rows (bench/province-board.ts);
 * - `memory`: the worker alone with 10,000 open rows, per cache size, and what a smaller cache costs in replays
 *   (bench/province-memory.ts; BENCH_CACHES);
 * - `month`: a simulated month of 3,000 rows on the time-skipping server (bench/province-month.ts).
 * Each figure carries its target and whether it is met, or the gap.
 */
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore } from '../activities/store/database';
import { importPlan } from '../client/plan-import';
import { ensureDatabase, freeClusterPorts, freeLoopbackPort, PostgresEndpoint, postgresUrl, startLocalCluster } from '../worker/temporal-cluster';
import { measureDigestRuns } from './digests';
import { syntheticPlan, YEAR } from './engine-support';
import { measureBoard } from './province-board';
import { measureWorkerMemory } from './province-memory';
import { measureMonth } from './province-month';

const PLANS = Number(process.env.BENCH_PLANS ?? 20);
const ROWS = Number(process.env.BENCH_ROWS ?? 150);
const CACHE = Number(process.env.BENCH_CACHE ?? 500);
const RAW_STARTS = 1000;
const LEADS = ['Văn phòng Sở', 'Phòng Phát triển Công nghệ và Chuyển đổi số', 'Thanh tra Sở', 'Phòng Kế hoạch - Tài chính', 'Phòng Quản lý chuyên ngành'];
const PHRASES = ['Hàng tháng', `Quý II năm ${YEAR}`, `Trước ngày 30 tháng 4 năm ${YEAR}`, 'Ngày 05 hàng tháng', `Năm ${YEAR}`, `Trước ngày 15 tháng 11 năm ${YEAR}`];
const seconds = (from: number) => (Date.now() - from) / 1000;
const mb = (bytes: number) => Math.round(bytes / 1048576);

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function databaseBytes(pg: PostgresEndpoint): Promise<Record<string, number>> {
  const client = new PgClient({ connectionString: postgresUrl(pg, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; bytes: string }>(`SELECT datname, pg_database_size(datname) AS bytes FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility', 'dondoc')`);
    return Object.fromEntries(rows.map((r) => [r.datname, Number(r.bytes)]));
  } finally {
    await client.end();
  }
}

async function clusterPiece(): Promise<Record<string, unknown>> {
  const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-province-'));
  chmodSync(dir, 0o755);
  const cluster = await startLocalCluster({ dataDir: join(dir, 'pg'), pgPort: await freeLoopbackPort(), ports: await freeClusterPorts() });
  const connection = await Connection.connect({ address: cluster.address });
  const client = new Client({ connection });
  const db = await openStore({ sqlitePath: ':memory:', databaseUrl: postgresUrl(cluster.postgres, await ensureDatabase(cluster.postgres, 'dondoc')) });
  const result: Record<string, unknown> = { server: `temporal-server ${cluster.build.version}, PostgreSQL (fsync on), 4 history shards`, plans: PLANS, rowsPerPlan: ROWS, workerCache: CACHE };
  try {
    // The server's raw start rate: bare starts, 16 at a time like the import, on a queue nobody polls.
    let t = Date.now();
    await inBatches(Array.from({ length: RAW_STARTS }, (_, i) => i), 16, (i) => client.workflow.start('raw', { taskQueue: 'bench-raw', workflowId: `raw-${i}` }));
    result.rawStartsPerSecond = Math.round(RAW_STARTS / seconds(t));
    await inBatches(Array.from({ length: RAW_STARTS }, (_, i) => i), 16, (i) => client.workflow.getHandle(`raw-${i}`).terminate('hết phần đo'));

    const before = await databaseBytes(cluster.postgres);
    const native = await NativeConnection.connect({ address: cluster.address });
    const worker = await Worker.create({
      connection: native, taskQueue: 'dondoc', workflowsPath: require.resolve('../workflows'), maxCachedWorkflows: CACHE,
      activities: createActivities({ mailer: nodemailer.createTransport({ jsonTransport: true }), db, from: 'bench@example' }),
    });
    await worker.runUntil(async () => {
      const docs = Array.from({ length: PLANS }, (_, p) => {
        const doc = syntheticPlan(`${p + 1}/KH-TINH`, ROWS, [...PHRASES.slice(p % PHRASES.length), ...PHRASES.slice(0, p % PHRASES.length)]);
        return { ...doc, rows: doc.rows.map((row, i) => ({ ...row, lead: LEADS[(p + i) % LEADS.length] })) };
      });
      t = Date.now();
      for (const doc of docs) await importPlan(client, doc, units, { taskQueue: 'dondoc' });
      const importS = seconds(t);
      const total = PLANS * ROWS;
      result.importSeconds = Number(importS.toFixed(1));
      result.importRowsPerSecond = Math.round(total / importS);
      result.importToRawRatio = Number((total / importS / (result.rawStartsPerSecond as number)).toFixed(2));
      const recorded = async () => Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      while ((await recorded()) < total) {
        if (seconds(t) > 1800) throw new Error(`only ${await recorded()} of ${total} rows recorded after 30 minutes`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      result.allRecordedSeconds = Number(seconds(t).toFixed(1));
      global.gc?.();
      result.workerRssMbAtOpenRows = { rows: total, rssMb: mb(process.memoryUsage().rss), cache: CACHE };
    });
    await native.close();
    const recordedRows = Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const after = await databaseBytes(cluster.postgres);
    result.postgresMb = Object.fromEntries(Object.entries(after).map(([name, bytes]) => [name, mb(bytes)]));
    // What the import added (the raw starts before it are not counted), per 1,000 rows.
    result.postgresMbPer1000RowsAtImport = Object.fromEntries(Object.entries(after).map(([name, bytes]) => [name, Number(((bytes - (before[name] ?? 0)) / 1048576 / (recordedRows / 1000)).toFixed(1))]));
  } finally {
    await connection.close();
    await db.destroy();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const rss = result.workerRssMbAtOpenRows as { rows: number; rssMb: number };
  result.memoryTarget = target(rss.rssMb, 1024, 'MB', `process resident at ${rss.rows} rows`);
  return result;
}

/** A figure beside its target (lower is better): met, or by how much it is missed. */
function target(value: number, limit: number, unit: string, what: string) {
  return { what, value, target: `≤ ${limit} ${unit}`, met: value <= limit, ...(value > limit ? { gap: `${Number((value - limit).toFixed(1))} ${unit} over` } : {}) };
}

async function digestPiece(): Promise<Record<string, unknown>> {
  const rows = Number(process.env.BENCH_DIGEST_ROWS ?? 10_000);
  const f = await measureDigestRuns(rows);
  const worst = f.runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { digestRun: { ...f, slowest: target(worst.seconds, 10, 's', `slowest daily run at ${rows} rows (${worst.day})`) } };
}

async function boardPiece(): Promise<Record<string, unknown>> {
  const f = await measureBoard(Number(process.env.BENCH_BOARD_ROWS ?? 10_000));
  return { board: { ...f, leaderP95: target(f.leader.p95Ms, 200, 'ms', `leaders' board p95 over HTTP at ${f.rows} rows`) } };
}

async function memoryPiece(): Promise<Record<string, unknown>> {
  const rows = Number(process.env.BENCH_MEMORY_ROWS ?? 10_000);
  const runs = [];
  for (const cache of (process.env.BENCH_CACHES ?? '100,1000').split(',').map(Number)) {
    const f = await measureWorkerMemory(rows, cache);
    runs.push({ ...f, rss: target(f.workerRssMb, 1024, 'MB', `worker resident at ${rows} open rows, cache ${cache}`) });
  }
  return { workerMemory: runs };
}

async function monthPiece(): Promise<Record<string, unknown>> {
  const f = await measureMonth(Number(process.env.BENCH_MONTH_ROWS ?? 3000), Number(process.env.BENCH_CACHE ?? 1000));
  return { month: { ...f, wall: target(f.monthSeconds, 300, 's', `a simulated month of ${f.rows} rows`) } };
}

const PIECES: Record<string, () => Promise<Record<string, unknown>>> = { cluster: clusterPiece, digest: digestPiece, board: boardPiece, memory: memoryPiece, month: monthPiece };

function chosenPieces(argv: string[]): string[] {
  const at = argv.indexOf('--only');
  if (at === -1) return Object.keys(PIECES);
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(n in PIECES));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a list among ${Object.keys(PIECES).join(', ')}; got "${argv[at + 1] ?? ''}"`);
  return names;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const result: Record<string, unknown> = { machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 1073741824), loadAtStart: Number(loadavg()[0].toFixed(1)) } };
  for (const name of chosenPieces(process.argv.slice(2))) Object.assign(result, await PIECES[name]());
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
