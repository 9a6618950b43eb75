import { DateTime } from 'luxon';

/** Every date in dondoc's data is an ISO calendar date (YYYY-MM-DD) read in Vietnam's zone. */
export type IsoDate = string;

export const VN_ZONE = 'Asia/Ho_Chi_Minh';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): value is IsoDate {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: VN_ZONE }).isValid;
}

export function toDateTime(iso: IsoDate): DateTime {
  const dt = DateTime.fromISO(iso, { zone: VN_ZONE });
  if (!dt.isValid) throw new RangeError(`Not an ISO date: ${iso}`);
  return dt;
}

export function fromDateTime(dt: DateTime): IsoDate {
  return dt.setZone(VN_ZONE).toISODate() as IsoDate;
}

/*
 * Calendar-date arithmetic on plain day numbers: a calendar date has no time zone, and the deadline
 * engine calls these in its hot path (luxon is kept for instants and display).
 */
const MS_PER_DAY = 86_400_000;

function dayNumber(iso: IsoDate): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY;
}

function isoFromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds an ISO date, or null when the parts do not name a real day (31/2, month 13). */
export function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(dayNumber(iso) + days);
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return `${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(iso: IsoDate): number {
  const day = new Date(dayNumber(iso) * MS_PER_DAY).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Vietnamese display form: 05/03/2025. */
export function toVietnameseDate(iso: IsoDate): string {
  return toDateTime(iso).toFormat('dd/MM/yyyy');
}

/** The calendar date in Vietnam at an instant (epoch milliseconds). */
export function isoDateAt(epochMs: number): IsoDate {
  return fromDateTime(DateTime.fromMillis(epochMs, { zone: VN_ZONE }));
}
