import { MAX_DEADLINES_PER_CELL } from '../../domain/deadline/constants';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { SPELLINGS } from '../support/spellings';

const roles = (text: string) => parseDeadline({ text, year: 2025 }).dates.map((d) => [d.nominal, d.role]);

describe('choices, repeated dates, audiences and the bound on deadlines per cell', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it.each([
      ['Quý IV năm 2025 hoặc Quý III năm 2025', [['2025-09-30', 'target'], ['2025-12-31', 'deadline']]],
      ['Tháng 12/2025 hoặc tháng 10/2025 hoặc tháng 11/2025', [['2025-10-31', 'target'], ['2025-11-30', 'target'], ['2025-12-31', 'deadline']]],
      ['Quý III hoặc quý II 2026', [['2026-06-30', 'target'], ['2026-09-30', 'deadline']]],
      ['31/10/2025 (31/10/2025)', [['2025-10-31', 'deadline']]],
      ['Tháng 5/2025; tháng 05 năm 2025', [['2025-05-31', 'deadline']]],
      ['Quý III/2025 hoặc 30/9/2025', [['2025-09-30', 'deadline']]],
    ])('reads "%s" as %j', (phrase, expected) => {
      expect(roles(spell(phrase))).toEqual(expected);
    });
  });

  it('keeps dates for different audiences as labelled milestones', () => {
    const schedule = parseDeadline({ text: 'Tiểu học: 20/5/2025; THCS: 22/5/2025', year: 2025 });
    expect(schedule.dates.map((d) => [d.nominal, d.role, d.label])).toEqual([
      ['2025-05-20', 'deadline', 'Tiểu học'],
      ['2025-05-22', 'deadline', 'THCS'],
    ]);
  });

  it('takes a milestone\'s label from before its date when the phrase opens with one', () => {
    const schedule = parseDeadline({ text: 'Nghiệm thu (chậm nhất 30/9/2025); quyết toán (trước 15/10/2025)', year: 2025 });
    expect(schedule.dates.map((d) => [d.nominal, d.label])).toEqual([
      ['2025-09-30', 'Nghiệm thu'],
      ['2025-10-14', 'quyết toán'],
    ]);
  });

  it('shares "trước" along a list of dates and labels none when only the first has words before it', () => {
    const schedule = parseDeadline({ text: 'Hoàn thành trước 15/4/2025 và 15/10/2025', year: 2025 });
    expect(schedule.dates.map((d) => [d.nominal, d.label])).toEqual([
      ['2025-04-14', undefined],
      ['2025-10-14', undefined],
    ]);
  });

  it('lists milestones on the same date once, with both audiences', () => {
    const schedule = parseDeadline({ text: 'Tiểu học: 20/5/2025; Mầm non: 20/5/2025; THPT: chậm nhất 27/5/2025', year: 2025 });
    expect(schedule.dates.map((d) => [d.nominal, d.label])).toEqual([
      ['2025-05-20', 'Tiểu học; Mầm non'],
      ['2025-05-27', 'THPT'],
    ]);
  });

  it(`reads ${MAX_DEADLINES_PER_CELL} dates in one cell`, () => {
    const text = Array.from({ length: 24 }, (_, i) => `${String((i % 12) + 1).padStart(2, '0')}/${i < 12 ? 3 : 4}/2025`).join('; ');
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule.kind).toBe('once');
    expect(schedule.dates).toHaveLength(24);
    expect(schedule.dates[23].nominal).toBe('2025-04-12');
  });

  it('makes a 25th date an unknown schedule with a reason the office can act on', () => {
    const text = Array.from({ length: 25 }, (_, i) => `${(i % 25) + 1}/5/2025`).join(', ');
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule).toMatchObject({ kind: 'unknown', dates: [] });
    expect(schedule.reason).toBe(
      'Ô thời hạn ghi 25 hạn, nhiều hơn 24 hạn mà một dòng kế hoạch được có: hãy tách thành nhiều dòng, hoặc ghi một chu kỳ ("hằng tháng", "ngày 05 hằng tháng").',
    );
  });

  it('bounds the yearly dates of one rule too', () => {
    const text = `Hằng năm, trước ngày ${Array.from({ length: 25 }, (_, i) => `${(i % 25) + 2}/1`).join(' và ')}`;
    expect(parseDeadline({ text, year: 2025 })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('ghi 25 hạn') });
  });

  it('gives a cell of 84 distinct dates, each written twice, no deadline at all, only the reason', () => {
    const text = Array.from({ length: 168 }, (_, i) => `${(i % 28) + 1}/${(i % 12) + 1}/2025`).join('; ');
    expect(text.length).toBeLessThan(2000);
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule).toMatchObject({ kind: 'unknown', dates: [] });
    expect(schedule.reason).toMatch(/^Ô thời hạn ghi 84 hạn, nhiều hơn 24 hạn/);
  });

  it('gives a 180 KB cell the reason that it is too long to be a deadline cell', () => {
    const text = Array.from({ length: 18_000 }, (_, i) => `${(i % 28) + 1}/${(i % 12) + 1}/2025`).join('; ');
    expect(parseDeadline({ text, year: 2025 })).toMatchObject({ kind: 'unknown', dates: [], reason: expect.stringMatching(/^Ô thời hạn dài 1\d\d\.\d{3} ký tự, quá 2\.000 ký tự/) });
  });
});
