/**
 * The digest sender's daily run at scale: BENCH_DIGEST_ROWS rows (default 1,000 and 10,000) of monthly deadlines,
 * each recorded in digest mode on a SQLite file, 6 unit heads, 2 leaders, one coordinating unit per row; then the
 * activity's runs for six working days in March, mail to nodemailer's JSON transport (no SMTP: the figure is
 * the claim, the render and the ledger). Prints figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createDigestActivities } from '../activities/digests';
import { createNotificationActivities } from '../activities/notifications';
import { openStore } from '../activities/store/database';
import { dueDigestRows } from '../activities/store/digest-rows';
import { recordRowChange } from '../activities/store/read-model';
import { sentLedger } from '../activities/store/sent-ledger';
import { rowCalendar } from '../domain/calendar/snapshot';
import { addDays, IsoDate } from '../domain/dates';
import { parseDeadline } from '../domain/deadline/parse-deadline';
import { atLocalHour, DEFAULT_POLICY } from '../domain/policy/reminders';
import { NOTHING_RECORDED, rowChangeSince } from '../domain/tracking/row-change';
import { RowState } from '../domain/tracking/row-state';
import { newRowState } from '../workflows/row-entity';

const YEAR = 2027;
const HEADS = ['vp', 'ptcn', 'qlcn', 'ttdv', 'ttkd', 'ttud'].map((id) => ({ id, name: `Đơn vị ${id}`, email: `${id}@skhcn.example` }));
const LEADERS = [{ name: 'Phó Giám đốc 1', email: 'pgd1@skhcn.example' }, { name: 'Phó Giám đốc 2', email: 'pgd2@skhcn.example' }];
const out = (line: string) => process.stdout.write(`${line}\n`);

function row(i: number): RowState {
  const lead = HEADS[i % HEADS.length];
  const deadline = `Ngày ${String((i % 25) + 1).padStart(2, '0')} hàng tháng`;
  const spec = {
    planKey: `99-KH-BENCH-${YEAR}`,
    plan: { number: '99/KH-BENCH', title: 'Kế hoạch thử tải', date: `${YEAR}-03-05` as IsoDate, year: YEAR },
    where: `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`,
    content: `Nhiệm vụ thử ${i + 1}`,
    lead: { id: lead.id, name: lead.name },
    coordinating: [{ id: HEADS[(i + 1) % HEADS.length].id, name: HEADS[(i + 1) % HEADS.length].name }],
    deadlineText: deadline,
    expectedOutput: 'Báo cáo',
    evidenceType: 'BC',
    schedule: parseDeadline({ text: deadline, year: YEAR, planStart: `${YEAR}-03-05` }),
  };
  return { ...newRowState(spec, rowCalendar(YEAR)), digest: { from: atLocalHour(`${YEAR}-03-05`, 7) }, notices: [] };
}

export interface DigestRunFigures {
  rows: number;
  recordSeconds: number;
  runs: { day: IsoDate; rowsRead: number; claimed: number; sent: number; seconds: number }[];
}

/** Records `rows` rows in digest mode, then runs the sender on a few working days; the figures of each run. */
export async function measureDigestRuns(rows: number): Promise<DigestRunFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-digests-'));
  const db = await openStore({ sqlitePath: join(dir, 'dondoc.sqlite') });
  try {
    let t = Date.now();
    for (let i = 0; i < rows; i++) {
      const state = row(i);
      const coordinating = HEADS[(i + 1) % HEADS.length];
      const digest = { contacts: { head: HEADS[i % HEADS.length], leader: LEADERS[i % 2], office: HEADS[0], coordinating: [coordinating] }, policy: DEFAULT_POLICY, calendar: state.calendar, from: state.digest!.from, notices: [] };
      await recordRowChange(db, rowChangeSince(state, NOTHING_RECORDED, atLocalHour(`${YEAR}-03-05`, 7), digest)!.change);
    }
    const figures: DigestRunFigures = { rows, recordSeconds: Number(((Date.now() - t) / 1000).toFixed(1)), runs: [] };
    const mailer = nodemailer.createTransport({ jsonTransport: true });
    const notifications = createNotificationActivities(mailer, sentLedger(db), 'bench@skhcn.example');
    const { sendDigests } = createDigestActivities(db, (m) => notifications.sendMessage(m));
    for (const day of ['2027-03-05', '2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11', '2027-03-12'] as IsoDate[]) {
      // The rows the claim reads, as the sender selects them (activities/store/digest-rows.ts).
      const rowsRead = (await dueDigestRows(db, atLocalHour(addDays(day, 1), 0))).length;
      t = Date.now();
      const result = await sendDigests({ day, cutoff: atLocalHour(day, 8) });
      figures.runs.push({ day, rowsRead, claimed: result.claimed, sent: result.sent, seconds: Number(((Date.now() - t) / 1000).toFixed(2)) });
    }
    return figures;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.env.BENCH_DIGEST_ROWS ? [Number(process.env.BENCH_DIGEST_ROWS)] : [1000, 10000];
  for (const n of sizes) {
    const f = await measureDigestRuns(n);
    out(`${n} rows recorded in digest mode in ${f.recordSeconds} s`);
    for (const r of f.runs) out(`  run of ${r.day}: ${r.rowsRead} rows read, ${r.claimed} items claimed into ${r.sent} digests in ${r.seconds.toFixed(2)} s`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
