import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { DEFAULT_POLICY, plannedSteps } from '../../domain/policy/reminders';

const calendar = legalCalendar();
const vnTime = (ms: number) => new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');

describe('reminder and escalation policy', () => {
  it('reminds 7, 3 and 1 working days before the effective deadline and on the day, at 08:00 Vietnam time', () => {
    // Effective deadline Monday 31/03/2025 ("Trước 30/3/2025" falls on Saturday 29/03).
    const steps = plannedSteps('2025-03-31', '2025-03-05', DEFAULT_POLICY, calendar).filter((s) => s.kind === 'reminder');
    expect(steps.map((s) => [s.step, vnTime(s.at)])).toEqual([
      ['nhac-7', '2025-03-20 08:00'],
      ['nhac-3', '2025-03-26 08:00'],
      ['nhac-1', '2025-03-28 08:00'],
      ['nhac-0', '2025-03-31 08:00'],
    ]);
    expect(steps[0].copyCoordinating).toBe(true);
    expect(steps.slice(1).every((s) => !s.copyCoordinating)).toBe(true);
  });

  it('counts back over 30/4–1/5 and the swapped Friday, and reminds on the working Saturday 26/04', () => {
    const steps = plannedSteps('2025-05-05', '2025-03-05', DEFAULT_POLICY, calendar).filter((s) => s.kind === 'reminder');
    expect(steps.map((s) => s.day)).toEqual(['2025-04-22', '2025-04-26', '2025-04-29', '2025-05-05']);
  });

  it('escalates the next working day to the head with the office, after 3 more to the leader, then weekly', () => {
    const steps = plannedSteps('2025-03-31', '2025-03-05', DEFAULT_POLICY, calendar, 2).filter((s) => s.kind === 'escalation');
    expect(steps.map((s) => [s.step, s.day, s.audience])).toEqual([
      ['qua-han-1', '2025-04-01', 'head+office'],
      ['lanh-dao', '2025-04-04', 'leader'],
      ['hang-tuan-1', '2025-04-11', 'leader'],
      ['hang-tuan-2', '2025-04-18', 'leader'],
    ]);
  });

  it('sends one reminder on opening when the occurrence opens after every reminder day', () => {
    const steps = plannedSteps('2025-03-31', '2025-03-31', DEFAULT_POLICY, calendar).filter((s) => s.kind === 'reminder');
    expect(steps.map((s) => s.step)).toEqual(['nhac-0']);
    const late = plannedSteps('2025-03-31', '2025-04-02', DEFAULT_POLICY, calendar).filter((s) => s.kind === 'reminder');
    expect(late.map((s) => [s.step, s.day])).toEqual([['nhac-mo', '2025-04-02']]);
  });
});

describe('local hours in Vietnam', () => {
  it('puts 08:00 in Asia/Ho_Chi_Minh at 01:00 UTC, as the time-zone database does', async () => {
    const { DateTime } = await import('luxon');
    const { atLocalHour } = await import('../../domain/policy/reminders');
    for (const day of ['2025-01-01', '2025-06-30', '2035-12-31']) {
      expect(atLocalHour(day, 8)).toBe(DateTime.fromISO(`${day}T08:00`, { zone: 'Asia/Ho_Chi_Minh' }).toMillis());
    }
  });
});
