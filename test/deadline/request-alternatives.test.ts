import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { SPELLINGS } from '../support/spellings';

const read = (text: string) => {
  const schedule = parseDeadline({ text, year: 2025 });
  return { kind: schedule.kind, due: schedule.dates.map((d) => d.nominal), trigger: schedule.trigger };
};

describe('request-driven alternatives can also be triggered', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it.each([
      ['Quý III/2025 hoặc theo đề nghị của Sở Nội vụ', { kind: 'once', due: ['2025-09-30'], trigger: true }],
      ['Tháng 8/2025, hoặc khi có yêu cầu', { kind: 'once', due: ['2025-08-31'], trigger: true }],
      ['Cuối năm (hoặc nếu có yêu cầu)', { kind: 'once', due: ['2025-12-31'], trigger: true }],
      ['Theo yêu cầu của UBND tỉnh', { kind: 'event', due: [], trigger: true }],
      ['Theo đề nghị của Văn phòng Chính phủ', { kind: 'event', due: [], trigger: true }],
      ['Khi được yêu cầu', { kind: 'event', due: [], trigger: true }],
    ])('reads "%s"', (phrase, expected) => {
      expect(read(spell(phrase))).toEqual(expected);
    });

    it('keeps a recurring rule and adds requests as triggers', () => {
      const schedule = parseDeadline({ text: spell('Hằng quý hoặc theo đề xuất của Bộ'), year: 2025 });
      expect(schedule).toMatchObject({ kind: 'recurring', trigger: true, rule: { freq: 'quarterly', monthOfQuarter: 3, day: 'last' } });
    });
  });

  it('does not trigger a dated row without a request', () => {
    expect(read('Quý III/2025')).toEqual({ kind: 'once', due: ['2025-09-30'], trigger: false });
  });
});
