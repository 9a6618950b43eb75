import { legalCalendar, LegalCalendar } from '../calendar/legal-calendar';
import { addDays, daysInMonth, IsoDate, isoFromParts, weekday } from '../dates';
import { DueDate, RecurrenceRule, Schedule, Sla } from './schedule';

/** Day `day` of a month, clamped to the month's length ("ngày 31 hàng tháng" is 30/4 in April). */
function dayInMonth(year: number, month: number, day: number | 'last'): IsoDate {
  const last = daysInMonth(year, month);
  return isoFromParts(year, month, day === 'last' ? last : Math.min(day, last)) as IsoDate;
}

/** The (month, day) pairs of a year on which a monthly-or-longer rule falls due. */
function dueDays(rule: Exclude<RecurrenceRule, { freq: 'weekly' }>): { month: number; day: number | 'last' }[] {
  const every = (months: number[]) => months.map((month) => ({ month, day: rule.day }));
  switch (rule.freq) {
    case 'monthly':
      return every([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    case 'quarterly':
      return every([0, 1, 2, 3].map((q) => q * 3 + rule.monthOfQuarter));
    case 'half-yearly':
      return every([rule.monthOfHalf, rule.monthOfHalf + 6]);
    case 'yearly':
      return [{ month: rule.month, day: rule.day }, ...(rule.alsoOn ?? [])].sort((a, b) => a.month - b.month || (a.day === 'last' ? 32 : a.day) - (b.day === 'last' ? 32 : b.day));
    case 'every-n-months':
      return every(Array.from({ length: 12 / rule.months }, (_, i) => (i + 1) * rule.months));
  }
}

/** Nominal due dates of a rule within [from, to], ascending. */
export function ruleDates(rule: RecurrenceRule, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  if (rule.freq === 'weekly') {
    let d = from;
    while (weekday(d) !== rule.weekday) d = addDays(d, 1);
    for (; d <= to; d = addDays(d, 7)) out.push(d);
    return out;
  }
  const days = dueDays(rule);
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const { month, day } of days) {
      const d = dayInMonth(year, month, day);
      if (d >= from && d <= to) out.push(d);
    }
  }
  return out;
}

/**
 * The occurrences of a schedule: for `once` every stated date (targets and milestones included);
 * for `recurring` the occurrences whose nominal date lies in [from, to]; for `event` and `continuous`
 * the fallback dates the text gives. Effective dates follow Điều 148.
 */
export function occurrences(schedule: Schedule, range: { from: IsoDate; to: IsoDate }, calendar: LegalCalendar = legalCalendar()): DueDate[] {
  if (schedule.kind === 'recurring' && schedule.rule) {
    return ruleDates(schedule.rule, range.from, range.to).map((nominal) => ({ nominal, effective: calendar.effectiveDue(nominal), role: 'deadline' }));
  }
  return schedule.dates;
}

/** The day an occurrence opens: the day after the previous occurrence's nominal date, or the plan start. */
export function opensOn(rule: RecurrenceRule, nominal: IsoDate, planStart: IsoDate): IsoDate {
  const year = Number(nominal.slice(0, 4));
  const previous = ruleDates(rule, `${year - 1}-01-01`, addDays(nominal, -1)).pop();
  const open = previous ? addDays(previous, 1) : planStart;
  return open > planStart ? open : planStart;
}

/**
 * The due date of one case opened by an event (Điều 147: the event's day is not counted; Điều 148
 * for the effective date). `caseDue` is the case's own due date for "before" SLAs (e.g. a late dossier).
 */
export function slaDue(sla: Sla, eventDate: IsoDate, calendar: LegalCalendar = legalCalendar(), caseDue?: IsoDate): DueDate {
  let nominal: IsoDate;
  if (sla.direction === 'before') {
    const anchor = caseDue ?? eventDate;
    nominal = sla.unit === 'working-days' ? calendar.addWorkingDays(anchor, -sla.amount) : addDays(anchor, -sla.amount);
    return { nominal, effective: calendar.isWorkingDay(nominal) ? nominal : calendar.previousWorkingDay(nominal), role: 'deadline' };
  }
  nominal = sla.unit === 'working-days' ? calendar.addWorkingDays(eventDate, sla.amount) : calendar.addCalendarDaysFrom(eventDate, sla.amount);
  return { nominal, effective: calendar.effectiveDue(nominal), role: 'deadline' };
}
