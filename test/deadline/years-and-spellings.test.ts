import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { SPELLINGS, withEachDash } from '../support/spellings';

const read = (text: string) => {
  const schedule = parseDeadline({ text, year: 2025 });
  return { kind: schedule.kind, due: schedule.dates.filter((d) => d.role === 'deadline').map((d) => d.nominal) };
};

describe('bare years and the spellings of quarters and half-years', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it.each([
      ['2026', '2026-12-31'],
      ['Hoàn thành 2027', '2027-12-31'],
      ['Năm 2027', '2027-12-31'],
      ['Quí 2/2025', '2025-06-30'],
      ['Quí IV năm 2025', '2025-12-31'],
      ['QII/2025', '2025-06-30'],
      ['Q4/2025', '2025-12-31'],
      ['Q.III/2025', '2025-09-30'],
      ['Quý 1 năm 2026', '2026-03-31'],
      ['Nửa đầu năm 2026', '2026-06-30'],
      ['06 tháng cuối năm 2026', '2026-12-31'],
      ['Cuối năm 2026', '2026-12-31'],
      ['Cuối năm', '2025-12-31'],
    ])('reads "%s" as a single deadline on %s', (phrase, due) => {
      expect(read(spell(phrase))).toEqual({ kind: 'once', due: [due] });
    });
  });

  it.each([
    ...withEachDash('Quí IV~2025').map((p) => [p, '2025-12-31']),
    ...withEachDash('QIII ~ 2026').map((p) => [p, '2026-09-30']),
    ...withEachDash('Tháng 7 ~ 2025').map((p) => [p, '2025-07-31']),
    ...withEachDash('30~11~2025').map((p) => [p, '2025-11-30']),
  ])('reads "%s" with its dash before the year as %s', (phrase, due) => {
    expect(read(phrase)).toEqual({ kind: 'once', due: [due] });
  });

  it.each([
    ['2025-06-30', ['2025-06-30']],
    ['Trước 2025-07-01', ['2025-06-30']],
  ])('reads the ISO date of a workbook\'s date cell "%s"', (phrase, due) => {
    expect(read(phrase)).toEqual({ kind: 'once', due });
  });

  it('says the year is stated when a bare year is written', () => {
    expect(parseDeadline({ text: '2026', year: 2025 }).implied.map((i) => i.field)).toEqual(['day']);
  });

  it.each(['Q10', 'Quy định hiện hành', 'Số liệu 100%'])('does not read "%s" as a quarter or a year', (text) => {
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule.kind).toBe('unknown');
    expect(schedule.reason).toMatch(/hãy ghi/);
  });

  it('still reports an impossible quarter in the short spelling\'s long form', () => {
    expect(parseDeadline({ text: 'Quí V/2025', year: 2025 }).reason).toMatch(/Quý "V" không có/);
  });
});
