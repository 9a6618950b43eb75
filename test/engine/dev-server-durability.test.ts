import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { planToXlsx } from '../../activities/plan-files/write-plan';
import { openStore, Store } from '../../activities/store/database';
import { shiftPlanYears } from '../../domain/plan/shift-year';
import { run as plan } from '../../client/commands/plan';
import { run as digest } from '../../client/commands/digest';
import { run as task } from '../../client/commands/task';
import { DevServerProcess, spawnDevServer } from '../../worker/temporal-servers';
import { bufferIo } from '../support/io';
import { startWorkerProcess, WorkerProcess } from '../support/processes';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { replayWorkflows } from '../support/replay';
import { until } from '../support/until';
import { digestWorkflowId } from '../../workflows/digest';
import { engineBundle } from './support';
import { freeLoopbackPort } from '../../worker/loopback-ports';
import { yearAt } from '../../domain/dates';

/**
 * What only a real server can show, on `temporal server start-dev` with its SQLite file, at wall speed, with the CLI
 * and `npm start`'s worker as separate processes: the server killed with SIGKILL and started again on the same file,
 * and two workers sharing the task queue when one of them is killed. The sample plan is issued for next year, so its
 * event rows are open; the news a row has at once is the office returning evidence, which reaches the unit in its
 * daily digest (sent at once with `dondoc digest send`), and every mail is counted by its idempotency key.
 */
const root = join(__dirname, '..', '..');
const sampleUnits = join(root, 'samples', 'units.json');
const YEAR = yearAt(Date.now()) + 1;
const key = (where: string) => `16-KH-SKHCN-${YEAR}/${where}`;
let samplePlan: string;

beforeAll(async () => {
  const sample = await readPlanFile(join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
  samplePlan = join(mkdtempSync(join(tmpdir(), 'dondoc-plan-')), `ke-hoach-16-KH-SKHCN-${YEAR}.xlsx`);
  writeFileSync(samplePlan, await planToXlsx(shiftPlanYears(sample, YEAR - sample.plan.year)));
});

const OFFICE_DIGEST = 'dondoc-tong-hop/vanphong@skhcn-angiang.example/';

/** The digest reads the read model: wait until the rows have recorded the office's returns. */
async function returnRecorded(o: Office, rows: string[]): Promise<void> {
  for (const where of rows) {
    await until(`the return of ${where} in the read model`, () => o.db.selectFrom('evidence').select('review_decision').where('row_key', '=', key(where)).where('review_decision', '=', 'return').executeTakeFirst(), 60_000);
  }
}

const recordedRows = async (db: Store) => Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const keysOf = (smtp: LoopbackSmtp) => smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));

interface Office {
  settings: Record<string, string>;
  smtp: LoopbackSmtp;
  db: Store;
  cli(command: typeof plan, args: string[]): Promise<{ code: number; out: string }>;
}

async function office(address: string, taskQueue: string): Promise<Office> {
  const smtp = await startLoopbackSmtp();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dondoc-durable-')), 'dondoc.sqlite');
  const settings = { TEMPORAL_ADDRESS: address, TASK_QUEUE: taskQueue, DONDOC_DB_PATH: dbPath, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>' };
  const db = await openStore({ sqlitePath: dbPath });
  return {
    settings,
    smtp,
    db,
    cli: async (command, args) => {
      const io = { ...bufferIo(), env: settings };
      const code = await command(args, io);
      return { code, out: io.stdout() + io.stderr() };
    },
  };
}

describe('durability on the Temporal dev server', () => {
  it('survives kill -9 of the server: the worker reconnects by itself, nothing is lost, the next mail goes out once, a re-import finds every row unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-temporal-'));
    const dbFilename = join(dir, 'temporal.sqlite');
    const port = await freeLoopbackPort();
    let server: DevServerProcess | undefined = await spawnDevServer({ dbFilename, port, headless: true });
    console.info(`[dev-server-durability] Temporal server: temporal server start-dev on ${server.address}, ${dbFilename}`);
    const o = await office(server.address, 'dondoc-durable');
    let worker: WorkerProcess | undefined;
    try {
      expect((await o.cli(plan, ['import', samplePlan, '--units', sampleUnits])).out).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');
      worker = startWorkerProcess(o.settings);
      await until('112 recorded rows', async () => (await recordedRows(o.db)) === 112, 90_000);
      expect((await o.cli(task, ['submit', key('2.6'), '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', `27/08/${YEAR}`])).code).toBe(0);
      const opened = await o.cli(task, ['trigger', key('2.7'), '--van-ban', `Công văn 215/VPUBND-KSTT ngày 10/4/${YEAR}`, '--ngay', `10/04/${YEAR}`, '--han', `25/04/${YEAR}`]);
      expect(opened.out).toContain(`Đã mở lần 1 theo Công văn 215/VPUBND-KSTT ngày 10/4/${YEAR}.`);

      server.process.kill('SIGKILL');
      expect(await server.exited).toBeNull();
      server = await spawnDevServer({ dbFilename, port, headless: true });

      // The worker was never restarted: it reconnects to the server on its own.
      expect((await o.cli(task, ['status', key('2.6')])).out).toContain('(minh chứng: 662/BC-SKHCN)');
      expect((await o.cli(task, ['status', key('2.7')])).out).toContain('Lần 1 theo Công văn 215/VPUBND-KSTT');
      expect((await o.cli(task, ['review', key('2.6'), '--return', 'Thiếu phụ lục số liệu, đề nghị bổ sung'])).code).toBe(0);
      await returnRecorded(o, ['2.6']);
      expect((await o.cli(digest, ['send'])).out).toContain('thêm 1 việc, đã gửi 1 thư');
      const mail = await until('the digest with the returned evidence', () => o.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).startsWith(OFFICE_DIGEST)), 60_000);
      expect(mail.text).toContain('Lý do trả lại: Thiếu phụ lục số liệu, đề nghị bổ sung');
      // Give a duplicate every chance to arrive before counting.
      await new Promise((r) => setTimeout(r, 3000));
      expect(keysOf(o.smtp).filter((k) => k.startsWith(OFFICE_DIGEST))).toHaveLength(1);
      expect(new Set(keysOf(o.smtp)).size).toBe(o.smtp.mails.length);

      expect((await o.cli(plan, ['import', samplePlan, '--units', sampleUnits])).out).toContain('Đã khởi tạo 0, cập nhật 0, không đổi 112, huỷ 0');
      // Every history the real server kept across the kill replays against the current workflow code.
      const connection = await Connection.connect({ address: server.address });
      try {
        const rows = (await o.db.selectFrom('rows').select('row_key').execute()).map((r) => r.row_key);
        expect(await replayWorkflows(new Client({ connection }), await engineBundle(), [...rows, digestWorkflowId('dondoc-durable')])).toBe(114);
      } finally {
        await connection.close();
      }
      worker.process.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      worker = undefined;
    } finally {
      worker?.process.kill('SIGKILL');
      server?.process.kill('SIGKILL');
      await o.smtp.close();
      await o.db.destroy();
    }
  }, 240_000);

  it('keeps every row going on the second of two workers when the first is killed, and sends no mail twice', async () => {
    const server = await spawnDevServer({ dbFilename: join(mkdtempSync(join(tmpdir(), 'dondoc-temporal-')), 'temporal.sqlite'), port: await freeLoopbackPort(), headless: true });
    console.info(`[dev-server-durability] Temporal server: temporal server start-dev on ${server.address}`);
    const o = await office(server.address, 'dondoc-two-workers');
    const workers = [startWorkerProcess(o.settings), startWorkerProcess(o.settings)];
    try {
      expect((await o.cli(plan, ['import', samplePlan, '--units', sampleUnits])).out).toContain('Đã khởi tạo 112');
      // Kill the first worker while the rows are still being taken up.
      await until('the first recorded rows', async () => (await recordedRows(o.db)) >= 5, 90_000);
      workers[0].process.kill('SIGKILL');
      await workers[0].exited;
      await until('112 recorded rows on the surviving worker', async () => (await recordedRows(o.db)) === 112, 120_000);

      // Each row's expected output decides the document type its evidence must be.
      const evidence: Record<string, string> = { '2.6': '71/BC-SKHCN', '1.1': '72/KH-SKHCN', '5.2': '73/SKHCN-VP' };
      const rows = Object.keys(evidence);
      for (const where of rows) {
        const id = key(where);
        const submitted = await o.cli(task, ['submit', id, '--don-vi', 'vp', '--so', evidence[where], '--ngay', `20/12/${YEAR}`]);
        expect(submitted).toMatchObject({ code: 0 });
        expect((await o.cli(task, ['review', id, '--return', 'Chưa đúng mẫu, đề nghị bổ sung'])).code).toBe(0);
      }
      await returnRecorded(o, rows);
      expect((await o.cli(digest, ['send'])).out).toContain('thêm 3 việc, đã gửi 1 thư');
      const mail = await until('the digest with the three returns', () => o.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).startsWith(OFFICE_DIGEST)), 60_000);
      expect(mail.subject).toContain('3 minh chứng bị trả lại');
      for (const where of rows) expect(mail.text).toContain(`Mục ${where}: `);
      await new Promise((r) => setTimeout(r, 3000));
      expect(new Set(keysOf(o.smtp)).size).toBe(o.smtp.mails.length);
      workers[1].process.kill('SIGTERM');
      expect(await workers[1].exited).toBe(0);
    } finally {
      for (const w of workers) w.process.kill('SIGKILL');
      server.process.kill('SIGKILL');
      await o.smtp.close();
      await o.db.destroy();
    }
  }, 300_000);
});
