import { EVERY, WEEKDAYS } from '../constants';
import { DayFact, Fact, InvalidFact, ParseText, RecurrenceFact } from '../facts';
import { RecurrenceRule } from '../schedule';

/**
 * Parsers for repeating deadlines: "hàng tháng", "ngày 05 hàng tháng", "trước ngày 22 hàng tháng",
 * "hàng quý", "ngày 19 của tháng cuối quý", "02 lần/năm", "6 tháng/lần", "định kỳ 6 tháng",
 * "thứ Sáu hàng tuần", "hàng năm"; and the bare days that sharpen them ("Hàng tháng (trước ngày 23)").
 * Dates of a yearly rule ("trước ngày 15/12 hằng năm") are period facts the recurrence refiner places in the year.
 */

/** A day of the month as written: 1–31, else the office is told ("ngày 45 hằng tháng" is not a day). */
export function invalidDay(day: number, span: { start: number; end: number }): InvalidFact | null {
  if (day >= 1 && day <= 31) return null;
  return { type: 'invalid', start: span.start, end: span.end, reason: `Ngày ${day} không có trong tháng (chỉ có ngày 1 đến 31): hãy sửa lại thời hạn.` };
}

/** "ngày 05" → 5, "trước ngày 22" → 21 (strictly before), "trước ngày 01" → the last day of the period before. */
export function dayWithin(before: boolean, day: number): number | 'last' {
  if (!before) return day;
  return day > 1 ? day - 1 : 'last';
}

function fact(m: RegExpExecArray, rule: RecurrenceRule, dayStated: boolean, written?: number): RecurrenceFact | InvalidFact {
  const span = { start: m.index, end: m.index + m[0].length };
  return (written !== undefined && invalidDay(written, span)) || { type: 'recurrence', ...span, rule, dayStated };
}

/** A day written before a rule: "ngày 05" → 5, "chậm nhất là ngày 19" → 19, "trước ngày 22" → 21 (strictly before). */
function dayOf(bound: string | undefined, day: string | undefined): number | 'last' | null {
  if (!day) return null;
  return dayWithin(bound === 'truoc', Number(day));
}

/** Periods of n months that tile a year, as named by "N lần/năm" or "N tháng/lần". */
function everyMonths(months: number, m: RegExpExecArray, day: number | null): Fact | null {
  const dayOrLast = day ?? 'last';
  switch (months) {
    case 1:
      return fact(m, { freq: 'monthly', day: dayOrLast }, day !== null);
    case 3:
      return fact(m, { freq: 'quarterly', monthOfQuarter: 3, day: dayOrLast }, day !== null);
    case 6:
      return fact(m, { freq: 'half-yearly', monthOfHalf: 6, day: dayOrLast }, day !== null);
    case 12:
      return fact(m, { freq: 'yearly', month: 12, day: dayOrLast }, day !== null);
    case 2:
    case 4:
      return fact(m, { freq: 'every-n-months', months, day: dayOrLast }, day !== null);
    default:
      return null;
  }
}

const DAY = '(?:(truoc|cham nhat(?:\\s+la)?)\\s+)?(?:ngay\\s+(\\d{1,2})\\s+)?';
const MONTHLY_DAY_AFTER = new RegExp(`${EVERY}\\s+thang\\s*,?\\s*(?:vao\\s+)?(?:(truoc|cham nhat(?:\\s+la)?)\\s+)?ngay\\s+(\\d{1,2})(?![\\d/])`, 'g');
const WEEKDAY_EVERY_WEEK = new RegExp(`(?:vao\\s+)?(?:thu\\s+(hai|ba|tu|nam|sau|bay)|(chu nhat))\\s+${EVERY}\\s+tuan`, 'g');
const EVERY_PERIOD = new RegExp(`${DAY}(?:dinh ky\\s+)?${EVERY}\\s+(thang|quy|nam|tuan)(?![a-z])`, 'g');

/** Keeps a fact when the match made one; the scan consumes the words only then. */
function keep(facts: Fact[], fact: Fact | null): boolean {
  if (fact) facts.push(fact);
  return fact !== null;
}

export function parseRecurrences(text: ParseText): Fact[] {
  const facts: Fact[] = [];
  // "ngày 19 của tháng cuối quý", "chậm nhất là ngày 19 của tháng cuối quý"
  text.scan('quy', /(?:(truoc|cham nhat(?:\s+la)?)\s+)?ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(dau|giua|cuoi)\s+(?:moi\s+)?quy/g, (m) =>
    keep(facts, fact(m, { freq: 'quarterly', monthOfQuarter: m[3] === 'dau' ? 1 : m[3] === 'giua' ? 2 : 3, day: dayOf(m[1], m[2]) as number | 'last' }, true, Number(m[2]))),
  );
  // "hằng tháng, trước ngày 25", "hàng tháng chậm nhất ngày 10": the day written after the rule.
  text.scan('hang thang', MONTHLY_DAY_AFTER, (m) =>
    keep(facts, fact(m, { freq: 'monthly', day: dayOf(m[1], m[2]) as number | 'last' }, true, Number(m[2]))),
  );
  // "thứ Sáu hàng tuần"
  text.scan('tuan', WEEKDAY_EVERY_WEEK, (m) =>
    keep(facts, fact(m, { freq: 'weekly', weekday: WEEKDAYS[m[1] ?? m[2]] }, true)),
  );
  // "(ngày 05) hàng tháng/quý/năm/tuần", "định kỳ hàng tháng"
  text.scan('hang', EVERY_PERIOD, (m) => {
    const d = dayOf(m[1], m[2]);
    const written = m[2] ? Number(m[2]) : undefined;
    const unit = m[3];
    if (unit === 'tuan') return keep(facts, fact(m, { freq: 'weekly', weekday: 5 }, false));
    if (unit === 'thang') return keep(facts, fact(m, { freq: 'monthly', day: d ?? 'last' }, d !== null, written));
    if (unit === 'quy') return keep(facts, fact(m, { freq: 'quarterly', monthOfQuarter: 3, day: d ?? 'last' }, d !== null, written));
    return keep(facts, fact(m, { freq: 'yearly', month: 12, day: d ?? 'last' }, d !== null, written));
  });
  // "02 lần/năm", "2 lần trong năm"
  text.scan('lan', /(\d{1,2})\s*lan\s*(?:\/|trong|moi|mot)\s*nam/g, (m) => {
    const times = Number(m[1]);
    return keep(facts, times > 0 && 12 % times === 0 ? everyMonths(12 / times, m, null) : null);
  });
  // "6 tháng/lần", "định kỳ 6 tháng (, năm)", "định kỳ quý"
  text.scan('thang', /(?:(\d{1,2})\s*thang\s*\/\s*(?:01\s+|1\s+|mot\s+)?lan|dinh ky\s+(\d{1,2})\s+thang(?:\s*,\s*(?:nam|hang nam))?)/g, (m) =>
    keep(facts, everyMonths(Number(m[1] ?? m[2]), m, null)),
  );
  text.scan('dinh ky', /dinh ky\s+(thang|quy|nam)(?![a-z])/g, (m) => keep(facts, everyMonths(m[1] === 'thang' ? 1 : m[1] === 'quy' ? 3 : 12, m, null)));
  return facts.sort((a, b) => a.start - b.start);
}

/** "trước ngày 23", "chậm nhất ngày 18", "vào ngày 05": a day with no month after it (dates are taken first). */
const BARE_DAY = /(?:(truoc|cham nhat(?:\s+la)?|han|vao)\s+)?ngay\s+(\d{1,2})(?![\d/.]|\s*(?:thang|\/))/g;

export function parseDays(text: ParseText): DayFact[] {
  const facts: DayFact[] = [];
  text.scan('ngay', BARE_DAY, (m) => {
    facts.push({ type: 'day', start: m.index, end: m.index + m[0].length, day: Number(m[2]), bound: m[1] === 'truoc' ? 'before' : 'by' });
    return true;
  });
  return facts;
}
