import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { REPORT_COLUMNS, reportWorkbook } from '../../activities/reports/report-workbook';
import { periodOccurrences, periodReport } from '../../activities/store/read-model';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { reportSentence, reportSentenceNote } from '../../domain/tracking/report';
import { asOfWords, reportAsOf } from '../../domain/tracking/report-period';
import { parseFlags, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { withStore } from '../store-client';
import { choosePlan, planLabeller, plansShown } from '../plans-shown';
import { renderTable } from '../table';
import { runPeriodReport, wantsPeriodReport } from './report-period';

const USAGE = 'Cách dùng: dondoc report --from DD/MM/YYYY --to DD/MM/YYYY [--ke-hoach <kế hoạch>] [--as-of DD/MM/YYYY] [--json] [--xlsx tệp.xlsx]';
// Period reports (--period … --ky …, the DOCX draft) and the monthly late list (--cham-muon) live in report-period.ts.

function day(value: string | undefined, flag: string): string {
  const iso = value === undefined ? '' : normaliseDate(value);
  if (!isIsoDate(iso)) throw new UsageError(`--${flag} ${value === undefined ? 'bị thiếu' : `"${value}" không phải ngày DD/MM/YYYY`}.\n\n${USAGE}`);
  return iso;
}

/** Per unit and in total, the counts reports send upward, from the read model; an occurrence counts when its effective deadline is in the period. */
export const run: CommandRun = async (args, io) => {
  if (wantsPeriodReport(args)) return runPeriodReport(args, io);
  try {
    const { values } = parseFlags(args, { from: { type: 'string' }, to: { type: 'string' }, 'ke-hoach': { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' }, xlsx: { type: 'string' } }, USAGE);
    const from = day(values.from, 'from');
    const to = day(values.to, 'to');
    if (to < from) throw new UsageError(`--to (${toVietnameseDate(to)}) phải từ --from (${toVietnameseDate(from)}) trở đi.\n\n${USAGE}`);
    const when = reportAsOf(to, Date.now(), values['as-of'] ? atLocalHour(day(values['as-of'], 'as-of'), 17) : undefined);
    const asOf = when.ms;
    return await withStore(io, async (db) => {
      // With more than one plan in the read model the counts are of all of them unless --ke-hoach names one.
      const plans = await plansShown(db);
      const chosen = values['ke-hoach'] === undefined ? null : choosePlan(plans, values['ke-hoach']);
      if (chosen && 'error' in chosen) throw new UsageError(chosen.error);
      const plan = chosen?.plan;
      const report = await periodReport(db, from, to, asOf, plan?.key);
      const { byUnit, total } = report;
      if (values.xlsx) {
        const path = resolve(io.cwd, values.xlsx);
        const workbook = await reportWorkbook({ from, to, asOfMs: asOf, asOfBasis: when.basis, report, occurrences: await periodOccurrences(db, from, to, asOf, plan?.key), planOf: !plan && plans.length > 1 ? planLabeller(plans) : undefined });
        await writeFile(path, workbook).catch((error: Error) => {
          throw new UsageError(`Không ghi được tệp báo cáo ${path}: ${error.message}. Hãy chọn thư mục có sẵn và được phép ghi.`);
        });
        io.err(`Đã ghi báo cáo ra ${path}.`);
      }
      if (values.json) {
        io.out(JSON.stringify({ from, to, asOf: isoDateAt(asOf), asOfBasis: when.basis, ...(plan ? { plan: plan.key } : {}), byUnit: Object.fromEntries(byUnit), total, sentence: reportSentence(total), sentenceNote: reportSentenceNote(total) }));
        return ExitCode.ok;
      }
      io.out(`Kết quả thực hiện${plan ? ` Kế hoạch số ${plan.label}` : ''} từ ${toVietnameseDate(from)} đến ${toVietnameseDate(to)} (${asOfWords(when)})`);
      if (!plan && plans.length > 1) io.out(`Gộp ${plans.length} kế hoạch: ${plans.map((p) => p.label).join(', ')}; chỉ một kế hoạch: --ke-hoach <mã>.`);
      io.out(
        renderTable(
          [{ header: 'Đơn vị', width: 30 }, ...REPORT_COLUMNS.map(([, h]) => ({ header: h, width: 12 }))],
          [...[...byUnit].map(([unit, c]) => [unit, ...REPORT_COLUMNS.map(([k]) => String(c[k]))]), ['Tổng cộng', ...REPORT_COLUMNS.map(([k]) => String(total[k]))]],
        ),
      );
      io.out(reportSentence(total));
      io.out(reportSentenceNote(total));
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
};
