/**
 * Public holidays of Bộ luật Lao động 2019, Điều 112, computed for any year, before the yearly decision.
 * Choices the law leaves to the Prime Minister, and the defaults we take until a decision file says otherwise:
 * - Tết Âm lịch (5 days): the last day of the old lunar year and mùng 1–4;
 * - Quốc khánh's adjacent day: the one that joins 2/9 to a weekend (Monday 1/9 when 2/9 is a Tuesday,
 *   Friday 3/9 when it is a Thursday, 3/9 after a Monday 2/9), otherwise 1/9.
 * Compensatory days (khoản 3): each holiday on a Saturday or Sunday gives a day off on the next working day
 * after the holiday block, never on another holiday.
 */
import { addDays, IsoDate, isoFromParts, weekday } from '../dates';
import { lunarToSolar, tetDate } from './lunar';

export interface Holiday {
  date: IsoDate;
  /** Vietnamese name shown to users. */
  name: string;
  kind: 'holiday' | 'compensatory' | 'swapped';
}

export const FIRST_SUPPORTED_YEAR = 2000;
export const LAST_SUPPORTED_YEAR = 2100;

function fixed(year: number, month: number, day: number, name: string): Holiday {
  return { date: isoFromParts(year, month, day) as IsoDate, name, kind: 'holiday' };
}

function nationalDayAdjacent(year: number): IsoDate {
  const day = weekday(`${year}-09-02`);
  // Monday (1) and Thursday (4): the day after joins the weekend or makes a bridge; otherwise the day before.
  return day === 1 || day === 4 ? `${year}-09-03` : `${year}-09-01`;
}

/** Statutory holidays of a year, without compensatory days. */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = tetDate(year);
  const tetDays = [-1, 0, 1, 2, 3].map((offset, i) => ({
    date: addDays(tet, offset),
    name: i === 0 ? 'Tết Nguyên đán (cuối năm âm lịch)' : `Tết Nguyên đán (mùng ${i})`,
    kind: 'holiday' as const,
  }));
  const gioTo = lunarToSolar({ day: 10, month: 3, year, leap: false }) as IsoDate;
  const holidays: Holiday[] = [
    fixed(year, 1, 1, 'Tết Dương lịch'),
    ...tetDays,
    { date: gioTo, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
    fixed(year, 4, 30, 'Ngày Chiến thắng (30/4)'),
    fixed(year, 5, 1, 'Ngày Quốc tế lao động (1/5)'),
    fixed(year, 9, 2, 'Quốc khánh (2/9)'),
    { date: nationalDayAdjacent(year), name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
  ];
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

const isWeekend = (date: IsoDate) => weekday(date) >= 6;

/** Compensatory days off for holidays that fall on a weekend. */
export function compensatoryDays(holidays: Holiday[]): Holiday[] {
  const taken = new Set(holidays.map((h) => h.date));
  const out: Holiday[] = [];
  for (const holiday of holidays) {
    if (holiday.kind !== 'holiday' || !isWeekend(holiday.date)) continue;
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    out.push({ date: day, name: `Nghỉ bù ${holiday.name}`, kind: 'compensatory' });
  }
  return out;
}

/** The computed default: statutory holidays plus compensatory days, ascending. */
export function computedHolidays(year: number): Holiday[] {
  if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`Năm ${year} nằm ngoài khoảng ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} mà lịch hỗ trợ.`);
  }
  const statutory = statutoryHolidays(year);
  return [...statutory, ...compensatoryDays(statutory)].sort((a, b) => a.date.localeCompare(b.date));
}
