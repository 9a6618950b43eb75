import type { LegalCalendar } from '../calendar/legal-calendar';
import { IsoDate, isoDateAt } from '../dates';
import type { DigestItem } from './due-items';

/**
 * How many working days early an item may ride in a digest that goes out anyway. Early reminders (a week or three
 * days ahead) and check-ins lose nothing by arriving a day or two sooner, the leader's weekly repeat becomes one
 * weekly list, and a coordinating unit hears of the tasks it supports about once a month. What is pressing (the
 * last reminders, the first escalations, a return, a moved deadline) never moves.
 */
export function earlyWorkingDays(item: Pick<DigestItem, 'kind' | 'step'>): number {
  // A coordinating unit's copy is a heads-up; a month ahead serves it better than a day.
  if (item.kind === 'coordination') return 20;
  if (item.kind === 'check-in') return 2;
  if (item.kind === 'reminder') {
    const n = Number(/^nhac-(\d+)$/.exec(item.step)?.[1] ?? 0);
    return n >= 3 ? 2 : 0;
  }
  if (item.kind === 'escalation' && item.step.startsWith('hang-tuan-')) return 4;
  return 0;
}

/**
 * Today's digests, each with the upcoming items of the same person and list that may come early. Nobody receives a
 * digest only for something early: a person without an item due today gets nothing extra, and their upcoming items
 * wait for their own day (or for an earlier digest that goes out anyway).
 */
export function withEarlyItems(dueToday: DigestItem[], upcoming: DigestItem[], day: IsoDate, calendar: LegalCalendar): DigestItem[] {
  const recipients = new Set(dueToday.map((i) => `${i.list}|${i.to.email.toLowerCase()}`));
  const keys = new Set(dueToday.map((i) => i.key));
  const early = upcoming.filter((i) => {
    const allowed = earlyWorkingDays(i);
    if (allowed === 0 || keys.has(i.key) || !recipients.has(`${i.list}|${i.to.email.toLowerCase()}`)) return false;
    return isoDateAt(i.at) <= calendar.addWorkingDays(day, allowed);
  });
  return [...dueToday, ...early];
}

/** The furthest any item may come early, for the sender to ask the rows what lies that far ahead. */
export const EARLY_HORIZON_WORKING_DAYS = 20;
