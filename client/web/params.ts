import { normaliseDate } from '../../activities/plan-files/assemble';
import { IsoDate, isIsoDate, isoDateAt } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';

/** A dd/mm/yyyy (or ISO) query value, or null when absent or not a date. */
export function dayParam(value: unknown): IsoDate | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const iso = normaliseDate(value.trim());
  return isIsoDate(iso) ? iso : null;
}

/** The instant lists are computed at: 17:00 of the chosen day, as `dondoc overdue --as-of` does, else now. */
export function asOfFrom(value: unknown, nowMs: number): { asOf: number; day: IsoDate; chosen: boolean } {
  const day = dayParam(value);
  return day ? { asOf: atLocalHour(day, 17), day, chosen: true } : { asOf: nowMs, day: isoDateAt(nowMs), chosen: false };
}

export const text = (value: unknown): string => (typeof value === 'string' ? value.normalize('NFC').trim() : '');
