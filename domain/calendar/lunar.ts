/**
 * The Vietnamese lunar calendar (âm lịch), computed astronomically for UTC+7.
 * Vietnam and China use the same rules on different meridians, so new moons near midnight
 * fall on different days and the two calendars differ in some years (Tết 2007: 17/02 here, 18/02 in China).
 *
 * Method: mean new moon corrected by the main periodic terms, sun longitude by the low-precision
 * solar formula; month 11 is the month containing the winter solstice; in a 13-month year the leap
 * month is the first one in which the sun enters no new major solar term. Accurate for 1900–2100,
 * which covers the 2000–2100 range we promise. Pure and synchronous, so workflow code may call it.
 */
import { gregorianFromJulianDay, isoFromParts, IsoDate, julianDay } from '../dates';

const VN_TIME_ZONE = 7;
const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695;
const DEG = Math.PI / 180;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

/** Local day (Julian day number) of the k-th new moon after 1900-01-01. */
function newMoonDay(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const moonAnomaly = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const latitude = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  const s = (x: number) => Math.sin(x * DEG);
  const correction =
    (0.1734 - 0.000393 * t) * s(sunAnomaly) +
    0.0021 * s(2 * sunAnomaly) -
    0.4068 * s(moonAnomaly) +
    0.0161 * s(2 * moonAnomaly) -
    0.0004 * s(3 * moonAnomaly) +
    0.0104 * s(2 * latitude) -
    0.0051 * s(sunAnomaly + moonAnomaly) -
    0.0074 * s(sunAnomaly - moonAnomaly) +
    0.0004 * s(2 * latitude + sunAnomaly) -
    0.0004 * s(2 * latitude - sunAnomaly) -
    0.0006 * s(2 * latitude + moonAnomaly) +
    0.001 * s(2 * latitude - moonAnomaly) +
    0.0005 * s(2 * moonAnomaly + sunAnomaly);
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return Math.floor(jd + correction - deltaT + 0.5 + VN_TIME_ZONE / 24);
}

/** Major solar term (0–11, in 30° steps of the sun's longitude) at the start of a local day. */
function solarTerm(jdn: number): number {
  const t = (jdn - 2451545.5 - VN_TIME_ZONE / 24) / 36525;
  const t2 = t * t;
  const meanAnomaly = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(DEG * meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(DEG * 2 * meanAnomaly) +
    0.00029 * Math.sin(DEG * 3 * meanAnomaly);
  let longitude = (meanLongitude + center) * DEG;
  longitude -= Math.PI * 2 * Math.floor(longitude / (Math.PI * 2));
  return Math.floor((longitude / Math.PI) * 6);
}

/** First day of the lunar month 11 (the month of the winter solstice) of a Gregorian year. */
function month11Start(year: number): number {
  const k = Math.floor((julianDay(31, 12, year) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k);
  return solarTerm(start) >= 9 ? newMoonDay(k - 1) : start;
}

/** In a leap lunar year starting from month 11 at `a11`: the offset of the leap month. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let term = solarTerm(newMoonDay(k + i));
  let previous: number;
  do {
    previous = term;
    i++;
    term = solarTerm(newMoonDay(k + i));
  } while (term !== previous && i < 14);
  return i - 1;
}

export function solarToLunar(day: number, month: number, year: number): LunarDate {
  const dayNumber = julianDay(day, month, year);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = month11Start(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = month11Start(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = month11Start(year + 1);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: dayNumber - monthStart + 1, month: lunarMonth, year: lunarYear, leap };
}

/** The Gregorian date of a lunar date, or null when it does not exist (a leap month the year lacks). */
export function lunarToSolar(lunar: LunarDate): IsoDate | null {
  const { day, month, year, leap } = lunar;
  const a11 = month < 11 ? month11Start(year - 1) : month11Start(year);
  const b11 = month < 11 ? month11Start(year) : month11Start(year + 1);
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    return null;
  }
  const g = gregorianFromJulianDay(newMoonDay(k + offset) + day - 1);
  return isoFromParts(g.year, g.month, g.day);
}

/** Mùng 1 Tết of a lunar year, which begins in the given Gregorian year. */
export function tetDate(year: number): IsoDate {
  const iso = lunarToSolar({ day: 1, month: 1, year, leap: false });
  if (!iso) throw new RangeError(`No Tết for ${year}`);
  return iso;
}
