import { LegalCalendar } from '../calendar/legal-calendar';
import { addDays, IsoDate } from '../dates';
import { ruleDates } from '../deadline/occurrences';
import { RecurrenceRule } from '../deadline/schedule';
import { atLocalHour, ReminderPolicy, Step } from './reminders';

/**
 * A continuous duty ("Thường xuyên") has no deadline of its own: the unit is asked, period by period, what it
 * did, in time for the report that period feeds. Pure, like the reminder ladder.
 */
export interface CheckIn extends Step {
  /** "2025-04" for a monthly period, the cut-off day for a weekly one. */
  period: string;
  /** The cut-off day the unit reports up to (nominal, as the rule says). */
  cutoff: IsoDate;
  /** The effective cut-off (Điều 148): the unit's update is due by then. */
  effectiveCutoff: IsoDate;
  /** First day of the period the update covers. */
  periodStart: IsoDate;
}

/** The check-ins of a plan year, from the plan's start: each goes out `checkInWorkingDaysBefore` working days before its cut-off. */
export function checkIns(rule: RecurrenceRule, planStart: IsoDate, year: number, policy: ReminderPolicy, calendar: LegalCalendar): CheckIn[] {
  const cutoffs = ruleDates(rule, `${year - 1}-01-01`, `${year}-12-31`);
  const out: CheckIn[] = [];
  cutoffs.forEach((cutoff, i) => {
    if (i === 0) return; // the first cut-off only starts the next period
    const effectiveCutoff = calendar.effectiveDue(cutoff);
    const n = policy.checkInWorkingDaysBefore;
    const day = n === 0 ? effectiveCutoff : calendar.addWorkingDays(effectiveCutoff, -n);
    if (day < planStart) return;
    const periodStart = addDays(cutoffs[i - 1], 1);
    out.push({
      step: 'cap-nhat',
      kind: 'check-in',
      at: atLocalHour(day, policy.hour),
      day,
      audience: 'head',
      copyCoordinating: false,
      why: `hỏi tình hình nhiệm vụ thường xuyên trước ngày chốt số liệu ${cutoff.slice(8, 10)}/${cutoff.slice(5, 7)}`,
      period: rule.freq === 'monthly' ? cutoff.slice(0, 7) : cutoff,
      cutoff,
      effectiveCutoff,
      periodStart,
    });
  });
  return out;
}
