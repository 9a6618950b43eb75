import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { computedHolidays } from '../../domain/calendar/holidays';

const calendar = legalCalendar();
const offDays = (year: number) => calendar.nonWorkingDays(year).filter((d) => d.kind !== 'weekend').map((d) => d.date);

describe('public holidays (BLLĐ 2019 Điều 112) and yearly decisions', () => {
  it('applies the 2025 decision: Tết 27–31/01, Giỗ Tổ 07/04, 30/4–1/5 with 02/05 swapped, 01–02/09', () => {
    expect(offDays(2025)).toEqual([
      '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
      '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02',
    ]);
    expect(calendar.sourceOf(2025)).toBe('decision');
  });

  it('makes Saturday 26/04/2025 a working day in exchange for Friday 02/05', () => {
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-19')).toBe(false);
  });

  it('gives Monday 27/04/2026 off for Giỗ Tổ falling on Sunday 26/04/2026', () => {
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(offDays(2026)).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-20', '2026-04-30', '2026-05-01', '2026-09-02']));
  });

  it('computes 2027 without a decision: Tết from 05/02 with two compensatory days for the weekend', () => {
    expect(calendar.sourceOf(2027)).toBe('computed');
    const holidays = computedHolidays(2027);
    const tet = holidays.filter((h) => h.name.startsWith('Tết Nguyên đán')).map((h) => h.date);
    expect(tet).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    const compensatory = holidays.filter((h) => h.kind === 'compensatory').map((h) => h.date);
    // Tết on Sat 06/02 and Sun 07/02 → Wed 10/02 and Thu 11/02, after the holiday block.
    expect(compensatory).toEqual(expect.arrayContaining(['2027-02-10', '2027-02-11']));
    expect(holidays.map((h) => h.date)).toEqual(expect.arrayContaining(['2027-04-16', '2027-04-30', '2027-05-01', '2027-09-02', '2027-09-03']));
  });

  it('compensates a holiday on Saturday with the next working day (1/5/2027 → Monday 03/05)', () => {
    expect(computedHolidays(2027).find((h) => h.kind === 'compensatory' && h.name.includes('1/5'))?.date).toBe('2027-05-03');
  });

  it('joins Quốc khánh to the weekend: Monday 01/09 when 2/9 is a Tuesday, Friday 03/09 when it is a Thursday', () => {
    expect(computedHolidays(2025).map((h) => h.date)).toContain('2025-09-01');
    expect(computedHolidays(2027).map((h) => h.date)).toContain('2027-09-03');
  });

  it('refuses a year outside 2000–2100 with a clear reason', () => {
    expect(() => computedHolidays(1999)).toThrow(/1999.*2000–2100/);
  });
});
