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
/** Days from 1970-01-01 in the proleptic Gregorian calendar, by eras of 400 years (146,097 days each). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // from 1 March
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function dayNumber(iso: IsoDate): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

function isoFromDayNumber(days: number): IsoDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // months from March
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
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
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(iso) + 3) % 7) + 7) % 7) + 1;
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
