/**
 * `npm run demo`: a year of the sample plan in under two minutes. Starts Temporal's official time-skipping test
 * server, whose clock starts today and only moves forward, so the sample plan (05/03/2025) is replayed as if issued
 * for the next year whose 5 March is still ahead; then a real SMTP server on loopback that saves every mail under data/demo-mail/, and the
 * worker; imports Kế hoạch 16/KH-SKHCN with its units; then lets simulated unit heads submit evidence (most on
 * time, some late, some never, one returned by the office) and two incoming letters trigger event rows, printing
 * the overdue list at each month's end and the year report at the end.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { gzipSync } from 'node:zlib';
import { createActivities } from '../activities';
import type { TaskLinkConfig } from '../activities/task-links';
import { startDemoWeb } from '../client/web/demo';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { openStore, Store } from '../activities/store/database';
import { periodReport } from '../activities/store/read-model';
import { isoDateAt, toVietnameseDate } from '../domain/dates';
import { OccurrenceStatus, STATUS_LABEL } from '../domain/tracking/row-state';
import { reportSentence } from '../domain/tracking/report';
import { overdueList } from '../client/overdue-list';
import { startTimeSkippingEnvironment } from '../worker/temporal-servers';
import { registerSearchAttributes } from '../client/search-attributes';
import { DIGEST_ONLY_KINDS } from '../domain/digest/due-items';
import { digestWorkflowId } from '../workflows/digest';
import { playSampleYear } from './sample-year';

const ROOT = join(__dirname, '..');
const DATA = join(ROOT, 'data');
const MAIL_DIR = join(DATA, 'demo-mail');
const DEMO_DB = join(DATA, 'demo.sqlite');
const TASK_QUEUE = 'dondoc-demo';

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
      const { rowKeys, planKey } = await playSampleYear({
        client,
        taskQueue: TASK_QUEUE,
        year: YEAR,
        advanceTo,
        onImported: (doc, summary) => {
          out(`Kế hoạch mẫu được chạy như ban hành cho năm ${YEAR} (ngày ${toVietnameseDate(doc.plan.date)}).`);
          out(`Nhập Kế hoạch ${doc.plan.number}: khởi tạo ${summary.started.length} nhiệm vụ, ${summary.needsAttention.length} dòng cần Văn phòng xem lại.`);
        },
        onMonthEnd: (monthEnd) => printOverdue(db, monthEnd, mailbox.count()),
      });
      await printYearReport(db, YEAR);
      await printMailSummary(db);
      const historiesAt = process.argv.indexOf('--histories');
      if (historiesAt > 0) {
        const file = process.argv[historiesAt + 1];
        const count = await saveHistories(client, [...rowKeys, planKey, digestWorkflowId(TASK_QUEUE)], file);
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

/** What the year's mail came to: digests per person and day, against the mails one per step would have been. */
async function printMailSummary(db: Store): Promise<void> {
  const digests = await db.selectFrom('digests').select(['list', 'email', 'day']).where('state', '=', 'da-gui').execute();
  const items = await db.selectFrom('digest_items').select((eb) => eb.fn.countAll().as('n')).where('kind', 'not in', [...DIGEST_ONLY_KINDS]).executeTakeFirstOrThrow();
  out('\n== Thư trong năm ==');
  for (const [list, label] of [['tong-hop', 'Thư tổng hợp nhắc việc'], ['qua-han', 'Danh sách quá hạn gửi lãnh đạo']] as const) {
    const mine = digests.filter((d) => d.list === list);
    const perDay = new Map<string, number>();
    for (const d of mine) perDay.set(`${d.email}|${d.day}`, (perDay.get(`${d.email}|${d.day}`) ?? 0) + 1);
    out(`  ${label}: ${mine.length} thư cho ${new Set(mine.map((d) => d.email)).size} người, nhiều nhất ${Math.max(0, ...perDay.values())} thư một người một ngày`);
  }
  out(`  Nếu gửi từng thư cho mỗi lần nhắc như trước: ${Number(items.n)} thư`);
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
