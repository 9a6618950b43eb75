import { addDays, IsoDate, isoDateAt, isoFromParts, toVietnameseDate } from '../dates';
import { atLocalHour } from '../policy/reminders';
import { fold } from '../text/normalize';

/**
 * The periods of the reports the office sends upward, and the days their figures cover:
 * - month (seed 000, 662/BC-SKHCN): the 21st of the previous month to the 20th, sent before the 22nd;
 * - quarter (seed 002, Quý III/2024 = 15/6–14/9): the 15th of the month before the quarter to the 14th of its last
 *   month, sent by the 19th of that month (Nghị định 09/2019/NĐ-CP, Điều 12, fixes the same cut-off);
 * - half year (seed 004): 15/12 of the previous year to 14/6, or 15/6 to 14/12 for the second half;
 * - year: 15/12 of the previous year to 14/12.
 * Half-year and year reports go with the quarter that ends them, so they are due by the 19th as well.
 */
export type PeriodKind = 'thang' | 'quy' | '6thang' | 'nam';

export const PERIOD_KINDS: PeriodKind[] = ['thang', 'quy', '6thang', 'nam'];

export interface ReportPeriod {
  kind: PeriodKind;
  /** As it reads in a title: "tháng 4 năm 2025", "quý I năm 2025", "6 tháng đầu năm 2025", "năm 2025". */
  label: string;
  from: IsoDate;
  to: IsoDate;
  /** The last day to send the report. */
  due: IsoDate;
  /** How the due day is said: "trước ngày 22/04/2025" or "chậm nhất ngày 19/06/2025". */
  dueWording: 'truoc' | 'cham-nhat';
}

export const ROMAN = ['I', 'II', 'III', 'IV'];

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; reason: string };

const EXAMPLES: Record<PeriodKind, string> = {
  thang: '--ky 04/2025 (tháng 4 năm 2025: số liệu 21/03/2025–20/04/2025)',
  quy: '--ky I/2025 hoặc --ky 1/2025 (quý I năm 2025: số liệu 15/12/2024–14/03/2025)',
  '6thang': '--ky 2025 hoặc --ky dau/2025 (6 tháng đầu năm: 15/12/2024–14/06/2025), --ky cuoi/2025 (6 tháng cuối năm: 15/06/2025–14/12/2025)',
  nam: '--ky 2025 (năm 2025: số liệu 15/12/2024–14/12/2025)',
};

const day = (y: number, m: number, d: number) => isoFromParts(y, m, d) as IsoDate;
const YEAR = /^(\d{4})$/;

function fail(kind: PeriodKind, ky: string): PeriodResult {
  return { ok: false, reason: `Kỳ "${ky}" không đọc được cho báo cáo ${kind}: ghi ${EXAMPLES[kind]}.` };
}

/** The year report: data from 15/12 of the year before to 14/12, sent by 19/12. */
export function yearReportPeriod(year: number): ReportPeriod {
  return { kind: 'nam', label: `năm ${year}`, from: day(year - 1, 12, 15), to: day(year, 12, 14), due: day(year, 12, 19), dueWording: 'cham-nhat' };
}

/** Reads `--period` and `--ky`; input may lack diacritics ("quy", "6 thang", "cuoi"). */
export function parseReportPeriod(kindText: string, kyText: string): PeriodResult {
  const kind = fold(kindText).replace(/\s+/g, '') as PeriodKind;
  if (!PERIOD_KINDS.includes(kind)) return { ok: false, reason: `--period "${kindText}" không có: chọn thang, quy, 6thang hoặc nam.` };
  const ky = fold(kyText).replace(/\s+/g, '').replace(/^(thang|quy|q|nam)/, '');
  const [head, tail] = ky.includes('/') ? ky.split('/', 2) : ['', ky];
  const year = Number(YEAR.exec(tail)?.[1]);
  if (!year || year < 1901 || year > 2100) return fail(kind, kyText);
  if (kind === 'nam') {
    if (head !== '') return fail(kind, kyText);
    return { ok: true, period: yearReportPeriod(year) };
  }
  if (kind === '6thang') {
    const first = head === '' || head === '1' || head === 'dau' || head === 'i';
    const second = head === '2' || head === 'cuoi' || head === 'ii';
    if (!first && !second) return fail(kind, kyText);
    return first
      ? { ok: true, period: { kind, label: `6 tháng đầu năm ${year}`, from: day(year - 1, 12, 15), to: day(year, 6, 14), due: day(year, 6, 19), dueWording: 'cham-nhat' } }
      : { ok: true, period: { kind, label: `6 tháng cuối năm ${year}`, from: day(year, 6, 15), to: day(year, 12, 14), due: day(year, 12, 19), dueWording: 'cham-nhat' } };
  }
  if (kind === 'quy') {
    const q = /^[1-4]$/.test(head) ? Number(head) : ROMAN.map((r) => r.toLowerCase()).indexOf(head) + 1;
    if (q < 1) return fail(kind, kyText);
    const last = q * 3;
    return { ok: true, period: { kind, label: `quý ${ROMAN[q - 1]} năm ${year}`, from: last === 3 ? day(year - 1, 12, 15) : day(year, last - 3, 15), to: day(year, last, 14), due: day(year, last, 19), dueWording: 'cham-nhat' } };
  }
  const month = /^\d{1,2}$/.test(head) ? Number(head) : 0;
  if (month < 1 || month > 12) return fail(kind, kyText);
  const from = month === 1 ? day(year - 1, 12, 21) : day(year, month - 1, 21);
  return { ok: true, period: { kind, label: `tháng ${month} năm ${year}`, from, to: day(year, month, 20), due: day(year, month, 22), dueWording: 'truoc' } };
}

/**
 * The instant a report's statuses are taken at, and why: the day `--as-of` names; else, once the period is over, the
 * end of its last day (a closed period's report reads as it stood then, whenever it is printed); else now.
 */
export interface ReportAsOf {
  ms: number;
  basis: 'stated' | 'period-end' | 'today';
}

/** `stated`: the instant `--as-of` names, when given. */
export function reportAsOf(periodTo: IsoDate, nowMs: number, stated?: number): ReportAsOf {
  if (stated !== undefined) return { ms: stated, basis: 'stated' };
  const end = atLocalHour(addDays(periodTo, 1), 0) - 1;
  return nowMs > end ? { ms: end, basis: 'period-end' } : { ms: nowMs, basis: 'today' };
}

const AS_OF_WORDS: Record<ReportAsOf['basis'], string> = {
  stated: 'ngày được chọn',
  'period-end': 'ngày cuối kỳ',
  today: 'hôm nay, kỳ chưa kết thúc',
};

/** "tính đến ngày 20/04/2025, ngày cuối kỳ": the day and which it is, so nobody reads an old period as of today. */
export function asOfWords(asOf: ReportAsOf): string {
  return `tính đến ngày ${toVietnameseDate(isoDateAt(asOf.ms))}, ${AS_OF_WORDS[asOf.basis]}`;
}
