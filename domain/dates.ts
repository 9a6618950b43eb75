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

/** Builds an ISO date, or null when the parts do not name a real day (31/2, month 13). */
export function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  const dt = DateTime.fromObject({ year, month, day }, { zone: VN_ZONE });
  return dt.isValid ? fromDateTime(dt) : null;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDateTime(toDateTime(iso).plus({ days }));
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return fromDateTime(DateTime.fromObject({ year, month, day: 1 }, { zone: VN_ZONE }).endOf('month'));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(iso: IsoDate): number {
  return toDateTime(iso).weekday;
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round(toDateTime(b).diff(toDateTime(a), 'days').days);
}

/** Vietnamese display form: 05/03/2025. */
export function toVietnameseDate(iso: IsoDate): string {
  return toDateTime(iso).toFormat('dd/MM/yyyy');
}

/** The calendar date in Vietnam at an instant (epoch milliseconds). */
export function isoDateAt(epochMs: number): IsoDate {
  return fromDateTime(DateTime.fromMillis(epochMs, { zone: VN_ZONE }));
}
