import { describeSchedule } from '../../domain/deadline/describe';
import { parseDeadline } from '../../domain/deadline/parse-deadline';

/** The families real documents use (issue 19): read when the grammar can, otherwise marked for the office. */
const read = (text: string, year = 2025) => parseDeadline({ text, year });

describe('families of real deadline cells', () => {
  it('reads "M/YYYY" alone as that month', () => {
    expect(read('6/2025')).toMatchObject({ kind: 'once', dates: [{ nominal: '2025-06-30' }] });
    expect(read('6/2025').toConfirm).toBeUndefined();
    expect(read('quý 2/2025')).toMatchObject({ kind: 'once', dates: [{ nominal: '2025-06-30' }] });
  });

  it('never reads a count of working days as a date', () => {
    const s = read('05-07 ngày làm việc');
    expect(s.kind).toBe('unknown');
    expect(s.dates).toEqual([]);
  });

  it('reads "định kỳ (trước ngày X tháng Y)" without "hằng năm" as yearly', () => {
    const s = read('định kỳ (trước ngày 15 tháng 12)');
    expect(s).toMatchObject({ kind: 'recurring', rule: { freq: 'yearly', month: 12, day: 14 } });
    expect(s.implied.map((i) => i.field)).toContain('rule');
    // With a year it stays a dated deadline.
    expect(read('định kỳ, trước ngày 15/12/2025').kind).toBe('once');
  });

  it('reads a range of years to its end', () => {
    expect(read('Từ năm 2025 - 2027')).toMatchObject({ kind: 'once', dates: [{ nominal: '2027-12-31', opensOn: '2025-01-01' }] });
  });

  it.each([
    ['Báo cáo tháng: trước ngày 20 hằng tháng; Báo cáo quý: trước ngày 15 tháng cuối quý; Báo cáo năm: trước ngày 15/12', 'kỳ báo cáo'],
    ['Tháng 6/2025 và thực hiện thường xuyên', 'cả một hạn và việc làm thường xuyên'],
    ['Năm 2025 và những năm tiếp theo', 'những năm tiếp theo'],
    ['từ tháng 3/2025 đến khi hoàn thành', '"đến khi …"'],
    ['Trước khi trình UBND tỉnh', '"trước khi …"'],
    ['Theo chỉ đạo tại Thông báo số 12/TB-UBND', 'dẫn một văn bản đã có'],
    ['Báo cáo 6 tháng đầu năm', 'tên kỳ báo cáo'],
    ['đối với kinh phí năm 2024: trước 30/6/2025', 'mà không nói việc nào'],
  ])('marks "%s" for the office to confirm', (text, says) => {
    const s = read(text);
    expect(s.kind).not.toBe('unknown');
    expect(s.toConfirm).toContain(says);
    expect(describeSchedule(s)).toContain('(cần xác nhận)');
  });

  it('keeps the event rows it read before unmarked', () => {
    for (const text of ['Khi VPUBND tỉnh có Công văn yêu cầu rà soát', 'Sau khi Chính phủ ban hành Nghị định', 'Theo yêu cầu của Bộ', 'Định kỳ/đột xuất']) {
      expect({ text, toConfirm: read(text).toConfirm }).toEqual({ text, toConfirm: undefined });
    }
  });
});
