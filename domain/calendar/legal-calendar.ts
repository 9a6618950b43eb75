import { addDays, IsoDate, weekday } from '../dates';
import { SHIPPED_DECISIONS, YearDecision } from './decisions';
import { computedHolidays, FIRST_SUPPORTED_YEAR, Holiday, LAST_SUPPORTED_YEAR } from './holidays';

/**
 * The legal calendar: which days are working days in Vietnam (Monday–Friday, QĐ 188/1999/QĐ-TTg,
 * minus the holidays of BLLĐ 2019 Điều 112, plus Saturdays worked by decision) and the arithmetic
 * the Civil Code does on them (Bộ luật Dân sự 2015, Điều 147–148). Pure; per-year caches keep it fast.
 */
export interface NonWorkingDay {
  date: IsoDate;
  /** Vietnamese name shown to users, e.g. "Tết Nguyên đán (mùng 1)", "Thứ Bảy", "Nghỉ bù Quốc khánh (2/9)". */
  name: string;
  kind: 'weekend' | 'holiday' | 'compensatory' | 'swapped';
}

interface YearTable {
  source: 'decision' | 'computed';
  holidays: Holiday[];
  daysOff: Set<IsoDate>;
  workingSaturdays: Set<IsoDate>;
}

function tableFromDecision(decision: YearDecision): YearTable {
  const holidays: Holiday[] = [
    ...decision.holidays.map((h) => ({ date: h.date, name: h.name, kind: h.kind ?? ('holiday' as const) })),
    ...decision.swappedDaysOff.map((s) => ({ date: s.date, name: s.name, kind: 'swapped' as const })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    source: 'decision',
    holidays,
    daysOff: new Set(holidays.map((h) => h.date)),
    workingSaturdays: new Set(decision.swappedDaysOff.map((s) => s.workOn)),
  };
}

function computedTable(year: number): YearTable {
  const holidays = computedHolidays(year);
  return { source: 'computed', holidays, daysOff: new Set(holidays.map((h) => h.date)), workingSaturdays: new Set() };
}

export class LegalCalendar {
  private readonly tables = new Map<number, YearTable>();
  private readonly workingCache = new Map<IsoDate, boolean>();

  constructor(private readonly decisions: ReadonlyMap<number, YearDecision> = SHIPPED_DECISIONS) {}

  private table(year: number): YearTable {
    let table = this.tables.get(year);
    if (!table) {
      const decision = this.decisions.get(year);
      table = decision ? tableFromDecision(decision) : computedTable(year);
      this.tables.set(year, table);
    }
    return table;
  }

  /** Whether the year's days off come from a shipped decision or from the computed defaults. */
  sourceOf(year: number): 'decision' | 'computed' {
    return this.table(year).source;
  }

  isWorkingDay(date: IsoDate): boolean {
    const cached = this.workingCache.get(date);
    if (cached !== undefined) return cached;
    const table = this.table(Number(date.slice(0, 4)));
    const working = table.workingSaturdays.has(date) || (weekday(date) <= 5 && !table.daysOff.has(date));
    this.workingCache.set(date, working);
    return working;
  }

  /** Điều 148: a period whose last day is a rest day or holiday ends on the next working day. */
  effectiveDue(nominal: IsoDate): IsoDate {
    let d = nominal;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }

  nextWorkingDay(after: IsoDate): IsoDate {
    return this.effectiveDue(addDays(after, 1));
  }

  previousWorkingDay(before: IsoDate): IsoDate {
    let d = addDays(before, -1);
    while (!this.isWorkingDay(d)) d = addDays(d, -1);
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

  /** Working days in (a, b]: 0 when b ≤ a. "Quá hạn 3 ngày làm việc" counts this way. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    let count = 0;
    for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  /**
   * Điều 147: a period of n days counted from an event starts the day after it ("10 ngày kể từ ngày
   * tiếp nhận 03/3" ends 13/3). Returns the nominal end; pass it to `effectiveDue` for Điều 148.
   */
  addCalendarDaysFrom(eventDate: IsoDate, n: number): IsoDate {
    return addDays(eventDate, n);
  }

  holidaysOf(year: number): Holiday[] {
    return [...this.table(year).holidays];
  }

  workingSaturdaysOf(year: number): IsoDate[] {
    return [...this.table(year).workingSaturdays].sort();
  }

  nonWorkingDays(year: number): NonWorkingDay[] {
    const byDate = new Map(this.table(year).holidays.map((h) => [h.date, h]));
    const out: NonWorkingDay[] = [];
    for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) continue;
      const holiday = byDate.get(d);
      out.push(holiday ?? { date: d, name: weekday(d) === 6 ? 'Thứ Bảy' : 'Chủ nhật', kind: 'weekend' });
    }
    return out;
  }
}

export { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR };

let shared: LegalCalendar | undefined;

/** The calendar with the shipped yearly decisions. Pure and cached: safe in workflows. */
export function legalCalendar(): LegalCalendar {
  return (shared ??= new LegalCalendar());
}
