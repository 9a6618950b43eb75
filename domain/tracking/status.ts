import { atLocalHour } from '../policy/reminders';
import { Occurrence, OccurrenceStatus } from './row-state';

/** The end of the effective deadline day in Vietnam: evidence submitted until then is on time. */
export function deadlineEndMs(occ: Pick<Occurrence, 'effective'>): number {
  return atLocalHour(occ.effective, 0) + 24 * 3600 * 1000 - 1;
}

/** Evidence waits for the office's review: submitted, not yet accepted or returned. */
export const hasPendingEvidence = (occ: Pick<Occurrence, 'evidence'>): boolean => occ.evidence.some((e) => !e.review);

/** The government status of an occurrence at an instant (QĐ 42/2014/QĐ-TTg as amended; GUIDE §3). */
export function occurrenceStatus(occ: Occurrence, atMs: number): OccurrenceStatus {
  if (occ.cancelled) return 'da-huy';
  if (occ.outcome) return occ.outcome === 'on-time' ? 'hoan-thanh-dung-han' : 'hoan-thanh-qua-han';
  if (hasPendingEvidence(occ)) return 'cho-xac-nhan';
  if (atMs < atLocalHour(occ.opensOn, 0)) return 'chua-den-han';
  return atMs <= deadlineEndMs(occ) ? 'dang-thuc-hien-trong-han' : 'dang-thuc-hien-qua-han';
}
