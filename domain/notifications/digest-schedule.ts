/**
 * When the daily digest sender runs (workflows/digest.ts), and when its first digests reach people: the import tells
 * the office, so a plan imported at night or on a day off is not met with a silence nobody explains.
 */
import { DateTime } from 'luxon';
import type { LegalCalendar } from '../calendar/legal-calendar';
import { addDays, isoDateAt, VN_ZONE } from '../dates';
import { atLocalHour } from '../policy/reminders';

/**
 * When the next run is due: today's hour unless today's run is done, else tomorrow's. Started after today's hour,
 * it runs at once, so a plan imported at ten hears of what is already due the same day.
 */
export function nextRunAt(now: number, hour: number, lastCutoff?: number): number {
  const today = isoDateAt(now);
  const todays = atLocalHour(today, hour);
  if (lastCutoff === undefined) return Math.max(now, todays);
  return lastCutoff >= todays || isoDateAt(lastCutoff) === today ? atLocalHour(addDays(today, 1), hour) : todays;
}

/**
 * A new sender's first run: as `nextRunAt`, from when the import's rows have recorded themselves (`notBefore`). A wait
 * that crosses midnight lands on the new day's hour, not at 00:01 (an import at 23:59 mailed people after midnight).
 */
export function firstRunAt(now: number, hour: number, notBefore = 0): number {
  return nextRunAt(Math.max(now, notBefore), hour);
}

/**
 * When a sender started now sends its first digests: its first run, moved to the next working day's hour if that run
 * falls on a day off (a run on a day off sends nothing).
 */
export function firstDigestsAt(now: number, hour: number, notBefore: number, calendar: LegalCalendar): number {
  const first = firstRunAt(now, hour, notBefore);
  const day = isoDateAt(first);
  return calendar.isWorkingDay(day) ? first : atLocalHour(calendar.nextWorkingDay(day), hour);
}

/** A new sender's start and first digests (epoch ms) and its daily hour, as an import reports them. */
export interface FirstDigests {
  startedAt: number;
  at: number;
  hour: number;
}

/** Further off than this, the import says how to send sooner (after a night or weekend import, say). */
const SAY_HOW_TO_SEND_SOONER_MS = 60 * 60 * 1000;

/** What the import tells the office of the sender it started; `sendNow` is how to send today's digests at once. */
export function firstDigestsSentence({ startedAt, at, hour }: FirstDigests, sendNow: string): string {
  const when = DateTime.fromMillis(at, { zone: VN_ZONE }).toFormat("HH:mm 'ngày' dd/MM/yyyy");
  const sooner = at - startedAt > SAY_HOW_TO_SEND_SOONER_MS ? ` Muốn gửi sớm hơn: ${sendNow}.` : '';
  return `Thư tổng hợp đầu tiên sẽ gửi lúc ${when}, sau đó lúc ${hour} giờ mỗi ngày làm việc.${sooner}`;
}
