import { addDays, daysInMonth, IsoDate, isoFromParts, lastDayOfMonth } from '../../dates';
import { BEFORE_WORDS, BY_WORDS, DASH, NAMED_POINTS, QUARTER_NUMERAL, QUARTER_NUMERALS } from '../constants';
import { Fact, InvalidFact, ParseText, PeriodFact } from '../facts';

/**
 * Parsers for periods named by the text: explicit days, months, month ranges, quarters, half-years,
 * years and Điều 146's named points. Each returns facts with spans in the folded text.
 */

type Built = { first: IsoDate; last: IsoDate } | InvalidFact;

function invalid(start: number, end: number, reason: string): InvalidFact {
  return { type: 'invalid', start, end, reason };
}

function boundBefore(text: string, start: number): 'before' | 'by' {
  return BEFORE_WORDS.test(text.slice(Math.max(0, start - 20), start)) ? 'before' : 'by';
}

function boundWritten(text: string, start: number, bound: 'before' | 'by'): boolean {
  return bound === 'before' || BY_WORDS.test(text.slice(Math.max(0, start - 20), start));
}

function period(
  text: ParseText,
  match: RegExpExecArray,
  what: string,
  statedYear: number | null,
  build: (year: number) => Built,
  fallbackYear: number,
  dayReason?: string,
  range?: true,
): PeriodFact | InvalidFact {
  const start = match.index;
  const end = start + match[0].length;
  const built = build(statedYear ?? fallbackYear);
  if ('type' in built) return { type: 'invalid', reason: built.reason, start, end };
  const bound = boundBefore(text.folded, start);
  const fact: PeriodFact = { type: 'period', start, end, first: built.first, last: built.last, bound, boundStated: boundWritten(text.folded, start, bound), statedYear, build, what, dayReason };
  if (range) fact.range = range;
  return fact;
}

/** The period rebuilt in another year (when the year is inherited or implied): "29/2" is invalid in 2025. */
export function periodInYear(fact: PeriodFact, year: number): Built {
  const built = fact.build(year);
  return 'type' in built ? { type: 'invalid', reason: built.reason, start: fact.start, end: fact.end } : built;
}

const year = (raw: string | undefined) => (raw ? Number(raw) : null);

function day(start: number, end: number, d: number, m: number, y: number, written: string): Built {
  if (m < 1 || m > 12) return invalid(start, end, `Tháng ${m} không có (chỉ có tháng 1 đến 12) trong "${written}": hãy sửa lại ngày.`);
  const iso = isoFromParts(y, m, d);
  if (!iso) return invalid(start, end, `Ngày ${d}/${m}/${y} không có thật (tháng ${m}/${y} chỉ có ${daysInMonth(y, m)} ngày): hãy sửa lại ngày.`);
  return { first: iso, last: iso };
}

function month(start: number, end: number, m: number, y: number): Built {
  if (m < 1 || m > 12) return invalid(start, end, `Tháng ${m} không có (chỉ có tháng 1 đến 12): hãy sửa lại thời hạn.`);
  return { first: isoFromParts(y, m, 1) as IsoDate, last: lastDayOfMonth(y, m) };
}

/** "/2025", "-2025", "– 2025", "năm 2025": how a year follows a month or a quarter. */
const YEAR_AFTER = `(?:\\s*(?:\\/|${DASH}|nam)\\s*(\\d{4}))?`;
/** "quý II", "quí 2", and the short "QIII", "Q3" (only a valid numeral then: "Q10" is more likely a district). */
const QUARTER = new RegExp(`(?<![a-z])(?:qu[yi]\\s*(${QUARTER_NUMERAL})|q\\.?\\s*(iv|i{1,3}|[1-4]))(?![a-z\\d])(?:\\s*(?:\\/|${DASH}|nam)?\\s*(\\d{4}))?`, 'g');

/** Keeps a fact and consumes its words. A module function, not a closure per call: under tsx every named closure also costs a defineProperty. */
function collect(facts: Fact[], fact: Fact): true {
  facts.push(fact);
  return true;
}

const MONTH_END = 'Hạn là cả tháng: lấy ngày cuối cùng của tháng.';
const QUARTER_END = 'Hạn là cả quý: lấy ngày cuối cùng của quý.';
const YEAR_END = 'Hạn là cả năm: lấy ngày 31/12.';
const wholeYear = (y: number) => ({ first: `${y}-01-01`, last: `${y}-12-31` });

const MONTH_RANGE = new RegExp(`(?:tu\\s+)?thang\\s+(\\d{1,2})(?!\\d)\\s*(?:${DASH}|den(?:\\s+het)?)\\s*(?:thang\\s+)?(\\d{1,2})(?!\\d)${YEAR_AFTER}`, 'g');
/** A date, unless a count of days follows ("05-07 ngày làm việc" is a number of working days, not 5 July). */
const DAY_MONTH_YEAR = new RegExp(`(?<![\\d/])(\\d{1,2})\\s*([/.]|${DASH})\\s*(\\d{1,2})(?:\\s*\\2\\s*(\\d{4}))?(?![\\d/])(?!\\s*ngay)`, 'g');
/** "6/2025" alone: a month and its year (a four-digit year is never a month). */
const MONTH_SLASH_YEAR = /(?<![\d/.])(\d{1,2})\s*\/\s*((?:19|20|21)\d{2})(?![\d/])/g;
const ISO_DATE = /(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d/])/g;
const NAMED_POINT_OF_MONTH = new RegExp(`(dau|giua|cuoi)\\s+thang\\s+(\\d{1,2})(?!\\d)${YEAR_AFTER}`, 'g');
const MONTH = new RegExp(`thang\\s+(\\d{1,2})(?!\\d)${YEAR_AFTER}`, 'g');
const BARE_YEAR = /(?<![\d/.,])((?:19|20|21)\d{2})(?![\d/.,%])/g;

export function parsePeriods(text: ParseText, planYear: number): Fact[] {
  const facts: Fact[] = [];

  // "ngày 30 tháng 4 năm 2025", "ngày 30 tháng 4"
  text.scan('thang', /ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?/g, (m) => {
    const [d, mo] = [Number(m[1]), Number(m[2])];
    return collect(facts, period(text, m, `ngày ${d}/${mo}`, year(m[3]), (y) => day(m.index, m.index + m[0].length, d, mo, y, m[0]), planYear));
  });
  // "tháng 9-10/2025", "từ tháng 4 đến tháng 6/2025": the range ends with its last month.
  text.scan('thang', MONTH_RANGE, (m) => {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return collect(facts,
      period(text, m, `tháng ${a} đến tháng ${b}`, year(m[3]), (y) => {
        // "tháng 11 đến tháng 2/2026" crosses the new year: it opens in November 2025.
        const from = month(m.index, m.index + m[0].length, a, a > b ? y - 1 : y);
        const to = month(m.index, m.index + m[0].length, b, y);
        if ('type' in from) return from;
        if ('type' in to) return to;
        return { first: from.first, last: to.last };
      }, planYear, MONTH_END, true),
    );
  });
  // "2025-06-30": a date cell of a workbook, as a reader may hand it over.
  text.scan('-', ISO_DATE, (m) => {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return collect(facts, period(text, m, `ngày ${d}/${mo}`, y, (yy) => day(m.index, m.index + m[0].length, d, mo, yy, m[0]), planYear));
  });
  // "05/9/2025", "30/3", "31-12-2025", "31–12–2025"
  text.scan('', DAY_MONTH_YEAR, (m) => {
    const [d, mo] = [Number(m[1]), Number(m[3])];
    return collect(facts, period(text, m, `ngày ${d}/${mo}`, year(m[4]), (y) => day(m.index, m.index + m[0].length, d, mo, y, m[0]), planYear));
  });
  // "6 tháng đầu năm 2025", "6 tháng cuối năm", "nửa đầu năm 2026"
  text.scan('nam', /(?:0?6\s+thang|nua)\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?/g, (m) => {
    const firstHalf = m[1] === 'dau';
    return collect(facts,
      period(text, m, firstHalf ? '6 tháng đầu năm' : '6 tháng cuối năm', year(m[2]), (y) => ({
        first: isoFromParts(y, firstHalf ? 1 : 7, 1) as IsoDate,
        last: lastDayOfMonth(y, firstHalf ? 6 : 12),
      }), planYear, 'Hạn là nửa năm: lấy ngày cuối cùng của nửa năm.'),
    );
  });
  // Điều 146: "đầu/giữa/cuối tháng 6 (năm 2025)", "cuối năm 2025"
  text.scan('thang', NAMED_POINT_OF_MONTH, (m) => {
    const point = NAMED_POINTS[m[1] as keyof typeof NAMED_POINTS];
    const mo = Number(m[2]);
    return collect(facts,
      period(text, m, `${m[1] === 'dau' ? 'đầu' : m[1] === 'giua' ? 'giữa' : 'cuối'} tháng ${mo}`, year(m[3]), (y) => {
        const whole = month(m.index, m.index + m[0].length, mo, y);
        if ('type' in whole) return whole;
        const d = point === 'start' ? whole.first : point === 'middle' ? (isoFromParts(y, mo, 15) as IsoDate) : whole.last;
        return { first: d, last: d };
      }, planYear),
    );
  });
  text.scan('nam', /(dau|giua|cuoi)\s+nam(?:\s+(\d{4}))?/g, (m) => {
    const d = m[1] === 'dau' ? [1, 1] : m[1] === 'giua' ? [6, 30] : [12, 31];
    return collect(facts,
      period(text, m, `${m[1] === 'dau' ? 'đầu' : m[1] === 'giua' ? 'giữa' : 'cuối'} năm`, year(m[2]), (y) => {
        const iso = isoFromParts(y, d[0], d[1]) as IsoDate;
        return { first: iso, last: iso };
      }, planYear),
    );
  });
  // "tháng 03/2025", "trong tháng 03 năm 2025", "tháng 4"
  text.scan('thang', MONTH, (m) => {
    const mo = Number(m[1]);
    return collect(facts, period(text, m, `tháng ${mo}`, year(m[2]), (y) => month(m.index, m.index + m[0].length, mo, y), planYear, MONTH_END));
  });
  // "quý II năm 2025", "quý 2/2025", "quý IV"
  text.scan('q', QUARTER, (m) => {
    const numeral = m[1] ?? m[2];
    const q = QUARTER_NUMERALS[numeral];
    const start = m.index;
    const end = start + m[0].length;
    if (!q) return collect(facts, invalid(start, end, `Quý "${numeral.toUpperCase()}" không có (chỉ có quý I đến IV): hãy sửa lại thời hạn.`));
    return collect(facts,
      period(text, m, `quý ${['I', 'II', 'III', 'IV'][q - 1]}`, year(m[3]), (y) => ({
        first: isoFromParts(y, q * 3 - 2, 1) as IsoDate,
        last: lastDayOfMonth(y, q * 3),
      }), planYear, QUARTER_END),
    );
  });
  // "6/2025", "06/2026": a month written as M/YYYY without "tháng" (after quarters: "quý 2/2025" is a quarter).
  text.scan('/', MONTH_SLASH_YEAR, (m) => {
    const mo = Number(m[1]);
    const y = Number(m[2]);
    return collect(facts, period(text, m, `tháng ${mo}`, y, (yy) => month(m.index, m.index + m[0].length, mo, yy), planYear, MONTH_END));
  });
  // "năm 2025", "hết năm 2025", "trong năm 2025"
  text.scan('nam', /(?:het\s+|trong\s+)?nam\s+(\d{4})/g, (m) => {
    const y = Number(m[1]);
    return collect(facts, period(text, m, `năm ${y}`, y, wholeYear, planYear, YEAR_END));
  });
  // "cả năm", "trong năm", "hết năm" without a year: the plan year.
  text.scan('nam', /(?:^|\s)(?:ca|trong|het|suot)\s+nam(?![a-z]|\s+\d)/g, (m) =>
    collect(facts, period(text, m, 'cả năm', null, wholeYear, planYear, YEAR_END)),
  );
  // A bare year left over: "2027", "giai đoạn 2022 - 2025" (numbers inside dates and references are taken already).
  text.scan('', BARE_YEAR, (m) => {
    const y = Number(m[1]);
    return collect(facts, period(text, m, `năm ${y}`, y, wholeYear, planYear, YEAR_END));
  });
  return facts.sort((a, b) => a.start - b.start);
}

/** The nominal due date a period gives: its last day, or the day before it starts for "trước". */
export function nominalOf(first: IsoDate, last: IsoDate, bound: 'before' | 'by'): IsoDate {
  return bound === 'before' ? addDays(first, -1) : last;
}
