import { pickDeadlineContext } from '../../domain/plan/deadline-context';

describe('the clause that sharpens a deadline', () => {
  it('takes the monthly due day from the content, not the reporting period', () => {
    const content =
      'Báo cáo định kỳ hàng hàng Quyết định 933/QĐ-TTg năm 2023; Quyết định 240/QĐ-TTg năm 2025 (thời gian chốt số liệu báo cáo từ ngày 21 tháng trước đến ngày 20 tháng sau) gửi báo cáo về UBND tỉnh trước ngày 22 hàng tháng';
    expect(pickDeadlineContext({ content })).toContain('trước ngày 22 hàng tháng');
  });

  it('takes an SLA and its condition from the note', () => {
    const note = 'Chậm nhất sau 10 ngày kể từ ngày có quyết định Công bố TTHC; danh mục TTHC của Chủ tịch UBND tỉnh. Trường hợp lấy ý kiến cấp huyện, cấp xã thì không quá 15 ngày.';
    const context = pickDeadlineContext({ note })!;
    expect(context).toContain('Chậm nhất sau 10 ngày');
    expect(context).toContain('không quá 15 ngày');
    expect(context).not.toContain('danh mục TTHC của Chủ tịch');
  });

  it('returns nothing when no cell speaks of time', () => {
    expect(pickDeadlineContext({ note: 'Quyết định số 240/QĐ-TTg', content: 'Kế hoạch rà soát', output: 'Công văn rà soát' })).toBeUndefined();
  });
});
