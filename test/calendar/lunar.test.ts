import { lunarToSolar, solarToLunar, tetDate } from '../../domain/calendar/lunar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2000, '2000-02-05'],
    [2004, '2004-01-22'],
    [2012, '2012-01-23'],
    [2020, '2020-01-25'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2050, '2050-01-23'],
  ])('puts mùng 1 Tết %i on %s', (year, expected) => {
    expect(tetDate(year)).toBe(expected);
  });

  it('follows the Vietnamese meridian where it differs from the Chinese calendar', () => {
    // New moons just before midnight at UTC+7 fall a day earlier than at UTC+8.
    expect(tetDate(2007)).toBe('2007-02-17');
    expect(tetDate(2030)).toBe('2030-02-02');
  });

  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('puts Giỗ Tổ Hùng Vương (10/3 âm lịch) %i on %s', (year, expected) => {
    expect(lunarToSolar({ day: 10, month: 3, year, leap: false })).toBe(expected);
  });

  it('knows the leap sixth month of 2025 and refuses a leap month a year lacks', () => {
    expect(solarToLunar(25, 7, 2025)).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ day: 1, month: 3, year: 2025, leap: true })).toBeNull();
  });

  it('round-trips every day of 2000–2100 from solar to lunar and back', () => {
    for (let year = 2000; year <= 2100; year += 1) {
      for (const [month, day] of [[1, 1], [3, 15], [6, 30], [9, 2], [12, 31]]) {
        const lunar = solarToLunar(day, month, year);
        const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        expect(lunarToSolar(lunar)).toBe(iso);
      }
    }
  });
});
