import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import type { Kysely } from 'kysely';
import { openStore } from '../../activities/store/database';
import { backfillReportDay } from '../../activities/store/migrations';
import { rowInputs } from '../../client/plan-import';
import { atLocalHour } from '../../domain/policy/reminders';
import { newRowState } from '../../workflows/row-entity';
import { runDondoc } from '../engine/cli-process';
import { recorder } from '../support/recorded-rows';

/**
 * Issue 20.4: the indicator rows of section 9 of the sample plan (an empty deadline cell, "Chỉ tiêu năm 2025: …") are
 * implied due 31/12/2025 and "đánh giá trong báo cáo năm 2025"; they must be in the report for 2025, not 2026's
 * (the year's data runs 15/12–14/12, so 31/12/2025 falls in 2026's). One rule places every occurrence:
 * domain/tracking/report-day.ts.
 */
const SAMPLE = resolve(__dirname, '../../samples/ke-hoach-16-KH-SKHCN-2025.csv');
const UNITS = resolve(__dirname, '../../samples/units.json');

let env: Record<string, string>;
let section9: string[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-chi-tieu-'));
  env = { DONDOC_DB_PATH: join(dir, 'dondoc.sqlite') };
  const db = await openStore({ sqlitePath: env.DONDOC_DB_PATH });
  const [doc, units] = await Promise.all([readPlanFile(SAMPLE), readUnitsFile(UNITS)]);
  const record = recorder(db);
  section9 = doc.rows.filter((r) => r.where.startsWith('9.')).map((r) => r.where);
  for (const where of section9) {
    const state = newRowState(rowInputs(doc, units, where).spec);
    await record(state, atLocalHour('2025-03-06', 9));
  }
  await db.destroy();
}, 60_000);

type ReportJson = { from: string; to: string; total: Record<string, number> };
async function report(args: string[]): Promise<ReportJson> {
  const r = await runDondoc(['report', ...args, '--json'], env);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as ReportJson;
}

describe('the indicators a plan evaluates in a year’s report', () => {
  it('counts section 9 of the sample plan in `--period nam --ky 2025`, in the second half and quarter IV of 2025, and not in 2026', async () => {
    expect(section9.length).toBeGreaterThanOrEqual(16);
    const year2025 = await report(['--period', 'nam', '--ky', '2025', '--as-of', '19/12/2025']);
    expect(year2025.total.giao).toBe(section9.length);
    // Due 31/12: on the day of the year report they are still within their deadline ("chưa đến hạn" in the sentence).
    expect(year2025.total['dang-thuc-hien-trong-han']).toBe(section9.length);
    expect((await report(['--period', '6thang', '--ky', 'cuoi/2025', '--as-of', '19/12/2025'])).total.giao).toBe(section9.length);
    expect((await report(['--period', 'quy', '--ky', 'IV/2025', '--as-of', '19/12/2025'])).total.giao).toBe(section9.length);
    expect((await report(['--period', 'nam', '--ky', '2026', '--as-of', '19/12/2026'])).total.giao).toBe(0);
    // The same rule behind --from/--to: the year's data days hold them.
    expect((await report(['--from', '15/12/2024', '--to', '14/12/2025', '--as-of', '19/12/2025'])).total.giao).toBe(section9.length);
    expect((await report(['--from', '15/12/2025', '--to', '31/12/2025', '--as-of', '31/12/2025'])).total.giao).toBe(0);
  }, 120_000);
});

describe('a read model recorded before occurrences kept their report day', () => {
  it('gets the same day from the migration’s backfill as from the rule', async () => {
    const db = await openStore({ sqlitePath: env.DONDOC_DB_PATH });
    try {
      const byRule = await db.selectFrom('occurrences').select(['row_key', 'occurrence_id', 'report_day']).orderBy('row_key').execute();
      expect(new Set(byRule.map((o) => o.report_day))).toEqual(new Set(['2025-12-14']));
      await db.updateTable('occurrences').set({ report_day: null }).execute();
      await backfillReportDay(db as unknown as Kysely<unknown>);
      expect(await db.selectFrom('occurrences').select(['row_key', 'occurrence_id', 'report_day']).orderBy('row_key').execute()).toEqual(byRule);
    } finally {
      await db.destroy();
    }
  });
});
