import { describeRule } from '../../domain/deadline/describe';
import { occurrences, opensOn } from '../../domain/deadline/occurrences';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { SPELLINGS } from '../support/spellings';

const dueIn = (text: string, year = 2025) => {
  const schedule = parseDeadline({ text, year });
  return { kind: schedule.kind, due: occurrences(schedule, { from: `${year}-01-01`, to: `${year}-12-31` }).map((d) => d.nominal) };
};

const recurring = (...due: string[]) => ({ kind: 'recurring', due });

describe('a day stated inside a recurring period, in either order, with or without brackets', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it.each([
      ['Hằng năm, chậm nhất ngày 25/11', recurring('2025-11-25')],
      ['(Trước ngày 05/4) hàng năm', recurring('2025-04-04')],
      ['Định kỳ hằng năm, trước ngày 15 tháng 11', recurring('2025-11-14')],
      ['Hàng năm [chậm nhất là ngày 30 tháng 9]', recurring('2025-09-30')],
      ['trước ngày 20/6 và 20/12 hằng năm', recurring('2025-06-19', '2025-12-19')],
      ['Hằng năm vào ngày 31/3 và 30/9', recurring('2025-03-31', '2025-09-30')],
      ['Hàng tháng, (chậm nhất ngày 12)', recurring(...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2025-${m}-12`))],
      ['(Trước ngày 18) hàng tháng', recurring(...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2025-${m}-17`))],
      ['Hàng quý (trước ngày 10)', recurring('2025-03-09', '2025-06-09', '2025-09-09', '2025-12-09')],
      ['Chậm nhất ngày 15 của tháng cuối quý, hàng quý', recurring('2025-03-15', '2025-06-15', '2025-09-15', '2025-12-15')],
      ['Hằng quý; chậm nhất ngày 17 của tháng cuối quý', recurring('2025-03-17', '2025-06-17', '2025-09-17', '2025-12-17')],
      ['6 tháng/lần (trước ngày 16)', recurring('2025-06-15', '2025-12-15')],
    ])('reads "%s"', (phrase, expected) => {
      expect(dueIn(spell(phrase))).toEqual(expected);
    });
  });

  it('keeps "trước ngày 01/3 hằng năm" on the last day of February, 29/02 in a leap year', () => {
    expect(dueIn('Hàng năm (trước ngày 01/3)', 2025).due).toEqual(['2025-02-28']);
    expect(dueIn('Hàng năm (trước ngày 01/3)', 2028).due).toEqual(['2028-02-29']);
  });

  it('opens the second yearly occurrence the day after the first is due', () => {
    const { rule } = parseDeadline({ text: 'trước ngày 20/6 và 20/12 hằng năm', year: 2025 });
    expect(rule).toEqual({ freq: 'yearly', month: 6, day: 19, alsoOn: [{ month: 12, day: 19 }] });
    expect(opensOn(rule!, '2025-12-19', '2025-03-05')).toBe('2025-06-20');
    expect(opensOn(rule!, '2025-06-19', '2025-03-05')).toBe('2025-03-05');
  });

  it('reads "trước ngày 01" of each month as the last day of the month before', () => {
    expect(dueIn('Hàng tháng (trước ngày 01)').due.slice(0, 3)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
    expect(dueIn('Trước ngày 01 hằng tháng').due.slice(0, 3)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });

  it.each([
    ['Hàng tháng (ngày 45)', 'Ngày 45 không có trong tháng (chỉ có ngày 1 đến 31): hãy sửa lại thời hạn.'],
    ['Ngày 99 hằng tháng', 'Ngày 99 không có trong tháng (chỉ có ngày 1 đến 31): hãy sửa lại thời hạn.'],
    ['Chậm nhất ngày 40 của tháng cuối quý', 'Ngày 40 không có trong tháng (chỉ có ngày 1 đến 31): hãy sửa lại thời hạn.'],
  ])('reports the impossible day in "%s"', (text, reason) => {
    expect(parseDeadline({ text, year: 2025 })).toMatchObject({ kind: 'unknown', reason });
  });

  it('states the day, so the office is not asked about it', () => {
    expect(parseDeadline({ text: 'Hàng tháng (trước ngày 18)', year: 2025 }).implied).toEqual([]);
    expect(parseDeadline({ text: 'Hàng tháng', year: 2025 }).implied.map((i) => i.field)).toEqual(['day']);
  });

  it('describes several yearly dates', () => {
    expect(describeRule({ freq: 'yearly', month: 6, day: 19, alsoOn: [{ month: 12, day: 'last' }] })).toBe(
      'hằng năm, ngày 19 tháng 6 và ngày cuối tháng 12',
    );
  });
});
