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
 * Calendar-date arithmetic on Julian day numbers: a calendar date has no time zone, and the deadline
 * engine calls these in its hot path (luxon is kept for instants and display). The lunar calendar counts
 * in the same numbers.
 */

/** Julian day number of a Gregorian date. */
export function julianDay(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
}

export function gregorianFromJulianDay(jd: number): { day: number; month: number; year: number } {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((b * 146097) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

function dayNumber(iso: IsoDate): number {
  return julianDay(Number(iso.slice(8, 10)), Number(iso.slice(5, 7)), Number(iso.slice(0, 4)));
}

function isoFromDayNumber(jd: number): IsoDate {
  const { day, month, year } = gregorianFromJulianDay(jd);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Length of month 1–12 of a year. */
export function daysInMonth(year: number, month: number): number {
  if (!(month >= 1 && month <= 12)) throw new RangeError(`month ${month} is not 1–12`);
  return month === 2 && isLeapYear(year) ? 29 : MONTH_LENGTHS[month - 1];
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
  // Julian day 0 was a Monday.
  return (dayNumber(iso) % 7) + 1;
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

/** The year in Vietnam at an instant: a machine on UTC is still in the old year for the first 7 hours of 1 January. */
export function yearAt(epochMs: number): number {
  return Number(isoDateAt(epochMs).slice(0, 4));
}

/** Vietnamese display form of an instant, in Vietnam: 10:21 03/12/2026. */
export function toVietnameseDateTime(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: VN_ZONE }).toFormat('HH:mm dd/MM/yyyy');
}
