import { MockActivityEnvironment } from '@temporalio/testing';
import { createReadModelActivities } from '../../activities/read-model';
import type { Store } from '../../activities/store/database';
import { overdueOccurrences, periodOccurrences, periodReport } from '../../activities/store/read-model';
import { monthlyTrend, pendingEvidence, rowDetail, unitOccurrences } from '../../activities/store/web-pages';
import { findAccount, loadUnitsDirectory, saveAccount, saveUnitsDirectory } from '../../activities/store/accounts';
import { addDays, IsoDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { emptyCounts, PeriodReport, tally } from '../../domain/tracking/report';
import { NOTHING_RECORDED, rowChangeSince } from '../../domain/tracking/row-change';
import { Occurrence, RowState } from '../../domain/tracking/row-state';
import { occurrenceStatus } from '../../domain/tracking/status';
import { reportDay } from '../../domain/tracking/report-day';
import { rowSpec } from '../engine/support';
import { PLAN_2025, PLAN_2026, recordTwoPlans } from '../support/two-plans';

const UNITS = [
  { id: 'vp', name: 'Văn phòng Sở' },
  { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' },
  { id: 'ttdv', name: 'Trung tâm Dịch vụ khoa học và công nghệ' },
];

/** A seeded generator: the same states on every run and on both databases. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomOccurrence(rand: () => number, id: string): Occurrence {
  const effective = addDays('2099-03-01', Math.floor(rand() * 300));
  const opensOn = addDays(effective, -Math.floor(rand() * 40));
  const occ: Occurrence = { id, label: `kỳ ${id}`, opensOn, originalNominal: effective, nominal: effective, effective, role: 'deadline', extensions: [], evidence: [] };
  const fate = rand();
  const at = atLocalHour(addDays(effective, Math.floor(rand() * 10) - 5), 10);
  if (fate < 0.3) {
    occ.evidence.push({ id: 'mc-1', documentNumber: '1/BC-SKHCN', documentDate: effective, title: 'Báo cáo', files: [], submitter: { unitId: 'vp', name: 'A' }, submittedAt: at, review: { decision: 'accept', reviewer: 'Văn phòng Sở', at } });
    occ.outcome = rand() < 0.7 ? 'on-time' : 'late';
    occ.completedAt = at;
  } else if (fate < 0.4) {
    occ.evidence.push({ id: 'mc-1', documentNumber: '2/BC-SKHCN', documentDate: effective, title: 'Báo cáo', files: [{ name: 'bao-cao.pdf', sha256: 'a'.repeat(64), bytes: 1024, stored: `aa/${'a'.repeat(64)}/bao-cao.pdf` }], submitter: { unitId: 'vp', name: 'A' }, submittedAt: at });
  } else if (fate < 0.45) {
    occ.cancelled = { reason: 'Kế hoạch sửa đổi', at };
  }
  return occ;
}

export function randomStates(count: number, seed = 7): RowState[] {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const spec = { ...rowSpec(`${seed}.${i + 1}`, 'Hàng tháng', 'Báo cáo'), lead: UNITS[i % UNITS.length] };
    const occurrences = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, j) => randomOccurrence(rand, `k${j + 1}`));
    const messages = occurrences.map((o, j) => ({ key: `${spec.planKey}/${spec.where}/${o.id}/nhac-7`, kind: 'reminder' as const, occurrenceId: o.id, to: ['a@skhcn-angiang.example'], cc: [], subject: `[Nhắc việc] ${j}`, at: atLocalHour(addDays(o.effective, -7), 8), state: 'sent' as const, why: 'nhắc trước hạn 7 ngày làm việc' }));
    return { rowKey: `${spec.planKey}/${spec.where}`, spec, occurrences, messages, log: [{ at: atLocalHour('2099-03-05', 9), text: 'Bắt đầu theo dõi.' }], needsDeadline: false };
  });
}

/** The report the domain computes from the workflows' own state: the read model must say the same. */
function domainReport(states: Iterable<RowState>, from: IsoDate, to: IsoDate, asOfMs: number): PeriodReport {
  const report: PeriodReport = { byUnit: new Map(), total: emptyCounts() };
  for (const s of states) for (const o of s.occurrences) if (reportDay(s.spec.schedule, o) >= from && reportDay(s.spec.schedule, o) <= to) tally(report, s.spec.lead.name, occurrenceStatus(o, asOfMs));
  return report;
}

const sorted = (r: PeriodReport) => ({ total: r.total, byUnit: Object.fromEntries([...r.byUnit].sort(([a], [b]) => a.localeCompare(b))) });

async function count(db: Store, table: 'rows' | 'occurrences' | 'messages' | 'evidence' | 'events' | 'plans'): Promise<number> {
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** The same behaviour, asserted on SQLite and on PostgreSQL. */
export function readModelContract(open: () => Promise<Store>) {
  let db: Store;
  let record: (states: RowState[]) => Promise<void>;
  /** Every state recorded so far, as the workflows hold it: the read model must agree with it. */
  const recorded = new Set<RowState>();
  beforeAll(async () => {
    db = await open();
    const { recordRow } = createReadModelActivities(db);
    const env = new MockActivityEnvironment();
    record = async (states) => {
      for (const s of states) recorded.add(s);
      for (const s of states) await env.run(recordRow, rowChangeSince(s, NOTHING_RECORDED, atLocalHour('2099-03-05', 9))!.change);
    };
  });
  afterAll(() => db?.destroy());

  it('records rows with their occurrences, evidence, messages and log; recording again changes nothing', async () => {
    const states = randomStates(40, 1);
    await record(states);
    const counts = async () => Promise.all((['plans', 'rows', 'occurrences', 'messages', 'evidence', 'events'] as const).map((t) => count(db, t)));
    const first = await counts();
    const occurrences = states.reduce((n, s) => n + s.occurrences.length, 0);
    expect(first).toEqual([1, 40, occurrences, occurrences, states.reduce((n, s) => n + s.occurrences.reduce((m, o) => m + o.evidence.length, 0), 0), 40]);
    await record(states);
    expect(await counts()).toEqual(first);
  });

  it('updates an occurrence in place when evidence is reviewed, and ignores an older change retried late', async () => {
    const [state] = randomStates(1, 99);
    state.rowKey = `${state.spec.planKey}/99.9`;
    state.spec = { ...state.spec, where: '99.9' };
    const occ: Occurrence = { ...state.occurrences[0], outcome: undefined, cancelled: undefined, evidence: [] };
    state.occurrences = [occ];
    const { recordRow } = createReadModelActivities(db);
    const env = new MockActivityEnvironment();
    const t0 = atLocalHour('2099-04-01', 9);
    const first = rowChangeSince(state, NOTHING_RECORDED, t0)!;
    await env.run(recordRow, first.change);
    recorded.add(state);

    occ.evidence.push({ id: 'mc-1', documentNumber: '662/BC-SKHCN', documentDate: occ.effective, title: 'Báo cáo quý', files: [{ name: 'bc.pdf', sha256: 'b'.repeat(64), bytes: 2048, stored: `bb/${'b'.repeat(64)}/bc.pdf` }], submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' }, submittedAt: t0 + 3600_000 });
    occ.evidence[0].review = { decision: 'return', reason: 'Thiếu phụ lục số liệu', reviewer: 'Văn phòng Sở', at: t0 + 7200_000 };
    state.log.push({ at: t0 + 7200_000, text: 'Văn phòng Sở trả lại minh chứng 662/BC-SKHCN: Thiếu phụ lục số liệu' });
    state.spec = { ...state.spec, lead: UNITS[1] };
    const second = rowChangeSince(state, first.mark, t0 + 7200_000)!;
    expect(second.change.log.map((l) => l.seq)).toEqual([1]);
    await env.run(recordRow, second.change);
    expect(rowChangeSince(state, second.mark, t0 + 7300_000)).toBeNull();

    // The first change arrives again (a retry after a lost reply): the newer row stays.
    await env.run(recordRow, first.change);
    const row = await db.selectFrom('rows').selectAll().where('row_key', '=', state.rowKey).executeTakeFirstOrThrow();
    expect(row.lead_name).toBe(UNITS[1].name);
    const evidence = await db.selectFrom('evidence').selectAll().where('row_key', '=', state.rowKey).execute();
    expect(evidence).toEqual([expect.objectContaining({ document_number: '662/BC-SKHCN', review_decision: 'return', review_reason: 'Thiếu phụ lục số liệu', files: JSON.stringify([{ name: 'bc.pdf', sha256: 'b'.repeat(64), bytes: 2048, stored: `bb/${'b'.repeat(64)}/bc.pdf` }]), submitted_at: t0 + 3600_000 })]);
    const events = await db.selectFrom('events').select(['seq', 'text']).where('row_key', '=', state.rowKey).orderBy('seq').execute();
    expect(events.map((e) => e.seq)).toEqual([0, 1]);
  });

  it('counts statuses and lists overdue occurrences exactly as the domain does, at any date', async () => {
    const states = randomStates(60, 2024);
    await record(states);
    for (let d = 0; d <= 330; d += 15) {
      const asOfMs = atLocalHour(addDays('2099-02-20', d), 17);
      for (const [from, to] of [['2099-01-01', '2099-12-31'], ['2099-04-01', '2099-06-30']] as [IsoDate, IsoDate][]) {
        expect(sorted(await periodReport(db, from, to, asOfMs))).toEqual(sorted(domainReport(recorded, from, to, asOfMs)));
        const lines = await periodOccurrences(db, from, to, asOfMs);
        expect(lines).toHaveLength(domainReport(recorded, from, to, asOfMs).total.giao);
      }
      const overdue = await overdueOccurrences(db, asOfMs);
      const expectedOverdue = [...recorded].flatMap((s) => s.occurrences.filter((o) => occurrenceStatus(o, asOfMs) === 'dang-thuc-hien-qua-han').map((o) => `${s.rowKey}#${o.id}`));
      expect(overdue.map((o) => `${o.rowKey}#${o.occurrenceId}`).sort()).toEqual(expectedOverdue.sort());
    }
  });

  it('shows the last reminder sent before the as-of date, and filters by unit', async () => {
    const asOfMs = atLocalHour('2099-12-31', 17);
    const list = await overdueOccurrences(db, asOfMs, 'ttdv');
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) {
      expect(item.unitId).toBe('ttdv');
      expect(item.lastMessageAt).toBe(atLocalHour(addDays(item.effective, -7), 8));
    }
    // Longest overdue first.
    expect(list.map((i) => i.effective)).toEqual([...list.map((i) => i.effective)].sort());
  });

  it("answers the web app's lists with the domain's statuses: a unit's occurrences, the review queue, the monthly trend, a row", async () => {
    const states = randomStates(30, 4242);
    await record(states);
    const mine = new Set(states.map((s) => s.rowKey));
    const asOfMs = atLocalHour('2099-07-01', 17);
    const status = (s: RowState, o: Occurrence) => occurrenceStatus(o, asOfMs);
    const lines = (await unitOccurrences(db, asOfMs, 'ptcn')).filter((l) => mine.has(l.rowKey));
    const expected = states.filter((s) => s.spec.lead.id === 'ptcn').flatMap((s) => s.occurrences.filter((o) => !o.cancelled).map((o) => `${s.rowKey}#${o.id}#${status(s, o)}`));
    expect(lines.map((l) => `${l.rowKey}#${l.occurrenceId}#${l.status}`).sort()).toEqual(expected.sort());
    const queue = (await pendingEvidence(db)).filter((e) => mine.has(e.rowKey));
    const waiting = states.flatMap((s) => s.occurrences.filter((o) => !o.cancelled && !o.outcome).flatMap((o) => o.evidence.filter((e) => !e.review).map((e) => `${s.rowKey}#${o.id}#${e.id}`)));
    expect(queue.map((e) => `${e.rowKey}#${e.occurrenceId}#${e.evidenceId}`).sort()).toEqual(waiting.sort());
    expect(queue.every((e, i) => i === 0 || queue[i - 1].submittedAt <= e.submittedAt)).toBe(true);
    const trend = await monthlyTrend(db, '2099-01-01', '2099-12-31', asOfMs);
    const everything = [...recorded].flatMap((s) => s.occurrences.map((o) => ({ month: o.effective.slice(0, 7), st: status(s, o) })));
    for (const m of trend) {
      expect(m.completed).toBe(everything.filter((x) => x.month === m.month && (x.st === 'hoan-thanh-dung-han' || x.st === 'hoan-thanh-qua-han')).length);
      expect(m.overdue).toBe(everything.filter((x) => x.month === m.month && x.st === 'dang-thuc-hien-qua-han').length);
    }
    const detail = (await rowDetail(db, states[0].rowKey, asOfMs))!;
    expect(detail.row).toMatchObject({ rowKey: states[0].rowKey, leadId: states[0].spec.lead.id, planNumber: '16/KH-SKHCN' });
    expect(detail.occurrences.map((o) => `${o.occurrenceId}#${o.status}`).sort()).toEqual(states[0].occurrences.map((o) => `${o.id}#${status(states[0], o)}`).sort());
    expect(detail.events).toEqual([{ at: atLocalHour('2099-03-05', 9), text: 'Bắt đầu theo dõi.' }]);
    expect(await rowDetail(db, 'khong-co/1.1', asOfMs)).toBeNull();
  });

  it('keeps web accounts and every version of the units directory', async () => {
    await saveAccount(db, { email: 'A@skhcn-angiang.example', name: 'Người thử', role: 'don-vi', unitId: 'vp', passwordHash: 'scrypt$1$1$1$a$b' }, 1);
    await saveAccount(db, { email: 'a@skhcn-angiang.example', name: 'Người thử', role: 'lanh-dao', unitId: 'gd', passwordHash: 'scrypt$1$1$1$c$d' }, 2);
    expect(await findAccount(db, ' A@SKHCN-angiang.example ')).toEqual({ email: 'a@skhcn-angiang.example', name: 'Người thử', role: 'lanh-dao', unitId: 'gd', passwordHash: 'scrypt$1$1$1$c$d' });
    expect(await loadUnitsDirectory(db)).toBeNull();
    const directory = { organization: 'Sở KH&CN', leaders: [{ id: 'gd', title: 'Giám đốc', name: 'A', email: 'gd@skhcn-angiang.example', channel: 'email' as const }], units: [{ id: 'vp', name: 'Văn phòng Sở', aliases: [], office: true, head: { name: 'B', email: 'vp@skhcn-angiang.example', channel: 'email' as const }, leader: 'gd' }] };
    await saveUnitsDirectory(db, directory, 'lần 1', 1);
    await saveUnitsDirectory(db, { ...directory, organization: 'Sở Khoa học và Công nghệ' }, 'lần 2', 2);
    expect((await loadUnitsDirectory(db))?.organization).toBe('Sở Khoa học và Công nghệ');
  });

  it('counts and lists one plan when asked, though another plan has the same row numbers', async () => {
    await recordTwoPlans(db);
    const asOf = atLocalHour('2026-05-15', 17);
    for (const [plan, year] of [[PLAN_2025, '2025'], [PLAN_2026, '2026']] as const) {
      expect((await periodReport(db, '2025-01-01', '2026-12-31', asOf, plan)).total).toMatchObject({ giao: 4, 'dang-thuc-hien-qua-han': 3, 'cho-xac-nhan': 1 });
      const lines = await periodOccurrences(db, '2025-01-01', '2026-12-31', asOf, plan);
      expect(lines.map((l) => l.rowKey).sort()).toEqual([`${plan}/1.2`, `${plan}/1.3`, `${plan}/3.4`, `${plan}/5.11`]);
      expect(await monthlyTrend(db, '2025-01-01', '2026-12-31', asOf, plan)).toEqual([
        { month: `${year}-03`, completed: 0, overdue: 1 },
        { month: `${year}-04`, completed: 0, overdue: 2 },
      ]);
    }
    expect((await periodReport(db, '2025-01-01', '2026-12-31', asOf)).total.giao).toBe(8);
  });
}
