/**
 * The durable engine under load, on the in-memory service. Prints figures; asserts nothing:
 * - import and start of 1,000 rows (plan import, one workflow each), and a second import of the same rows;
 * - history events per occurrence of a monthly row over a year;
 * - the worker's resident memory with many open row workflows (BENCH_OPEN_ROWS, default 2,000).
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { openStore } from '../activities/store/database';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { importPlan } from '../client/plan-import';
import { ImportedRow, PlanDocument } from '../domain/plan/model';
import { startTemporalEnvironment } from '../testserver/environment';
import { stateQuery } from '../workflows/definitions';

const PHRASES = ['Quý II năm 2099', 'Hàng tháng', 'Trước ngày 30 tháng 4 năm 2099', 'Khi VPUBND tỉnh có Công văn yêu cầu rà soát', 'Ngày 05 hàng tháng', 'Năm 2099'];

function syntheticPlan(number: string, rows: number): PlanDocument {
  const plan = { number, title: 'Kế hoạch thử tải', issuer: 'Sở KH&CN', date: '2099-03-05', year: 2099 };
  const list: ImportedRow[] = Array.from({ length: rows }, (_, i) => ({
    section: String(Math.floor(i / 100) + 1),
    order: String((i % 100) + 1),
    where: `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`,
    content: `Nhiệm vụ thử ${i + 1}`,
    lead: 'Văn phòng Sở',
    coordinating: '',
    deadline: PHRASES[i % PHRASES.length],
    output: 'Công văn rà soát',
    note: '',
    source: { file: 'bench', row: i + 1 },
  }));
  return { plan, sections: [], rows: list };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { env, server } = await startTemporalEnvironment();
  process.stdout.write(`server: ${server}\n`);
  const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
  const db = await openStore({ sqlitePath: ':memory:' });
  // Mail goes nowhere: the figures are about the engine, not an SMTP server.
  const mailer = nodemailer.createTransport({ jsonTransport: true });
  const taskQueue = `bench-engine-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('../workflows/row'), activities: createActivities({ mailer, db, from: 'bench@example' }) });
  try {
    await worker.runUntil(async () => {
      const doc = syntheticPlan('1/KH-BENCH', 1000);
      let t = Date.now();
      const first = await importPlan(env.client, doc, units, taskQueue);
      process.stdout.write(`import and start of 1,000 rows: ${((Date.now() - t) / 1000).toFixed(1)} s (${first.started.length} started)\n`);
      t = Date.now();
      const again = await importPlan(env.client, doc, units, taskQueue);
      process.stdout.write(`second import of the same 1,000 rows: ${((Date.now() - t) / 1000).toFixed(1)} s (${again.unchanged.length} unchanged, one describe and query per row)\n`);

      const monthly = env.client.workflow.getHandle('1-KH-BENCH-2099/1.2');
      await env.sleep(new Date('2100-01-02T00:00:00+07:00').getTime() - (await env.currentTimeMs()));
      const view = await monthly.query(stateQuery);
      const history = await monthly.fetchHistory();
      process.stdout.write(`monthly row over a year: ${history.events?.length ?? 0} history events for ${view.state.occurrences.length} occurrences (${Math.round((history.events?.length ?? 0) / view.state.occurrences.length)} per occurrence, unanswered ones escalate weekly)\n`);

      const open = Number(process.env.BENCH_OPEN_ROWS ?? 2000);
      const before = process.memoryUsage().rss;
      await importPlan(env.client, syntheticPlan('2/KH-BENCH', open), units, taskQueue);
      await new Promise((r) => setTimeout(r, 5000));
      process.stdout.write(`worker process RSS: ${Math.round(process.memoryUsage().rss / 1048576)} MB after ${open} more open rows (+${Math.round((process.memoryUsage().rss - before) / 1048576)} MB)\n`);
    });
  } finally {
    await env.teardown();
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
