import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { issuerOf, periodDocument } from '../../activities/reports/period-document';
import { periodWorkbook } from '../../activities/reports/period-workbook';
import { reportDocx } from '../../activities/reports/report-docx';
import { REPORT_COLUMNS } from '../../activities/reports/report-workbook';
import { latePublicList, latePublicListWorkbook, LATE_LIST_SOURCE } from '../../activities/reports/late-list';
import type { Store } from '../../activities/store/database';
import { periodEvidence, periodOccurrences, periodPlans, periodReport } from '../../activities/store/read-model';
import { addDays, isIsoDate, isoDateAt, isoFromParts, lastDayOfMonth, toVietnameseDate } from '../../domain/dates';
import type { UnitsDirectory } from '../../domain/plan/units';
import { atLocalHour } from '../../domain/policy/reminders';
import { reportSentence } from '../../domain/tracking/report';
import { asOfWords, parseReportPeriod, reportAsOf } from '../../domain/tracking/report-period';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, ExitCode } from '../io';
import { withStore } from '../store-client';
import { renderTable } from '../table';

export const PERIOD_USAGE = [
  'Cách dùng: dondoc report --period thang|quy|6thang|nam --ky <kỳ> [--docx tệp.docx] [--xlsx tệp.xlsx] [--json] [--as-of DD/MM/YYYY] [--units units.json]',
  '           dondoc report --cham-muon --ky MM/YYYY [--xlsx tệp.xlsx] [--json] [--as-of DD/MM/YYYY] [--units units.json]',
  'Ví dụ: --period thang --ky 04/2025 · --period quy --ky I/2025 · --period 6thang --ky 2025 · --period nam --ky 2025',
].join('\n');

const FLAGS = {
  period: { type: 'string' },
  ky: { type: 'string' },
  'cham-muon': { type: 'boolean' },
  docx: { type: 'string' },
  xlsx: { type: 'string' },
  json: { type: 'boolean' },
  'as-of': { type: 'string' },
  units: { type: 'string' },
} as const;

/** Whether `dondoc report` was asked for a period report or the monthly late list rather than --from/--to. */
export function wantsPeriodReport(args: string[]): boolean {
  return args.some((a) => a === '--period' || a.startsWith('--period=') || a === '--cham-muon');
}

async function write(io: CommandIo, file: string, content: Buffer, what: string): Promise<string> {
  const path = resolve(io.cwd, file);
  await writeFile(path, content).catch((error: Error) => {
    throw new UsageError(`Không ghi được ${what} ${path}: ${error.message}. Hãy chọn thư mục có sẵn và được phép ghi.`);
  });
  return path;
}

/** The units directory names the issuing body (header, signer) and the heads on the late list. */
async function directory(io: CommandIo, flag: string | undefined, required: boolean): Promise<UnitsDirectory | undefined> {
  const path = flag ?? io.env.DONDOC_UNITS;
  if (!path) {
    if (!required) return undefined;
    throw new UsageError(`Báo cáo .docx cần tên cơ quan ban hành và người ký: ghi --units <danh bạ đơn vị, ví dụ samples/units.json> hoặc đặt DONDOC_UNITS.\n\n${PERIOD_USAGE}`);
  }
  return readUnitsFile(resolve(io.cwd, path));
}

function asOfFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const iso = normaliseDate(value);
  if (!isIsoDate(iso)) throw new UsageError(`--as-of "${value}" không phải ngày DD/MM/YYYY.\n\n${PERIOD_USAGE}`);
  return atLocalHour(iso, 17);
}

export async function runPeriodReport(args: string[], io: CommandIo): Promise<number> {
  try {
    const { values } = parseFlags(args, FLAGS, PERIOD_USAGE);
    if (!values.ky) throw new UsageError(`Thiếu --ky.\n\n${PERIOD_USAGE}`);
    const stated = asOfFlag(values['as-of']);
    if (values['cham-muon']) return await lateList(io, values.ky, stated, values);
    const parsed = parseReportPeriod(values.period ?? '', values.ky);
    if (!parsed.ok) throw new UsageError(`${parsed.reason}\n\n${PERIOD_USAGE}`);
    const { period } = parsed;
    const when = reportAsOf(period.to, Date.now(), stated);
    const asOf = when.ms;
    const units = await directory(io, values.units, values.docx !== undefined);
    return await withStore(io, async (db) => {
      const report = await periodReport(db, period.from, period.to, asOf);
      if (values.docx || values.xlsx) {
        const plans = await periodPlans(db, period.from, period.to);
        const doc = periodDocument({
          // An xlsx alone may go without the directory: its header then names no agency.
          issuer: issuerOf(units ?? { organization: '', leaders: [] }, plans[0]?.number),
          period,
          asOfMs: asOf,
          asOfBasis: when.basis,
          plans,
          report,
          occurrences: await periodOccurrences(db, period.from, period.to, asOf),
          evidence: await periodEvidence(db, period.from, period.to),
        });
        if (values.docx) io.err(`Đã ghi dự thảo báo cáo ${period.label} ra ${await write(io, values.docx, await reportDocx(doc), 'tệp báo cáo')}.`);
        if (values.xlsx) io.err(`Đã ghi bảng báo cáo ${period.label} ra ${await write(io, values.xlsx, await periodWorkbook(doc), 'tệp báo cáo')}.`);
      }
      const due = `${period.dueWording === 'truoc' ? 'trước ngày' : 'chậm nhất ngày'} ${toVietnameseDate(period.due)}`;
      if (values.json) {
        io.out(JSON.stringify({ period: { ...period, due }, from: period.from, to: period.to, asOf: isoDateAt(asOf), asOfBasis: when.basis, byUnit: Object.fromEntries(report.byUnit), total: report.total, sentence: reportSentence(report.total) }));
        return ExitCode.ok;
      }
      io.out(`Báo cáo ${period.label}: số liệu từ ${toVietnameseDate(period.from)} đến ${toVietnameseDate(period.to)} (${asOfWords(when)}); gửi ${due}.`);
      io.out(
        renderTable(
          [{ header: 'Đơn vị', width: 30 }, ...REPORT_COLUMNS.map(([, h]) => ({ header: h, width: 12 }))],
          [...[...report.byUnit].map(([unit, c]) => [unit, ...REPORT_COLUMNS.map(([k]) => String(c[k]))]), ['Tổng cộng', ...REPORT_COLUMNS.map(([k]) => String(report.total[k]))]],
        ),
      );
      io.out(reportSentence(report.total));
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
}

async function lateList(io: CommandIo, ky: string, stated: number | undefined, values: { json?: boolean; xlsx?: string; units?: string }): Promise<number> {
  const m = /^\s*(\d{1,2})\/(\d{4})\s*$/.exec(ky);
  const first = m ? isoFromParts(Number(m[2]), Number(m[1]), 1) : null;
  if (!m || !first) throw new UsageError(`--ky "${ky}" không phải tháng MM/YYYY (ví dụ 04/2025).\n\n${PERIOD_USAGE}`);
  const last = lastDayOfMonth(Number(m[2]), Number(m[1]));
  // The list is published on the 5th of the next month: once that day is past, it reads as it stood then.
  const asOf = reportAsOf(addDays(last, 5), Date.now(), stated).ms;
  const units = await directory(io, values.units, false);
  return withStore(io, async (db: Store) => {
    const list = latePublicList(await periodOccurrences(db, first, last, asOf), { month: first, asOfMs: asOf, units });
    if (values.xlsx) io.err(`Đã ghi danh sách ra ${await write(io, values.xlsx, await latePublicListWorkbook(list), 'tệp danh sách')}.`);
    if (values.json) {
      io.out(JSON.stringify(list));
      return ExitCode.ok;
    }
    io.out(list.title);
    io.out(`(${LATE_LIST_SOURCE}; công khai ngày ${toVietnameseDate(addDays(last, 5))})`);
    if (list.entries.length === 0) io.out('Không có cơ quan, đơn vị, cán bộ, công chức, viên chức giải quyết chậm, muộn trong tháng.');
    else
      io.out(
        renderTable(
          [{ header: 'TT', width: 3 }, { header: 'Đơn vị', width: 28 }, { header: 'Người chịu trách nhiệm', width: 22 }, { header: 'Nhiệm vụ', width: 40 }, { header: 'Hạn', width: 10 }, { header: 'Chậm (ngày)', width: 6 }, { header: 'Tình trạng', width: 16 }],
          list.entries.map((e, i) => [String(i + 1), e.unit, e.responsible ?? '', `${e.where}. ${e.task}`, toVietnameseDate(e.effective), String(e.daysLate), e.status]),
        ),
      );
    return ExitCode.ok;
  });
}
