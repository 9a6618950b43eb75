/**
 * A person's action on a row (evidence, review, trigger, extension, reassignment, cancellation) waits a bounded time
 * for the reminder server (the worker); past it the person is told "chưa ghi nhận". An action may still sit in
 * Temporal and reach the row when the worker comes back, minutes later: it carries the last instant it may take
 * effect, and the row refuses it after that instant, so nothing is recorded that the person was told was not.
 */
import { isoDateAt, toVietnameseDate } from '../dates';

export interface TimelyAction {
  /** Epoch ms, on the workflows' clock: past it the row refuses the action. Absent: no limit (older clients). */
  notAfter?: number;
}

const VN_OFFSET_MS = 7 * 3600 * 1000;
const clock = (ms: number) => `${new Date(ms + VN_OFFSET_MS).toISOString().slice(11, 19)} ${toVietnameseDate(isoDateAt(ms))}`;

/** Why the row refuses an action that arrives at `now`, or null when it is still in time. */
export function lateActionReason(action: TimelyAction, now: number): string | null {
  if (action.notAfter === undefined || now <= action.notAfter) return null;
  return `Thao tác đến máy chủ nhắc việc lúc ${clock(now)}, sau ${clock(action.notAfter)} là lúc người gửi đã được báo "chưa ghi nhận": không ghi nhận, hãy gửi lại.`;
}
