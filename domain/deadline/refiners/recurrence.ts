import { daysInMonth } from '../../dates';
import { MAX_DEADLINES_PER_CELL } from '../constants';
import { DayFact, InvalidFact, PeriodFact, RecurrenceFact } from '../facts';
import { RecurrenceRule } from '../schedule';
import { dayWithin, invalidDay } from '../parsers/recurrence';
import { settleYears, shareBounds, tooMany } from './periods';

/** A rule settled from everything the phrase says about it (a recurrence fact as it stands, or a sharper one). */
export type SettledRule = Pick<RecurrenceFact, 'type' | 'rule' | 'dayStated'>;

type MonthDay = { month: number; day: number | 'last' };

/** A day within each period: "trước ngày 23" is the 22nd; "trước ngày 01" the previous month's end. */
function withDay(rule: RecurrenceRule, fact: DayFact): RecurrenceRule | null {
  const day = dayWithin(fact.bound === 'before', fact.day);
  switch (rule.freq) {
    case 'monthly':
    case 'quarterly':
    case 'half-yearly':
    case 'every-n-months':
      return { ...rule, day };
    default:
      return null;
  }
}

/**
 * The days of a yearly rule from the dates written beside it, in either order and with or without brackets:
 * "Hằng năm, trước ngày 10/12", "trước ngày 15/5 và 10/11 hằng năm". Each date is an occurrence every year;
 * a month's last day stays 'last' so "trước ngày 01/3" is 29/02 in a leap year.
 */
function yearlyDates(periods: PeriodFact[], folded: string, planYear: number): MonthDay[] | InvalidFact | null {
  const settled = settleYears(shareBounds(periods, folded), planYear, []);
  if ('type' in settled) return settled;
  const days: MonthDay[] = [];
  for (const p of settled) {
    const [month, day] = [Number(p.nominal.slice(5, 7)), Number(p.nominal.slice(8, 10))];
    const md: MonthDay = { month, day: day === daysInMonth(Number(p.nominal.slice(0, 4)), month) ? 'last' : day };
    if (!days.some((d) => d.month === md.month && d.day === md.day)) days.push(md);
  }
  days.sort((a, b) => a.month - b.month || (a.day === 'last' ? 32 : a.day) - (b.day === 'last' ? 32 : b.day));
  return days.length > 0 ? days : null;
}

/**
 * Settles a recurring phrase: the first rule, sharpened by a day the phrase states for it in another place
 * ("Hàng quý, chậm nhất ngày 18 của tháng cuối quý", "Hàng tháng (trước ngày 23)") or by the dates of a yearly rule.
 */
export function settleRule(recurrences: RecurrenceFact[], days: DayFact[], periods: PeriodFact[], folded: string, planYear: number): SettledRule | InvalidFact {
  const base = recurrences[0];
  if (base.dayStated) return base;
  const sharper = recurrences.find((r) => r.dayStated && r.rule.freq === base.rule.freq);
  if (sharper) return sharper;
  if (days.length > 0) {
    const bad = invalidDay(days[0].day, days[0]);
    if (bad) return bad;
    const rule = withDay(base.rule, days[0]);
    if (rule) return { type: 'recurrence', rule, dayStated: true };
  }
  if (base.rule.freq === 'yearly' && periods.length > 0) {
    const dates = yearlyDates(periods, folded, planYear);
    if (dates && 'type' in dates) return dates;
    if (dates && dates.length > MAX_DEADLINES_PER_CELL) return tooMany(dates.length, base);
    if (dates) {
      const [first, ...more] = dates;
      const rule: RecurrenceRule = { freq: 'yearly', month: first.month, day: first.day };
      if (more.length > 0) rule.alsoOn = more;
      return { type: 'recurrence', rule, dayStated: true };
    }
  }
  return base;
}
