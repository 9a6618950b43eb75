import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { owedSteps } from '../../domain/delivery/owed-steps';
import { atLocalHour, DEFAULT_POLICY, plannedSteps } from '../../domain/policy/reminders';

const calendar = legalCalendar();
const at = (day: string, hour = 8) => atLocalHour(day as never, hour);

describe('what an occurrence owes from the day its row starts', () => {
  it('owes the whole ladder to a row started before its first reminder', () => {
    const steps = owedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, at('2035-03-01'), at('2035-05-15'));
    expect(steps.map((s) => s.step)).toEqual(['nhac-7', 'nhac-3', 'nhac-1', 'nhac-0', 'qua-han-1', 'lanh-dao', 'hang-tuan-1']);
  });

  it('says once that an occurrence was overdue at import, to the head and to the leader, then continues the weekly list', () => {
    // Deadline Wednesday 02/05/2035, imported Monday 04/06/2035 at 10:00: every step of May is past.
    const from = at('2035-06-04', 10);
    const steps = owedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, from, at('2035-06-20'));
    expect(steps.slice(0, 2).map((s) => [s.step, s.audience, s.at === from])).toEqual([
      ['qua-han-khi-nhap', 'head+office', true],
      ['lanh-dao-khi-nhap', 'leader', true],
    ]);
    expect(steps[0].why).toBe('quá hạn 33 ngày khi nhập kế hoạch (hạn 02/05/2035)');
    // No flood of the past: the weekly repeats before the import are not owed, the ones after are.
    expect(steps.slice(2).every((s) => s.at >= from && s.step.startsWith('hang-tuan-'))).toBe(true);
    expect(steps.length).toBeGreaterThan(2);
  });

  it('owes only the head\'s line when the leader\'s step is still ahead', () => {
    // Deadline 02/05, first escalation Thursday 03/05, leader Tuesday 08/05: imported on Friday 04/05.
    const steps = owedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, at('2035-05-04', 9), at('2035-05-20'));
    expect(steps.map((s) => s.step).slice(0, 2)).toEqual(['qua-han-khi-nhap', 'lanh-dao']);
  });

  it('reminds once on import when the deadline is today and every reminder has passed', () => {
    const steps = owedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, at('2035-05-02', 10), at('2035-05-03', 9));
    expect(steps.map((s) => s.step)).toEqual(['nhac-khi-nhap', 'qua-han-1']);
    expect(steps[0].copyCoordinating).toBe(true);
  });

  it('keeps an overdue occurrence on the leader\'s list past a year, where the ladder used to stop after 52 weeks', () => {
    const twoYearsOn = at('2037-05-10');
    const steps = owedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, at('2035-01-02'), twoYearsOn);
    const weekly = steps.filter((s) => s.step.startsWith('hang-tuan-'));
    expect(weekly.length).toBeGreaterThan(100);
    expect(weekly[weekly.length - 1].at).toBeGreaterThan(at('2037-05-01'));
    expect(plannedSteps('2035-05-02', '2035-01-01', DEFAULT_POLICY, calendar, 52).filter((s) => s.step.startsWith('hang-tuan-'))).toHaveLength(52);
  });
});
