/**
 * `npm run demo`: a year of the sample plan in under two minutes. Starts Temporal's official time-skipping test
 * server, whose clock starts today and only moves forward, so the sample plan (05/03/2025) is replayed as if issued
 * for the next year whose 5 March is still ahead; then a real SMTP server on loopback that saves every mail under data/demo-mail/, and the
 * worker; imports Kế hoạch 16/KH-SKHCN with its units; then lets simulated unit heads submit evidence (most on
 * time, some late, some never, one returned by the office) and two incoming letters trigger event rows, printing
 * the overdue list at each month's end and the year report at the end.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client, WorkflowHandle } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { gzipSync } from 'node:zlib';
import { createActivities } from '../activities';
import type { TaskLinkConfig } from '../activities/task-links';
import { startDemoWeb } from '../client/web/demo';
import { readPlanFile } from '../activities/plan-files/read-plan';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore, Store } from '../activities/store/database';
import { periodReport } from '../activities/store/read-model';
import { importPlan } from '../client/plan-import';
import { isoDateAt, toVietnameseDate } from '../domain/dates';
import { OccurrenceStatus, STATUS_LABEL } from '../domain/tracking/row-state';
import { reportSentence } from '../domain/tracking/report';
import { overdueList } from '../client/overdue-list';
import { shiftPlanYears } from '../domain/plan/shift-year';
import { startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { registerSearchAttributes } from '../client/search-attributes';
import { reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate, triggerUpdate } from '../workflows/definitions';

const ROOT = join(__dirname, '..');
const DATA = join(ROOT, 'data');
const MAIL_DIR = join(DATA, 'demo-mail');
const DEMO_DB = join(DATA, 'demo.sqlite');
const TASK_QUEUE = 'dondoc-demo';
const SYMBOL: Record<string, string> = { BC: 'BC-SKHCN', KH: 'KH-SKHCN', QĐ: 'QĐ-SKHCN', DS: 'DS-SKHCN', TB: 'TB-SKHCN' };

const out = (line = '') => process.stdout.write(`${line}\n`);

async function startMailbox(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  rmSync(MAIL_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        n++;
        writeFileSync(join(MAIL_DIR, `${String(n).padStart(5, '0')}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, count: () => n, close: () => new Promise((r) => server.close(() => r())) };
}

/** A deterministic fate for each occurrence: most on time, some late, some never. */
function fate(key: string): 'on-time' | 'late' | 'never' {
  const h = createHash('sha1').update(key).digest()[0];
  return h < 190 ? 'on-time' : h < 225 ? 'late' : 'never';
}

interface Action {
  at: string; // local "YYYY-MM-DDTHH:mm"
  run: () => Promise<void>;
}

async function main(): Promise<void> {
  const wall = Date.now();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const temporal = await startTimeSkippingEnvironment();
  await registerSearchAttributes(temporal.env.connection, temporal.env.namespace ?? 'default');
  const today = new Date(await temporal.env.currentTimeMs());
  const YEAR = new Date(`${today.getUTCFullYear()}-03-05T07:00:00+07:00`) > today ? today.getUTCFullYear() : today.getUTCFullYear() + 1;
  const mailbox = await startMailbox();
  mkdirSync(DATA, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DEMO_DB}${suffix}`, { force: true });
  const db = await openStore({ sqlitePath: DEMO_DB });
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: mailbox.port, secure: false, ignoreTLS: true });
  const links: TaskLinkConfig = {};
  const worker = await Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ mailer, db, from: 'dondoc <dondoc@skhcn-angiang.example>', links }),
  });
  const client = temporal.env.client;
  // --web: the web app on this data, started first so every mail carries its signed link.
  const web = process.argv.includes('--web') ? await startDemoWeb({ db, temporal: client, taskQueue: TASK_QUEUE, units: await readUnitsFile(join(ROOT, 'samples', 'units.json')), links, evidenceDir: join(DATA, 'demo-evidence'), now: () => temporal.env.currentTimeMs() }) : null;
  const advanceTo = async (local: string) => {
    const target = new Date(`${local}:00+07:00`).getTime();
    const now = await temporal.env.currentTimeMs();
    if (target > now) await temporal.env.sleep(target - now);
  };

  try {
    await worker.runUntil(async () => {
      out(`Máy chủ Temporal: ${temporal.server}; đồng hồ mô phỏng bắt đầu ${new Date(await temporal.env.currentTimeMs()).toISOString()}`);
      const sample = await readPlanFile(join(ROOT, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
      const doc = shiftPlanYears(sample, YEAR - sample.plan.year);
      out(`Kế hoạch mẫu năm ${sample.plan.year} được chạy như ban hành cho năm ${YEAR} (ngày ${toVietnameseDate(doc.plan.date)}).`);
      await advanceTo(`${YEAR}-03-05T07:00`);
      const units = await readUnitsFile(join(ROOT, 'samples', 'units.json'));
      const summary = await importPlan(client, doc, units, { taskQueue: TASK_QUEUE });
      out(`Nhập Kế hoạch ${doc.plan.number}: khởi tạo ${summary.started.length} nhiệm vụ, ${summary.needsAttention.length} dòng cần Văn phòng xem lại.`);
      const handles = new Map<string, WorkflowHandle>(summary.started.concat(summary.unchanged).map((k) => [k, client.workflow.getHandle(k)]));

      const actions: Action[] = [];
      let docNo = 100;
      let returnedOne = false;
      const plan = async (key: string) => {
        const view = await handles.get(key)!.query(stateQuery);
        const head = units.units.find((u) => u.id === view.state.spec.lead.id)!;
        for (const occ of view.state.occurrences) {
          if (occ.outcome || occ.effective > `${YEAR}-12-31`) continue;
          const symbol = SYMBOL[view.state.spec.evidenceType] ?? (['CV', 'VB', 'KHÁC'].includes(view.state.spec.evidenceType) ? 'SKHCN-VP' : null);
          const f = symbol ? fate(`${key}/${occ.id}`) : 'never';
          if (f === 'never') continue;
          const day = f === 'on-time' ? occ.effective : isoDateAt(new Date(`${occ.effective}T12:00:00+07:00`).getTime() + 4 * 86400000);
          const submitAt = `${f === 'on-time' && occ.opensOn < occ.effective ? isoDateAt(new Date(`${occ.effective}T12:00:00+07:00`).getTime() - 86400000) : day}T10:00`;
          const submit = (n: number) => handles.get(key)!.executeUpdate(submitEvidenceUpdate, {
            args: [{ occurrenceId: occ.id, documentNumber: `${n}/${symbol}`, documentDate: submitAt.slice(0, 10), title: view.state.spec.expectedOutput, submitter: { unitId: head.id, name: head.head.name } }],
          });
          const returnThis = !returnedOne && view.state.spec.evidenceType === 'BC';
          returnedOne ||= returnThis;
          actions.push({
            at: submitAt,
            run: async () => {
              await submit(docNo++);
              if (returnThis) {
                await handles.get(key)!.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'return', reason: 'Báo cáo thiếu số liệu tháng trước, đề nghị bổ sung', reviewer: 'Văn phòng Sở' }] });
                await submit(docNo++);
              }
              await handles.get(key)!.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'accept', reviewer: 'Văn phòng Sở' }] });
            },
          });
        }
      };
      for (const key of handles.keys()) await plan(key);
      // Two incoming letters open occurrences of event rows.
      actions.push({
        at: `${YEAR}-04-10T09:00`,
        run: async () => {
          const key = `16-KH-SKHCN-${YEAR}/2.7`;
          await handles.get(key)!.executeUpdate(triggerUpdate, { args: [{ document: `Công văn 215/VPUBND-KSTT ngày 10/4/${YEAR}`, date: `${YEAR}-04-10`, deadline: `${YEAR}-04-25` }] });
          await plan(key);
        },
      });
      actions.push({
        at: `${YEAR}-06-02T09:00`,
        run: async () => {
          const key = `16-KH-SKHCN-${YEAR}/6.2`;
          await handles.get(key)!.executeUpdate(triggerUpdate, { args: [{ document: `Phản ánh, kiến nghị số 07/PAKN ngày 02/6/${YEAR}`, date: `${YEAR}-06-02` }] });
          await plan(key);
        },
      });

      for (let month = 3; month <= 12; month++) {
        const monthEnd = `${YEAR}-${String(month).padStart(2, '0')}-${new Date(Date.UTC(YEAR, month, 0)).getUTCDate()}T17:00`;
        for (;;) {
          actions.sort((a, b) => a.at.localeCompare(b.at));
          const next = actions[0];
          if (!next || next.at > monthEnd) break;
          actions.shift();
          await advanceTo(next.at);
          await next.run();
        }
        await advanceTo(monthEnd);
        await printOverdue(db, monthEnd, mailbox.count());
      }
      await printYearReport(db, YEAR);
      const historiesAt = process.argv.indexOf('--histories');
      if (historiesAt > 0) {
        const file = process.argv[historiesAt + 1];
        const count = await saveHistories(client, [...handles.keys(), `16-KH-SKHCN-${YEAR}`], file);
        out(`\nĐã lưu lịch sử của ${count} workflow vào ${file} (để kiểm tra phát lại với mã mới).`);
      }
      if (web) await web.serveUntilStopped(out);
      else out('\nXem năm này trên trang web, với tài khoản thử cho ba vai trò: npm run demo -- --web');
    });
  } finally {
    await temporal.env.teardown();
    await mailbox.close();
    await db.destroy();
    mailer.close();
  }
  out(`\nThư đã lưu: ${MAIL_DIR} (${mailbox.count()} thư). Thời gian chạy: ${((Date.now() - wall) / 1000).toFixed(1)} giây.`);
  out(`Cơ sở dữ liệu theo dõi: ${DEMO_DB}. Xem lại, chẳng hạn: DONDOC_DB_PATH=data/demo.sqlite npx --no-install dondoc overdue --as-of 31/12/${YEAR}`);
}

/** A length-prefixed record: test/support/histories.ts reads them back. */
function frame(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/** The rows' histories as the demo's year left them, for the replay test (test/engine/demo-histories.test.ts). */
async function saveHistories(client: Client, workflowIds: string[], file: string): Promise<number> {
  const parts: Buffer[] = [];
  for (const workflowId of workflowIds) {
    const history = Buffer.from(proto.api.history.v1.History.encode(await client.workflow.getHandle(workflowId).fetchHistory()).finish());
    parts.push(...frame(Buffer.from(workflowId)), ...frame(history));
  }
  writeFileSync(file, gzipSync(Buffer.concat(parts), { level: 9 }));
  return workflowIds.length;
}

async function printOverdue(db: Store, asOf: string, mails: number): Promise<void> {
  const items = await overdueList(db, new Date(`${asOf}:00+07:00`).getTime());
  out(`\n== Danh sách quá hạn ngày ${toVietnameseDate(asOf.slice(0, 10))} (${items.length} lần thực hiện; ${mails} thư đã gửi) ==`);
  for (const i of items.slice(0, 15)) {
    out(`  ${i.unit.padEnd(44)} ${i.where.padEnd(6)} ${i.label.padEnd(14)} hạn ${toVietnameseDate(i.effective)}  quá ${String(i.daysOverdue).padStart(3)} ngày  nhắc gần nhất ${i.lastMessageAt ? toVietnameseDate(isoDateAt(i.lastMessageAt)) : '—'}`);
  }
  if (items.length > 15) out(`  … và ${items.length - 15} lần thực hiện khác`);
}

async function printYearReport(db: Store, year: number): Promise<void> {
  const { total } = await periodReport(db, `${year}-01-01`, `${year}-12-31`, new Date(`${year}-12-31T17:00:00+07:00`).getTime());
  out(`\n== Báo cáo năm ${year} (tính theo từng lần thực hiện có hạn trong năm) ==`);
  for (const status of Object.keys(STATUS_LABEL) as OccurrenceStatus[]) if (status !== 'da-huy') out(`  ${STATUS_LABEL[status].padEnd(28)} ${total[status]}`);
  out(`\n${reportSentence(total)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
