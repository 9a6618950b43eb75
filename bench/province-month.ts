/**
 * A simulated month of a province's rows on Temporal's time-skipping server: BENCH_MONTH_ROWS rows (default 3,000, in
 * plans of 150, monthly and quarterly deadlines and dates in the year, delivered through the daily digest) imported on
 * 05/03, then 30 days skipped with a worker in this process (cache BENCH_CACHE, default 1,000) and mail to a JSON
 * transport. Prints the wall time of the import and of the month, and how far the server's clock got.
 * BENCH_MONTH_DAYS (30) and BENCH_MONTHLY_ONLY=1 (every row "Hàng tháng") give the year of 1,000 monthly rows.
 */
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore } from '../activities/store/database';
import { importPlan } from '../client/plan-import';
import { planKey } from '../domain/plan/model';
import { importTurnId } from '../workflows/import-turn';
import { registerSearchAttributes } from '../client/search-attributes';
import { startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { syntheticPlan, YEAR } from './engine-support';

const PER_PLAN = 150;
const PHRASES = ['Hàng tháng', `Quý II năm ${YEAR}`, `Trước ngày 30 tháng 4 năm ${YEAR}`, 'Ngày 05 hàng tháng', `Năm ${YEAR}`, `Trước ngày 15 tháng 3 năm ${YEAR}`];
const seconds = (from: number) => Number(((Date.now() - from) / 1000).toFixed(1));

export interface MonthFigures {
  rows: number;
  cache: number;
  importSeconds: number;
  monthSeconds: number;
  /** False when the month had not ended after BENCH_MONTH_LIMIT_S seconds (default 900). */
  finished: boolean;
  simulatedDays: number;
  mails: number;
}

export async function measureMonth(rows: number, cache: number, days = 30): Promise<MonthFigures> {
  const started = await startTimeSkippingEnvironment();
  const { env } = started;
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const db = await openStore({ sqlitePath: ':memory:' });
  const mailer = nodemailer.createTransport({ jsonTransport: true });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'dondoc', workflowsPath: require.resolve('../workflows'), maxCachedWorkflows: cache, activities: createActivities({ mailer, db, from: 'bench@example' }) });
  try {
    return await worker.runUntil(async () => {
      const units = await readUnitsFile(join(__dirname, '..', 'samples', 'units.json'));
      const start = new Date(`${YEAR}-03-05T08:00:00+07:00`).getTime();
      await env.sleep(Math.max(0, start - (await env.currentTimeMs())));
      let t = Date.now();
      const recorded = async () => Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      for (let p = 0; p < Math.ceil(rows / PER_PLAN); p++) {
        const phrases = process.env.BENCH_MONTHLY_ONLY ? ['Hàng tháng'] : [...PHRASES.slice(p % PHRASES.length), ...PHRASES.slice(0, p % PHRASES.length)];
        const doc = syntheticPlan(`${p + 1}/KH-THANG`, Math.min(PER_PLAN, rows - p * PER_PLAN), phrases);
        await importPlan(env.client, doc, units, { taskQueue: 'dondoc' });
        // An import releases its plan's turn by a signal the worker completes, and terminates the turn when no worker
        // completes it within 3 s (client/plan-import.ts). A termination while the worker holds the turn's task locks
        // the time-skipping server's clock for good, so the next plan waits for the worker to catch up, and a
        // terminated turn is reported instead of a month that never ends.
        const turn = await env.client.workflow.getHandle(importTurnId(planKey(doc.plan))).describe();
        if (turn.status.name === 'TERMINATED') throw new Error(`plan ${p + 1}: the import turn was terminated (the worker did not complete it within 3 s); the time-skipping clock is locked from here on`);
        while ((await recorded()) < Math.min(rows, (p + 1) * PER_PLAN)) await new Promise((r) => setTimeout(r, 500));
      }
      const importSeconds = seconds(t);
      const from = await env.currentTimeMs();
      t = Date.now();
      const limit = Number(process.env.BENCH_MONTH_LIMIT_S ?? 900);
      const finished = await Promise.race([env.sleep(days * 86400000).then(() => true), new Promise<false>((r) => setTimeout(() => r(false), limit * 1000).unref())]);
      const monthSeconds = seconds(t);
      const mails = Number((await db.selectFrom('sent_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { rows, cache, importSeconds, monthSeconds, finished, simulatedDays: Number((((await env.currentTimeMs()) - from) / 86400000).toFixed(1)), mails };
    });
  } finally {
    await env.teardown();
    await db.destroy();
  }
}

if (require.main === module) {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  measureMonth(Number(process.env.BENCH_MONTH_ROWS ?? 3000), Number(process.env.BENCH_CACHE ?? 1000), Number(process.env.BENCH_MONTH_DAYS ?? 30))
    .then((f) => process.stdout.write(`${JSON.stringify(f)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
}
