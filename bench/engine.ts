/**
 * The durable engine on Temporal's official servers. Prints figures; asserts nothing:
 * - on the dev server (temporal server start-dev, wall speed): import and start of 1,000 rows (one workflow each),
 *   a second import of the same file, and the worker's resident memory with many open rows (BENCH_OPEN_ROWS,
 *   default 10,000);
 * - on the time-skipping server: history events per occurrence of a monthly row over a year, answered on time and
 *   left unanswered.
 * The synthetic plans are for next year: the time-skipping clock starts today and ends workflows after ten years.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import { openStore } from '../activities/store/database';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { importPlan } from '../client/plan-import';
import { ImportedRow, PlanDocument } from '../domain/plan/model';
import { StartedEnvironment, startDevEnvironment, startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { registerSearchAttributes } from '../client/search-attributes';
import { reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate } from '../workflows/definitions';

const YEAR = new Date().getUTCFullYear() + 1;
const PHRASES = [`Quý II năm ${YEAR}`, 'Hàng tháng', `Trước ngày 30 tháng 4 năm ${YEAR}`, 'Khi VPUBND tỉnh có Công văn yêu cầu rà soát', 'Ngày 05 hàng tháng', `Năm ${YEAR}`];
const out = (line: string) => process.stdout.write(`${line}\n`);

function syntheticPlan(number: string, rows: number, phrases = PHRASES): PlanDocument {
  const plan = { number, title: 'Kế hoạch thử tải', issuer: 'Sở KH&CN', date: `${YEAR}-03-05` as const, year: YEAR };
  const list: ImportedRow[] = Array.from({ length: rows }, (_, i) => ({
    section: String(Math.floor(i / 100) + 1),
    order: String((i % 100) + 1),
    where: `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`,
    content: `Nhiệm vụ thử ${i + 1}`,
    lead: 'Văn phòng Sở',
    coordinating: '',
    deadline: phrases[i % phrases.length],
    output: 'Báo cáo kết quả',
    note: '',
    source: { file: 'bench', row: i + 1 },
  }));
  return { plan, sections: [], rows: list };
}

async function terminateAll(client: Client, prefix: string): Promise<void> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) if (wf.workflowId.startsWith(prefix)) ids.push(wf.workflowId);
  await Promise.all(ids.map((id) => client.workflow.getHandle(id).terminate('hết phần đo')));
}

async function withEngine(temporal: StartedEnvironment, fn: (env: StartedEnvironment['env'], taskQueue: string) => Promise<void>): Promise<void> {
  out(`server: ${temporal.server}`);
  await registerSearchAttributes(temporal.env.connection, temporal.env.namespace ?? 'default');
  const db = await openStore({ sqlitePath: ':memory:' });
  // Mail goes nowhere: the figures are about the engine, not an SMTP server.
  const mailer = nodemailer.createTransport({ jsonTransport: true });
  const taskQueue = `bench-engine-${randomUUID()}`;
  const worker = await Worker.create({ connection: temporal.env.nativeConnection, taskQueue, workflowsPath: require.resolve('../workflows'), activities: createActivities({ mailer, db, from: 'bench@example' }) });
  try {
    await worker.runUntil(() => fn(temporal.env, taskQueue));
  } finally {
    await temporal.env.teardown();
    await db.destroy();
  }
}

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

  await withEngine(await startTimeSkippingEnvironment(), async (env, taskQueue) => {
    // One monthly row answered every month on time, one never answered (escalating weekly), over the year.
    await importPlan(env.client, syntheticPlan('2/KH-BENCH', 2, ['Hàng tháng', 'Hàng tháng']), units, { taskQueue });
    const answered = env.client.workflow.getHandle(`2-KH-BENCH-${YEAR}/1.1`);
    const silent = env.client.workflow.getHandle(`2-KH-BENCH-${YEAR}/1.2`);
    const t = Date.now();
    for (const occ of (await answered.query(stateQuery)).state.occurrences) {
      const target = new Date(`${occ.effective}T09:00:00+07:00`).getTime() - 2 * 86400000;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
      await answered.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: occ.id, documentNumber: `${occ.id.slice(5)}/BC-SKHCN`, documentDate: occ.effective, title: 'Báo cáo tháng', submitter: { unitId: 'vp', name: 'Văn phòng Sở' } }] });
      await answered.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'accept', reviewer: 'Văn phòng Sở' }] });
    }
    await env.sleep(new Date(`${YEAR + 1}-01-02T00:00:00+07:00`).getTime() - (await env.currentTimeMs()));
    for (const [label, handle] of [['answered on time', answered], ['never answered', silent]] as const) {
      const view = await handle.query(stateQuery);
      const events = (await handle.fetchHistory()).events?.length ?? 0;
      out(`monthly row over a year, ${label}: ${events} history events for ${view.state.occurrences.length} occurrences (${Math.round(events / view.state.occurrences.length)} per occurrence; ${view.state.messages.length} mails)`);
    }
    out(`  (both simulated through the year in ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
