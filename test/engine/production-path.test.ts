import { mkdtempSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
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
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { isoDateAt, toVietnameseDate } from '../../domain/dates';
import { DEFAULT_POLICY } from '../../domain/policy/reminders';

const root = join(__dirname, '..', '..');
const VP = 'vanphong@skhcn-angiang.example';
const PTCN = 'ptcn-cds@skhcn-angiang.example';
const key = (m: ParsedMail) => String(m.headers.get('x-dondoc-key'));

/**
 * This test runs at wall speed whenever CI does, and the sender runs by itself only from its hour (6 to 18) on a
 * working day in Asia/Ho_Chi_Minh. By day, the plan's policy sets an hour already past, so the first run comes 45 s
 * after the import. At night or on a day off the sender rightly waits for the next working morning, so the office
 * sends today's run by hand (`dondoc digest send`), as it would after a late import; the mails must be the same.
 */
function firstRun(now: number): { hour: number } | 'by-hand' {
  const local = DateTime.fromMillis(now, { zone: 'Asia/Ho_Chi_Minh' });
  if (!legalCalendar().isWorkingDay(isoDateAt(now)) || local.hour < 6) return 'by-hand';
  return { hour: Math.min(local.hour, 18) };
}

/** The test takes at most 4 minutes: started in the last 10 before midnight in Vietnam, it starts just after it. */
async function notAcrossMidnight(): Promise<void> {
  const local = DateTime.now().setZone('Asia/Ho_Chi_Minh');
  const toMidnight = local.endOf('day').toMillis() - local.toMillis();
  if (toMidnight > 10 * 60 * 1000) return;
  console.info(`[production-path] waiting ${Math.ceil(toMidnight / 1000)} s for midnight in Vietnam, so that the test runs within one day`);
  await new Promise((r) => setTimeout(r, toMidnight + 5_000));
}

/**
 * The production path end to end, as separate processes, on the real Temporal server (`temporal server start-dev`)
 * at wall speed: `dondoc plan import` from the CLI, the worker as `npm start` runs it, mailing a real SMTP server.
 * Its cache holds fewer rows than the plan has, so rows are evicted and rebuilt from their histories as they wake.
 * The sample plan's year is over, so the only news is the office returning evidence, in the unit's daily digest.
 */
describe('plan import, then the worker (npm start) on the Temporal dev server', () => {
  let temporal: StartedEnvironment;
  beforeAll(async () => {
    await notAcrossMidnight();
    temporal = await startDevEnvironment();
    console.info(`[production-path] Temporal server: ${temporal.server}`);
  }, 12 * 60 * 1000);
  afterAll(() => temporal?.env.teardown());

  it('turns every sample row into a running workflow that records itself, tells each head and leader once what was overdue at import while one full mailbox waits, and stops cleanly on SIGTERM', async () => {
    const smtp = await startLoopbackSmtp();
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-prod-'));
    const dbPath = join(dir, 'dondoc.sqlite');
    const first = firstRun(Date.now());
    console.info(`[production-path] first digest run: ${first === 'by-hand' ? 'by hand (night or day off in Asia/Ho_Chi_Minh)' : `by the sender's clock at ${first.hour}:00`}`);
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(first === 'by-hand' ? {} : { hour: first.hour }));
    // The first digests wait 45 s for the rows to record themselves (DONDOC_FIRST_DIGEST_DELAY_S; 2 minutes by default).
    const settings = { TEMPORAL_ADDRESS: temporal.env.address, TASK_QUEUE: 'dondoc-prod-path', DONDOC_DB_PATH: dbPath, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>', DONDOC_MAX_CACHED_WORKFLOWS: '40', DONDOC_FIRST_DIGEST_DELAY_S: '45' };
    let worker: WorkerProcess | undefined;
    try {
      // The 2025 sample imported today, a year after its deadlines: the first digests say what is overdue, once.
      const imported = { ...bufferIo(), env: settings };
      expect(await plan(['import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json'), '--policy', policyFile], imported)).toBe(0);
      expect(imported.stdout()).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');
      // It says when the first digests go: in 45 s by day; at night or on a day off, the next working morning.
      const firstSaid = /Thư tổng hợp đầu tiên sẽ gửi lúc (\d\d:\d\d) ngày (\d\d\/\d\d\/\d{4}), sau đó lúc (\d+) giờ mỗi ngày làm việc\.( Muốn gửi sớm hơn: dondoc digest send\.)?/.exec(imported.stdout());
      expect(firstSaid).not.toBeNull();
      if (first === 'by-hand') {
        expect(firstSaid![3]).toBe(String(DEFAULT_POLICY.hour));
      } else {
        expect([firstSaid![2], firstSaid![3], firstSaid![4]]).toEqual([toVietnameseDate(isoDateAt(Date.now())), String(first.hour), undefined]);
      }
      // Its continuous and event rows end at once, their year being over: the summary says how many and which.
      const ending = /Năm kế hoạch 2025 đã qua: (\d+) dòng việc thường xuyên hoặc theo sự kiện kết thúc ngay khi nhập và không được nhắc nữa \(mục ([^)]*)\)/.exec(imported.stdout());
      expect(ending).not.toBeNull();
      const endingCount = Number(ending![1]);
      expect(endingCount).toBeGreaterThan(40);
      expect(ending![2]).toContain('2.1, 2.2');
      // Imported again before any worker runs: its rows cannot be compared yet, so nothing changes and it says why.
      const early = { ...bufferIo(), env: settings };
      expect(await plan(['import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json')], early)).toBe(3);
      expect(early.stderr()).toContain('máy chủ nhắc việc đang không chạy');
      expect(early.stderr()).not.toMatch(/at .*\.ts:\d+/);
      // One head's mailbox is full when the first digests go out.
      smtp.recipientReplies.set(PTCN, '452 4.2.2 Mailbox full');

      worker = startWorkerProcess(settings);
      const db = await openStore({ sqlitePath: dbPath });
      try {
        const rows = await until('112 recorded rows', async () => {
          const n = Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
          return n === 112 ? n : undefined;
        }, 90_000);
        expect(rows).toBe(112);
        // Exactly those rows are recorded as ended, with the reason; the rows with deadlines stay followed.
        const ended = await until('the rows ended at import in the read model', async () => {
          const n = (await db.selectFrom('rows').select(['row_key', 'ended_reason']).where('ended_at', 'is not', null).execute());
          return n.length === endingCount ? n : undefined;
        }, 60_000);
        expect(ended.every((r) => r.ended_reason?.startsWith('Năm kế hoạch 2025 đã qua'))).toBe(true);
        const endedStatus = { ...bufferIo(), env: settings };
        expect(await task(['status', '16-KH-SKHCN-2025/10.5'], endedStatus)).toBe(0);
        expect(endedStatus.stdout()).toMatch(/Đã kết thúc theo dõi ngày \d\d\/\d\d\/\d{4}: Năm kế hoạch 2025 đã qua/);
        const refused = { ...bufferIo(), env: settings };
        expect(await task(['trigger', '16-KH-SKHCN-2025/10.5', '--van-ban', 'Công văn 1/VP'], refused)).toBe(1);
        expect(refused.stderr()).toMatch(/Nhiệm vụ 16-KH-SKHCN-2025\/10\.5 đã kết thúc ngày \d\d\/\d\d\/\d{4}, không nhận thêm thao tác\./);

        if (first === 'by-hand') {
          const byHand = { ...bufferIo(), env: settings };
          expect(await digest(['send'], byHand)).toBe(0);
          expect(byHand.stdout()).toMatch(/đã gửi [1-9]\d* thư/);
        }
        const office = await until('the office head\'s first digest', () => smtp.mails.find((m) => key(m).startsWith(`dondoc-tong-hop/${VP}/`)), 150_000);
        expect(office.subject).toMatch(/^\[Tổng hợp nhắc việc\] Ngày \d\d\/\d\d\/\d{4}: \d+ quá hạn/);
        expect(office.text).toContain('khi nhập kế hoạch');
        const leaderList = await until('a leader\'s overdue list', () => smtp.mails.find((m) => key(m).startsWith('dondoc-qua-han/pgd.nhung@skhcn-angiang.example/')), 30_000);
        expect(leaderList.text).toContain('khi nhập kế hoạch');
        // The full mailbox cost nobody else their digest, and its own waits, owed.
        expect(smtp.mails.filter((m) => key(m).startsWith(`dondoc-tong-hop/${PTCN}/`))).toEqual([]);
        const status = { ...bufferIo(), env: settings };
        expect(await digest(['status'], status)).toBe(0);
        expect(status.stdout()).toMatch(new RegExp(`<${PTCN}>  Tổng hợp nhắc việc  \\d+ việc  chờ gửi: Chưa gửi được thư \\(452\\)`));

        // The mailbox accepts again: the office sends today's run now, and the waiting digest goes out, once.
        smtp.recipientReplies.delete(PTCN);
        const sent = { ...bufferIo(), env: settings };
        expect(await digest(['send'], sent)).toBe(0);
        expect(sent.stdout()).toMatch(/đã gửi [1-9]\d* thư/);
        await until('the digest that waited', () => smtp.mails.find((m) => key(m).startsWith(`dondoc-tong-hop/${PTCN}/`)), 30_000);
        // A second run the same day sends nobody a second digest.
        const again = { ...bufferIo(), env: settings };
        expect(await digest(['send'], again)).toBe(0);
        expect(again.stdout()).toContain('đã gửi 0 thư');
        const keys = smtp.mails.map(key);
        expect(new Set(keys).size).toBe(keys.length);

        const io = () => ({ ...bufferIo(), env: settings });
        expect(await task(['submit', '16-KH-SKHCN-2025/2.6', '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', '27/08/2025'], io())).toBe(0);
        expect(await task(['review', '16-KH-SKHCN-2025/2.6', '--return', 'Thiếu phụ lục số liệu, đề nghị bổ sung'], io())).toBe(0);
        await until('the return in the read model', () => db.selectFrom('evidence').select('review_decision').where('row_key', '=', '16-KH-SKHCN-2025/2.6').where('review_decision', '=', 'return').executeTakeFirst(), 30_000);
      } finally {
        await db.destroy();
      }

      const status = { ...bufferIo(), env: settings };
      expect(await task(['status', '16-KH-SKHCN-2025/2.6'], status)).toBe(0);
      expect(status.stdout()).toContain('Lần thực hiện chính: hạn 04/09/2025  Đang thực hiện quá hạn  (minh chứng: 662/BC-SKHCN)');

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
