import { legalCalendar, LegalCalendar } from '../calendar/legal-calendar';
import { addDays, isoDateAt } from '../dates';
import { atLocalHour } from '../policy/reminders';
import { earlyWorkingDays } from './bundling';
import { DigestItem, DigestSource, dueDigestItems } from './due-items';

const DAY_MS = 24 * 3600 * 1000;

/** How far ahead the search looks, nearest first: an overdue occurrence repeats weekly without end, so it needs a bound. */
const LOOKAHEAD_MS = [60 * DAY_MS, 400 * DAY_MS];
/** More than an item may come early (20 working days, Tết included): an item beyond the lookahead is claimable after this. */
const EARLIEST_BEYOND_MS = 45 * DAY_MS;
/** How long after the row's first digest its import catch-up line is still looked for. */
const CATCH_UP_WINDOW_MS = 60 * DAY_MS;
/** Days off a later legal calendar may add before an item: claimable instants are kept this much earlier. */
const CALENDAR_MARGIN_DAYS = 3;

/** The first instant a run may claim the item: its own time, or the start of the first day it may ride early in a digest. */
function claimableFrom(item: DigestItem, calendar: LegalCalendar): number {
  const early = earlyWorkingDays(item);
  if (early === 0) return item.at;
  return atLocalHour(addDays(calendar.addWorkingDays(isoDateAt(item.at), -early), -CALENDAR_MARGIN_DAYS), 0);
}

/**
 * The earliest instant at which a digest run may claim something the row owes and has not `handled` (claimed by a
 * digest or recorded as mailed), counting the days an item may come early (domain/digest/bundling.ts, with the
 * sender's calendar). The read model keeps it beside the row, and the daily run reads only rows claimable by the end
 * of its day. It may be early (the run then reads the row and takes nothing), never late.
 * The import's catch-up reminder ("nhắc khi nhập") exists only while no reminder of the ladder falls before the
 * run's horizon, so for a while after the import the items are also asked up to `now` itself: a short horizon sees
 * what a long one hides.
 */
export function nextDigestDue(source: DigestSource, handled: ReadonlySet<string>, now: number): number {
  const calendar = legalCalendar();
  const earliest = (upTo: number, bound: number) => {
    let next = bound;
    // Sorted by instant, and no item is claimable earlier than EARLIEST_BEYOND_MS before it.
    for (const item of dueDigestItems(source, upTo)) {
      if (item.at - EARLIEST_BEYOND_MS > next) break;
      if (!handled.has(item.key)) next = Math.min(next, claimableFrom(item, calendar));
    }
    return next;
  };
  // The catch-up is the run's first claim after the import; one still unclaimed long after was skipped for good.
  const soon = now - source.from < CATCH_UP_WINDOW_MS ? earliest(Math.max(now, source.from), Infinity) : Infinity;
  for (const ahead of LOOKAHEAD_MS) {
    const next = earliest(now + ahead, Math.min(soon, now + ahead - EARLIEST_BEYOND_MS));
    if (next < now + ahead - EARLIEST_BEYOND_MS) return next;
  }
  return Math.min(soon, now + LOOKAHEAD_MS[LOOKAHEAD_MS.length - 1] - EARLIEST_BEYOND_MS);
}
