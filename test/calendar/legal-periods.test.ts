import { legalCalendar } from '../../domain/calendar/legal-calendar';

const calendar = legalCalendar();

describe('Điều 147–148 and working-day arithmetic', () => {
  it('does not count the event day: 10 days from receipt on 03/03/2025 end on 13/03', () => {
    expect(calendar.addCalendarDaysFrom('2025-03-03', 10)).toBe('2025-03-13');
  });

  it('moves a deadline on Sunday 30/03/2025 to Monday 31/03', () => {
    expect(calendar.effectiveDue('2025-03-30')).toBe('2025-03-31');
  });

  it('moves a deadline on 30/04/2025 past the holidays and the swapped Friday to Monday 05/05', () => {
    expect(calendar.effectiveDue('2025-04-30')).toBe('2025-05-05');
  });

  it('moves a deadline inside Tết 2025 to Monday 03/02/2025', () => {
    expect(calendar.effectiveDue('2025-01-29')).toBe('2025-02-03');
  });

  it('keeps a deadline that already falls on a working day', () => {
    expect(calendar.effectiveDue('2025-03-31')).toBe('2025-03-31');
  });

  it('counts working days across Tết: 3 working days after Friday 24/01/2025 is Wednesday 05/02', () => {
    expect(calendar.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(calendar.addWorkingDays('2025-02-05', -3)).toBe('2025-01-24');
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-05')).toBe(3);
  });

  it('counts the swapped Saturday as a working day in SLA arithmetic', () => {
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.nextWorkingDay('2025-04-29')).toBe('2025-05-05');
    expect(calendar.previousWorkingDay('2025-05-05')).toBe('2025-04-29');
  });
});
