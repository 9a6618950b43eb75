import { describeSchedule } from '../../domain/deadline/describe';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { SPELLINGS, withEachDash } from '../support/spellings';

const dates = (text: string, year = 2025) => {
  const schedule = parseDeadline({ text, year });
  return { kind: schedule.kind, dates: schedule.dates.map((d) => ({ nominal: d.nominal, opensOn: d.opensOn, role: d.role })) };
};

const once = (nominal: string, opensOn: string) => ({ kind: 'once', dates: [{ nominal, opensOn, role: 'deadline' }] });

describe('a range: the end is the deadline, the start opens the occurrence', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it.each([
      ['Từ ngày 05/8 đến hết ngày 25/8/2025', '2025-08-25', '2025-08-05'],
      ['từ ngày 01/7/2025 tới ngày 15/7/2025', '2025-07-15', '2025-07-01'],
      ['Từ tháng 10/2025 đến tháng 3/2026', '2026-03-31', '2025-10-01'],
      ['(Từ 02/9 đến 30/9/2025)', '2025-09-30', '2025-09-02'],
      ['Thực hiện từ Quý I đến hết Quý III năm 2025', '2025-09-30', '2025-01-01'],
      ['Từ 01/12/2025 đến trước ngày 20/12/2025', '2025-12-19', '2025-12-01'],
    ])('reads "%s" as one deadline %s opening %s', (phrase, nominal, opensOn) => {
      expect(dates(spell(phrase))).toEqual(once(nominal, opensOn));
    });
  });

  it.each([
    ...withEachDash('Quý II/2025 ~ Quý IV/2025').map((p) => [p, '2025-12-31', '2025-04-01']),
    ...withEachDash('Từ 10/3 ~ 21/3/2025').map((p) => [p, '2025-03-21', '2025-03-10']),
    ...withEachDash('10/3~21/3/2025').map((p) => [p, '2025-03-21', '2025-03-10']),
    ...withEachDash('tháng 9 ~ 10/2025').map((p) => [p, '2025-10-31', '2025-09-01']),
    ...withEachDash('Giai đoạn 2024 ~ 2026').map((p) => [p, '2026-12-31', '2024-01-01']),
    ...withEachDash('Quí IV/2025 ~ Quí I/2026').map((p) => [p, '2026-03-31', '2025-10-01']),
  ])('reads "%s" with its dash as one deadline %s opening %s', (phrase, nominal, opensOn) => {
    expect(dates(phrase)).toEqual(once(nominal, opensOn));
  });

  it('opens a range in the year before when its start inherits the end year and would fall after it', () => {
    expect(dates('Từ tháng 11 đến tháng 2/2026')).toEqual(once('2026-02-28', '2025-11-01'));
  });

  it('opens "Quý III – Quý I/2026" in the third quarter of 2025', () => {
    expect(dates('Quý III – Quý I/2026')).toEqual(once('2026-03-31', '2025-07-01'));
  });

  it.each([
    ['Từ 20/6 - 02/6/2025', 'Khoảng thời gian bắt đầu 20/06/2025 sau ngày kết thúc 02/06/2025: hãy sửa lại thời hạn (ngày đầu trước, ngày cuối sau).'],
    ['2027 – Quý III/2025', 'Khoảng thời gian bắt đầu 01/01/2027 sau ngày kết thúc 30/09/2025: hãy sửa lại thời hạn (ngày đầu trước, ngày cuối sau).'],
  ])('reports the backward range "%s" instead of guessing', (text, reason) => {
    expect(parseDeadline({ text, year: 2025 })).toMatchObject({ kind: 'unknown', dates: [], reason });
  });

  it('shows the opening date in what it understood', () => {
    const schedule = parseDeadline({ text: 'Từ ngày 05/8 đến hết ngày 25/8/2025', year: 2025 });
    expect(schedule.dates[0].effective).toBe('2025-08-25');
    expect(describeSchedule(schedule)).toBe('Một lần: hạn 25/08/2025 (bắt đầu từ 05/08/2025)');
  });

  it('keeps two dates joined by "và" as two deadlines, not a range', () => {
    expect(dates('15/4/2025 và 15/10/2025').dates.map((d) => d.nominal)).toEqual(['2025-04-15', '2025-10-15']);
  });
});
