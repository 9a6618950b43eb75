import { addDays, daysBetween, daysInMonth, isoFromParts, lastDayOfMonth, weekday } from '../../domain/dates';

/** JavaScript's own proleptic Gregorian calendar (UTC), the reference our integer day arithmetic must match. */
const reference = (dayNumber: number) => new Date(dayNumber * 86_400_000);

describe('calendar-date arithmetic on integer days', () => {
  it('walks every day from 1899-12-25 to 2201-01-05 in step with Date: ISO form, weekday, day count, month length', () => {
    const first = Date.UTC(1899, 11, 25) / 86_400_000;
    const last = Date.UTC(2201, 0, 5) / 86_400_000;
    let iso = '1899-12-25';
    for (let day = first; day <= last; day++) {
      const ref = reference(day);
      const expected = ref.toISOString().slice(0, 10);
      if (iso !== expected) throw new Error(`day ${day}: addDays reached ${iso}, Date says ${expected}`);
      if (weekday(iso) !== (ref.getUTCDay() || 7)) throw new Error(`${iso}: weekday ${weekday(iso)}, Date says ${ref.getUTCDay() || 7}`);
      if (daysBetween('1970-01-01', iso) !== day) throw new Error(`${iso}: ${daysBetween('1970-01-01', iso)} days after 1970-01-01, expected ${day}`);
      const [y, m] = [ref.getUTCFullYear(), ref.getUTCMonth() + 1];
      if (daysInMonth(y, m) !== new Date(Date.UTC(y, m, 0)).getUTCDate()) throw new Error(`${y}-${m}: ${daysInMonth(y, m)} days`);
      iso = addDays(iso, 1);
    }
  });

  it('knows the Gregorian leap years, and jumps across centuries in one step', () => {
    expect([1900, 2000, 2024, 2025, 2100].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 29, 28, 28]);
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(addDays('2025-03-05', 36_524)).toBe('2125-03-05');
    expect(addDays('2025-03-05', -36_525)).toBe('1925-03-05');
  });

  it('refuses a month outside 1–12 instead of answering with nonsense', () => {
    expect(() => daysInMonth(2025, 13)).toThrow('month 13 is not 1–12');
    expect(isoFromParts(2025, 13, 1)).toBeNull();
    expect(isoFromParts(2025, 2, 29)).toBeNull();
  });
});
