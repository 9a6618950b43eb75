import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { RowCells } from '../../domain/deadline/schedule';
import { SPELLINGS } from '../support/spellings';

const spellRow = (row: RowCells, spell: (s: string) => string): RowCells => ({
  content: row.content && spell(row.content),
  output: row.output && spell(row.output),
  headings: row.headings?.map(spell),
});

describe('deadlines an empty cell implies, always marked implied', () => {
  describe.each(SPELLINGS)('%s', (_label, spell) => {
    it('gives an indicator of a year the year end, evaluated in that year\'s report', () => {
      const schedule = parseDeadline({ text: '', year: 2025, row: spellRow({ content: 'Tỷ lệ hồ sơ trực tuyến', output: 'Chỉ tiêu năm 2026: tối thiểu 95%' }, spell) });
      expect(schedule).toMatchObject({ kind: 'once', trigger: false, inferred: { rule: 'indicator-year-end' } });
      expect(schedule.dates).toEqual([{ nominal: '2026-12-31', effective: '2026-12-31', role: 'deadline', label: 'đánh giá trong báo cáo năm 2026' }]);
      expect(schedule.implied).toEqual([expect.objectContaining({ field: 'period', value: '2026-12-31' })]);
      expect(schedule.inferred!.reason).toMatch(/suy ra hạn cuối năm 31\/12\/2026.*Văn phòng cần xác nhận/);
    });

    it('takes the plan year for an indicator under a heading that gives none, and says so', () => {
      const schedule = parseDeadline({ text: ' ', year: 2025, row: spellRow({ content: 'Mức độ hài lòng của người dân', output: '90%', headings: ['Giao chỉ tiêu về cải cách TTHC'] }, spell) });
      expect(schedule.dates.map((d) => d.nominal)).toEqual(['2025-12-31']);
      expect(schedule.implied.map((i) => i.field)).toEqual(['year', 'period']);
    });

    it.each([
      'Duy trì hoạt động của Bộ phận Một cửa',
      'Tiếp tục thực hiện Đề án 06',
      '2. Thực hiện thường xuyên việc cập nhật cơ sở dữ liệu',
    ])('makes continuing work "%s" continuous with a monthly check-in', (content) => {
      const schedule = parseDeadline({ text: '', year: 2025, row: spellRow({ content }, spell) });
      expect(schedule).toMatchObject({ kind: 'continuous', trigger: false, dates: [], checkIn: { freq: 'monthly', day: 20 }, inferred: { rule: 'continuing-work' } });
      expect(schedule.implied.map((i) => i.field)).toEqual(['check-in', 'rule']);
    });
  });

  it('checks in weekly on continuing work with a weekly quota', () => {
    const schedule = parseDeadline({ text: '–', year: 2025, row: { content: 'Duy trì đăng ít nhất 2 tin, bài/tuần trên Cổng thông tin' } });
    expect(schedule).toMatchObject({ kind: 'continuous', checkIn: { freq: 'weekly', weekday: 5 } });
  });

  it('never implies anything when the cell states a deadline', () => {
    const schedule = parseDeadline({ text: 'Quý II/2025', year: 2025, row: { output: 'Chỉ tiêu năm 2025: 80%', content: 'Duy trì tỷ lệ' } });
    expect(schedule.inferred).toBeUndefined();
    expect(schedule.dates.map((d) => d.nominal)).toEqual(['2025-06-30']);
  });

  it('leaves an empty cell unknown when nothing in the row implies a deadline', () => {
    const schedule = parseDeadline({ text: '', year: 2025, row: { content: 'Xây dựng quy chế phối hợp', output: 'Quy chế' } });
    expect(schedule.kind).toBe('unknown');
    expect(schedule.inferred).toBeUndefined();
    expect(schedule.reason).toMatch(/^Ô thời hạn trống: hãy ghi/);
  });

  it('does not take a task about indicators for an indicator', () => {
    expect(parseDeadline({ text: '', year: 2025, row: { content: 'Xây dựng bộ chỉ tiêu thống kê', output: 'Quyết định' } }).kind).toBe('unknown');
  });

  it('does not take "tiếp tục" in the middle of the content for continuing work', () => {
    expect(parseDeadline({ text: '', year: 2025, row: { content: 'Rà soát và tiếp tục cắt giảm TTHC' } }).kind).toBe('unknown');
  });
});
