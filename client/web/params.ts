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

export interface PageOf<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  /** Links to the other pages keep every other query value. */
  href: (page: number) => string;
}

/** One page of a long list: a 10,000-row plan must not send 10 MB of HTML. */
export function paginate<T>(all: T[], pageParam: unknown, size: number, path: string, query: Record<string, unknown>): PageOf<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const page = Math.min(pages, Math.max(1, Number.parseInt(String(pageParam ?? '1'), 10) || 1));
  const keep = Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'trang' && e[1] !== '');
  return {
    items: all.slice((page - 1) * size, page * size),
    page,
    pages,
    total: all.length,
    href: (p) => `${path}?${new URLSearchParams([...keep, ['trang', String(p)]]).toString()}`,
  };
}
