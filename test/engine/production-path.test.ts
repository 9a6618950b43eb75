import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../activities/store/database';
import { run as plan } from '../../client/commands/plan';
import { run as digest } from '../../client/commands/digest';
import { run as task } from '../../client/commands/task';
import { StartedEnvironment, startDevEnvironment } from '../../worker/temporal-servers';
import { bufferIo } from '../support/io';
import { startWorkerProcess, WorkerProcess } from '../support/processes';
import { until } from '../support/until';
import { startLoopbackSmtp } from '../support/smtp';

const root = join(__dirname, '..', '..');

/**
 * The production path end to end, as separate processes, on the real Temporal server (`temporal server start-dev`)
 * at wall speed: `dondoc plan import` from the CLI, the worker as `npm start` runs it, mailing a real SMTP server.
 * Its cache holds fewer rows than the plan has, so rows are evicted and rebuilt from their histories as they wake.
 * The sample plan's year is over, so the only news is the office returning evidence, in the unit's daily digest.
 */
describe('plan import, then the worker (npm start) on the Temporal dev server', () => {
  let temporal: StartedEnvironment;
  beforeAll(async () => {
    temporal = await startDevEnvironment();
    console.info(`[production-path] Temporal server: ${temporal.server}`);
  });
  afterAll(() => temporal?.env.teardown());

  it('turns every sample row into a running workflow that records itself, mails the returned evidence once in a digest, and stops cleanly on SIGTERM', async () => {
    const smtp = await startLoopbackSmtp();
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dondoc-prod-')), 'dondoc.sqlite');
    const settings = { TEMPORAL_ADDRESS: temporal.env.address, TASK_QUEUE: 'dondoc-prod-path', DONDOC_DB_PATH: dbPath, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>', DONDOC_MAX_CACHED_WORKFLOWS: '40' };
    let worker: WorkerProcess | undefined;
    try {
      const imported = { ...bufferIo(), env: settings };
      expect(await plan(['import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json')], imported)).toBe(0);
      expect(imported.stdout()).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');

      worker = startWorkerProcess(settings);
      const db = await openStore({ sqlitePath: dbPath });
      try {
        const rows = await until('112 recorded rows', async () => {
          const n = Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
          return n === 112 ? n : undefined;
        }, 90_000);
        expect(rows).toBe(112);

        const io = () => ({ ...bufferIo(), env: settings });
        expect(await task(['submit', '16-KH-SKHCN-2025/2.6', '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', '27/08/2025'], io())).toBe(0);
        expect(await task(['review', '16-KH-SKHCN-2025/2.6', '--return', 'Thiếu phụ lục số liệu, đề nghị bổ sung'], io())).toBe(0);
        // The return reaches the unit in its daily digest; the office sends today's now rather than wait for 08:00.
        await until('the return in the read model', () => db.selectFrom('evidence').select('review_decision').where('row_key', '=', '16-KH-SKHCN-2025/2.6').where('review_decision', '=', 'return').executeTakeFirst(), 30_000);
        const sent = io();
        expect(await digest(['send'], sent)).toBe(0);
        expect(sent.stdout()).toContain('thêm 1 việc, đã gửi 1 thư');
        const returned = await until('the digest with the returned evidence', () => smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).startsWith('dondoc-tong-hop/vanphong@skhcn-angiang.example/')), 30_000);
        expect(returned.subject).toMatch(/^\[Tổng hợp nhắc việc\] Ngày \d\d\/\d\d\/\d{4}: 1 minh chứng bị trả lại$/);
        expect(returned.text).toContain('Mục 2.6: Tổ chức thực hiện kế hoạch rà soát');
        expect(returned.text).toContain('Lý do trả lại: Thiếu phụ lục số liệu, đề nghị bổ sung');
        await until('the item in the read model', async () => db.selectFrom('messages').select('message_key').where('message_key', 'like', '16-KH-SKHCN-2025/2.6/chinh/tra-lai-%').executeTakeFirst(), 30_000);
        // A second run the same day sends nobody a second digest.
        const again = io();
        expect(await digest(['send'], again)).toBe(0);
        expect(again.stdout()).toContain('đã gửi 0 thư');
        const keys = smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
        expect(new Set(keys).size).toBe(keys.length);
      } finally {
        await db.destroy();
      }

      const status = { ...bufferIo(), env: settings };
      expect(await task(['status', '16-KH-SKHCN-2025/2.6'], status)).toBe(0);
      expect(status.stdout()).toContain('chinh     hạn 04/09/2025  Đang thực hiện quá hạn  (minh chứng: 662/BC-SKHCN)');

      worker.process.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.stderr()).toContain(`cơ sở dữ liệu SQLite ${dbPath}`);
      worker = undefined;
    } finally {
      worker?.process.kill('SIGKILL');
      await smtp.close();
    }
  }, 240_000);
});
