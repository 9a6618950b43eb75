import { LegalCalendar } from '../calendar/legal-calendar';
import { daysBetween, IsoDate, isoDateAt, toVietnameseDate } from '../dates';
import { plannedSteps, ReminderPolicy, Step } from '../policy/reminders';

const DAY_MS = 24 * 3600 * 1000;

/**
 * What one occurrence owes from `from` (when the row began to be tracked) to `upTo`: the ladder's steps that fall in
 * that window, with no cap on the weekly repeats (an overdue occurrence stays on the leader's list until it is done),
 * and, for a row imported after its steps had passed, one line that says so instead of the ladder it missed:
 * - `qua-han-khi-nhap`: overdue when the plan was imported, to the head with the office in copy;
 * - `lanh-dao-khi-nhap`: the same to the leader in charge, when the leader's step had passed too;
 * - `nhac-khi-nhap`: due today or soon, every reminder already past.
 * Both the row (a mail per step) and the digest sender (one line per step) read it, so they owe the same things.
 */
export function owedSteps(effectiveDue: IsoDate, opensOn: IsoDate, policy: ReminderPolicy, calendar: LegalCalendar, from: number, upTo: number): Step[] {
  const ladder = plannedSteps(effectiveDue, opensOn, policy, calendar, weeksUntil(effectiveDue, policy, upTo));
  const missed = ladder.filter((s) => s.at < from);
  const owed = ladder.filter((s) => s.at >= from && s.at <= upTo);
  if (missed.length === 0 || from > upTo) return owed;
  const day = isoDateAt(from);
  const late = daysBetween(effectiveDue, day);
  const catchUp: Step[] = [];
  const passed = (name: string) => missed.some((s) => s.step === name);
  if (passed('qua-han-1')) {
    const why = `quá hạn ${late} ngày khi nhập kế hoạch (hạn ${toVietnameseDate(effectiveDue)})`;
    catchUp.push({ step: 'qua-han-khi-nhap', kind: 'escalation', at: from, day, audience: 'head+office', copyCoordinating: false, why });
    if (passed('lanh-dao')) catchUp.push({ step: 'lanh-dao-khi-nhap', kind: 'escalation', at: from, day, audience: 'leader', copyCoordinating: false, why });
  } else if (!owed.some((s) => s.kind === 'reminder') && effectiveDue >= day) {
    catchUp.push({ step: 'nhac-khi-nhap', kind: 'reminder', at: from, day, audience: 'head', copyCoordinating: missed.some((s) => s.copyCoordinating), why: `nhắc khi nhập kế hoạch: hạn ${toVietnameseDate(effectiveDue)}` });
  }
  return [...catchUp, ...owed];
}

/** Enough weekly repeats to reach `upTo` (the ladder's leader step is at most a few weeks after the deadline). */
function weeksUntil(effectiveDue: IsoDate, policy: ReminderPolicy, upTo: number): number {
  const dueAt = Date.UTC(Number(effectiveDue.slice(0, 4)), Number(effectiveDue.slice(5, 7)) - 1, Number(effectiveDue.slice(8, 10)));
  return Math.max(0, Math.ceil((upTo - dueAt) / (policy.repeatEveryDays * DAY_MS)) + 1);
}
