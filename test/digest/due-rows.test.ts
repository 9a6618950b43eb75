import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createDigestActivities } from '../../activities/digests';
import { createNotificationActivities } from '../../activities/notifications';
import { openStore, Store } from '../../activities/store/database';
import { dueDigestRows, settleNextDue } from '../../activities/store/digest-rows';
import { recordRowChange } from '../../activities/store/read-model';
import { sentLedger } from '../../activities/store/sent-ledger';
import { postgresUnavailable, startTestPostgres } from '../support/postgres';
import { rowCalendar } from '../../domain/calendar/snapshot';
import { IsoDate, isoDateAt } from '../../domain/dates';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { atLocalHour, DEFAULT_POLICY } from '../../domain/policy/reminders';
import { NOTHING_RECORDED, rowChangeSince } from '../../domain/tracking/row-change';
import { newRowState } from '../../workflows/row-entity';

/**
 * The daily digest run reads only the rows that owe something by its horizon (their next-due instant in the read
 * model), yet a row whose first step comes months later is picked up on that day. A row the run must not read has its
 * recorded source made unreadable: reading it would fail the run.
 */
const head = { name: 'Nguyễn Thị Thu Hà', email: 'vanphong@skhcn-angiang.example' };
const leader = { name: 'Lê Thị Hồng Nhung', email: 'pgd.nhung@skhcn-angiang.example' };
const office = { name: 'Văn phòng Sở', email: 'kiemsoat-tthc@skhcn-angiang.example' };
const FROM = atLocalHour('2035-03-05', 9);

function recorded(where: string, deadline: string, at: number, lead = { id: 'vp', name: 'Văn phòng Sở', head }) {
  const spec = {
    planKey: '16-KH-SKHCN-2035',
    plan: { number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC', date: '2035-03-05' as IsoDate, year: 2035 },
    where,
    content: `Nhiệm vụ ${where}`,
    lead: { id: lead.id, name: lead.name },
    coordinating: [],
    deadlineText: deadline,
    expectedOutput: 'Báo cáo',
    evidenceType: 'BC',
    schedule: parseDeadline({ text: deadline, year: 2035, planStart: '2035-03-05' }),
  };
  const state = { ...newRowState(spec, rowCalendar(2035)), notices: [] };
  const digest = { contacts: { head: lead.head, leader, office, coordinating: [] }, policy: DEFAULT_POLICY, calendar: state.calendar, from: FROM, notices: [] };
  return rowChangeSince(state, NOTHING_RECORDED, at, digest)!.change;
}

let db: Store;
let close: () => Promise<void>;

// The SQL runs on both databases the read model supports; PostgreSQL when Debian's server is installed (CI has it).
const missing = postgresUnavailable();
if (missing && process.env.DONDOC_REQUIRE_POSTGRES === '1') throw new Error(missing);
const STORES: [string, () => Promise<{ db: Store; close: () => Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dondoc-due-rows-'));
      const store = await openStore({ sqlitePath: join(dir, 'dondoc.sqlite') });
      return { db: store, close: async () => (await store.destroy(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];
if (!missing) {
  STORES.push([
    'PostgreSQL',
    async () => {
      const pg = await startTestPostgres();
      const store = await openStore({ databaseUrl: pg.url, sqlitePath: 'unused' });
      return { db: store, close: async () => (await store.destroy(), await pg.stop()) };
    },
  ]);
}

const nextDue = async (rowKey: string) => Number((await db.selectFrom('digest_rows').select('next_due').where('row_key', '=', rowKey).executeTakeFirstOrThrow()).next_due);
const itemsOf = async (rowKey: string) => (await db.selectFrom('digest_items').select('step').where('row_key', '=', rowKey).execute()).map((i) => i.step);

function sender() {
  const mailer = nodemailer.createTransport({ jsonTransport: true });
  const notifications = createNotificationActivities(mailer, sentLedger(db), 'dondoc@skhcn-angiang.example');
  return createDigestActivities(db, (m) => notifications.sendMessage(m));
}

describe.each(STORES)('the daily digest run reads only rows with something due (%s)', (_, open) => {
  beforeEach(async () => ({ db, close } = await open()), 60_000);
  afterEach(() => close());

  it('leaves a row owing nothing unread, moves a claimed row to its next step, and picks the later row up on its day', async () => {
    // Due in March 2035 (first reminder Thursday 22/03) and, for another unit, in April 2035 (effective Wednesday
    // 02/05, first reminder Thursday 19/04): each owes its first reminder, nothing before, and may take it a few days
    // early in a digest that goes out anyway.
    const march = recorded('1.1', 'Tháng 03/2035', FROM);
    const april = recorded('1.2', 'Tháng 04/2035', FROM, { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số', head: { name: 'Trần Văn Bình', email: 'ptcn-cds@skhcn-angiang.example' } });
    await recordRowChange(db, march);
    await recordRowChange(db, april);
    const marchDue = await nextDue(march.rowKey);
    const aprilDue = await nextDue(april.rowKey);
    expect(isoDateAt(marchDue) > '2035-03-12' && isoDateAt(marchDue) <= '2035-03-22').toBe(true);
    expect(isoDateAt(aprilDue) > '2035-04-09' && isoDateAt(aprilDue) <= '2035-04-19').toBe(true);
    // A run whose horizon ends before the first of them reads no row at all.
    expect(await dueDigestRows(db, marchDue - 1)).toEqual([]);

    const { sendDigests } = sender();
    const run = (day: IsoDate) => sendDigests({ day, cutoff: atLocalHour(day, 8) });
    await db.updateTable('digest_rows').set({ source: 'không phải JSON' }).where('row_key', '=', april.rowKey).execute();
    expect(await run('2035-03-22')).toMatchObject({ workingDay: true, claimed: 1, sent: 1 });
    expect(await itemsOf(march.rowKey)).toEqual(['nhac-7']);
    // Claimed: the row now waits for its next reminder.
    expect(await nextDue(march.rowKey)).toBeGreaterThan(atLocalHour('2035-03-22', 8));

    // The April row is recorded again (its source readable) and keeps its instant; on 19/04 the run picks it up.
    await recordRowChange(db, { ...april, at: atLocalHour('2035-03-20', 9) });
    expect(await nextDue(april.rowKey)).toBe(aprilDue);
    await run('2035-04-19');
    expect(await itemsOf(april.rowKey)).toEqual(['nhac-7']);
    expect(await nextDue(april.rowKey)).toBeGreaterThan(atLocalHour('2035-04-19', 8));
  });

  it('keeps the instant a newer recording wrote when the run settles an older copy of the row', async () => {
    const march = recorded('1.1', 'Tháng 03/2035', FROM);
    await recordRowChange(db, march);
    const [stale] = await dueDigestRows(db, atLocalHour('2035-03-23', 0));
    expect(await sender().sendDigests({ day: '2035-03-22', cutoff: atLocalHour('2035-03-22', 8) })).toMatchObject({ claimed: 1 });
    // Meanwhile the row records a returned evidence notice owed at once: the run's copy of the row knows nothing of it.
    const notice = { key: `${march.rowKey}/chinh/tra-lai-mc-1`, kind: 'evidence-returned' as const, occurrenceId: 'chinh', at: atLocalHour('2035-03-22', 10), detail: 'Thiếu chữ ký' };
    await recordRowChange(db, { ...march, at: notice.at, digest: { ...march.digest!, notices: [notice] } });
    expect(await nextDue(march.rowKey)).toBe(notice.at);
    await settleNextDue(db, [{ record: stale, source: JSON.parse(stale.source) }], atLocalHour('2035-03-22', 11), '2035-03-22');
    expect(await nextDue(march.rowKey)).toBe(notice.at);
    // The run's own copy, settled, would have moved the row past the notice.
    await db.updateTable('digest_rows').set({ recorded_at: stale.recorded_at }).where('row_key', '=', march.rowKey).execute();
    await settleNextDue(db, [{ record: stale, source: JSON.parse(stale.source) }], atLocalHour('2035-03-22', 11), '2035-03-22');
    expect(await nextDue(march.rowKey)).toBeGreaterThan(notice.at);
  });
});
