import { addDays, IsoDate, weekday } from '../dates';

/**
 * The legal calendar: which days are working days in Vietnam, and the arithmetic
 * the law does on them (Bộ luật Dân sự 2015, Điều 147–148).
 *
 * SKELETON: weekends only. The calendar work fills in public holidays (Điều 112 BLLĐ 2019),
 * compensatory days and the yearly decisions; keep this public surface stable.
 */
export interface NonWorkingDay {
  date: IsoDate;
  /** Vietnamese name shown to users, e.g. "Tết Nguyên đán", "Thứ Bảy", "Nghỉ bù Quốc khánh". */
  name: string;
  kind: 'weekend' | 'holiday' | 'compensatory' | 'swapped';
}

export class LegalCalendar {
  isWorkingDay(date: IsoDate): boolean {
    return weekday(date) <= 5;
  }

  /** Điều 148: a period ending on a rest day or holiday ends on the next working day. */
  effectiveDue(nominal: IsoDate): IsoDate {
    let d = nominal;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  /** n working days after `from` (n > 0) or before it (n < 0); `from` itself is not counted. */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    const step = n >= 0 ? 1 : -1;
    let d = from;
    for (let left = Math.abs(n); left > 0; ) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  nonWorkingDays(year: number): NonWorkingDay[] {
    const out: NonWorkingDay[] = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      if (!this.isWorkingDay(d)) out.push({ date: d, name: weekday(d) === 6 ? 'Thứ Bảy' : 'Chủ nhật', kind: 'weekend' });
    }
    return out;
  }
}

let shared: LegalCalendar | undefined;

/** The calendar with the shipped yearly decisions. Pure and cached: safe in workflows. */
export function legalCalendar(): LegalCalendar {
  return (shared ??= new LegalCalendar());
}
