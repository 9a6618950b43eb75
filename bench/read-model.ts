/**
 * The read model under the leadership's questions: 50,000 occurrences (5,000 rows × 10), then the overdue list
 * and the year report, on a SQLite file and on PostgreSQL (BENCH_DATABASE_URL, else Debian's server started
 * in a temporary directory as the tests do). Prints figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, Store, StoreConfig } from '../activities/store/database';
import { overdueOccurrences, periodReport, recordRowChange } from '../activities/store/read-model';
import { addDays } from '../domain/dates';
import { parseDeadline } from '../domain/deadline/parse-deadline';
import { atLocalHour } from '../domain/policy/reminders';
import { NOTHING_RECORDED, rowChangeSince } from '../domain/tracking/row-change';
import { Occurrence, RowState } from '../domain/tracking/row-state';
import { startTestPostgres } from '../test/support/postgres';

const ROWS = 5000;
const PER_ROW = 10;
const UNITS = ['vp', 'ptcn', 'qlcn', 'ttdv', 'ttkd', 'ttud'].map((id) => ({ id, name: `Đơn vị ${id}` }));

function state(i: number): RowState {
  const where = `${Math.floor(i / 100) + 1}.${(i % 100) + 1}`;
  const occurrences: Occurrence[] = Array.from({ length: PER_ROW }, (_, j) => {
    const effective = addDays('2025-01-20', j * 30 + (i % 7));
    const done = (i + j) % 4 !== 0;
    return { id: `k${j + 1}`, label: `kỳ ${j + 1}`, opensOn: addDays(effective, -30), originalNominal: effective, nominal: effective, effective, role: 'deadline', extensions: [], evidence: [], ...(done ? { outcome: (i + j) % 5 === 0 ? 'late' : 'on-time', completedAt: atLocalHour(effective, 10) } : {}) } as Occurrence;
  });
  const messages = occurrences.map((o) => ({ key: `bench/${where}/${o.id}/nhac-3`, kind: 'reminder' as const, occurrenceId: o.id, to: ['a@example.org'], cc: [], subject: 'Nhắc việc', at: atLocalHour(addDays(o.effective, -3), 8), state: 'sent' as const, why: 'nhắc trước hạn 3 ngày làm việc' }));
  const spec = {
    planKey: '99-KH-BENCH-2025',
    plan: { number: '99/KH-BENCH', title: 'Kế hoạch thử tải', date: '2025-01-02', year: 2025 },
    where,
    content: `Nhiệm vụ thử ${i + 1}`,
    lead: UNITS[i % UNITS.length],
    coordinating: [],
    deadlineText: 'Hàng tháng',
    expectedOutput: 'Báo cáo',
    evidenceType: 'BC',
    schedule: parseDeadline({ text: 'Hàng tháng', year: 2025 }),
  };
  return { rowKey: `${spec.planKey}/${where}`, spec, occurrences, messages, log: [{ at: atLocalHour('2025-01-02', 9), text: 'Bắt đầu theo dõi.' }], needsDeadline: false };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function measure(label: string, config: StoreConfig): Promise<void> {
  const db: Store = await openStore(config);
  try {
    let t = Date.now();
    for (let i = 0; i < ROWS; i++) await recordRowChange(db, rowChangeSince(state(i), NOTHING_RECORDED, atLocalHour('2025-01-02', 9))!.change);
    const loadS = (Date.now() - t) / 1000;
    process.stdout.write(`${label}: recorded ${ROWS} rows, ${ROWS * PER_ROW} occurrences and ${ROWS * PER_ROW} messages in ${loadS.toFixed(1)} s (${Math.round(ROWS / loadS)} row changes/s, one transaction each)\n`);
    const asOf = atLocalHour('2025-07-01', 17);
    let overdue = 0;
    const overdueMs = await median(9, async () => (overdue = (await overdueOccurrences(db, asOf)).length));
    process.stdout.write(`${label}: overdue list over ${ROWS * PER_ROW} occurrences: ${overdueMs.toFixed(1)} ms (median of 9; ${overdue} overdue, with each one's last reminder)\n`);
    const unitMs = await median(9, () => overdueOccurrences(db, asOf, 'ptcn'));
    process.stdout.write(`${label}: overdue list of one unit: ${unitMs.toFixed(1)} ms\n`);
    const reportMs = await median(9, () => periodReport(db, '2025-01-01', '2025-12-31', asOf));
    process.stdout.write(`${label}: year report by unit and status: ${reportMs.toFixed(1)} ms\n`);
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  try {
    await measure('SQLite', { sqlitePath: join(dir, 'bench.sqlite') });
    if (process.env.BENCH_DATABASE_URL) {
      await measure('PostgreSQL', { databaseUrl: process.env.BENCH_DATABASE_URL, sqlitePath: '' });
    } else {
      const pg = await startTestPostgres().catch((error: Error) => {
        process.stdout.write(`PostgreSQL: not measured (${error.message})\n`);
        return null;
      });
      if (pg) {
        try {
          await measure('PostgreSQL', { databaseUrl: pg.url, sqlitePath: '' });
        } finally {
          await pg.stop();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
