import { classifyExpectedOutput, evidenceMatches, parseDocumentNumber } from '../../domain/plan/evidence-type';

describe('expected output and document numbers', () => {
  it.each([
    ['Kế hoạch rà soát quy định thủ tục hành chính năm 2025', 'KH'],
    ['Báo cáo kết quả rà soát, đánh giá thủ tục hành chính', 'BC'],
    ['Văn bản báo cáo', 'BC'],
    ['Kiểm tra, Báo cáo kết quả kiểm tra; Văn bản kiến nghị các biện pháp chấn chỉnh', 'BC'],
    ['Công văn rà soát', 'CV'],
    ['Quyết định/ Kế hoạch/ Đề án phê duyệt phương án đơn giản hóa', 'QĐ'],
    ['Danh sách công khai', 'DS'],
    ['Thư xin lỗi', 'THƯ'],
    ['Văn bản công khai', 'VB'],
    ['Tin, bài, phóng sự', 'KHÁC'],
  ])('classifies "%s" as %s', (output, type) => {
    expect(classifyExpectedOutput(output)).toBe(type);
  });

  it('reads the type symbol of a document number, and a number without one as a Công văn', () => {
    expect(parseDocumentNumber('662/BC-SKHCN')).toEqual({ number: 662, type: 'BC', symbol: 'BC', issuer: 'SKHCN' });
    expect(parseDocumentNumber('123/qđ-skhcn')?.type).toBe('QĐ');
    expect(parseDocumentNumber('45/SKHCN-VP')?.type).toBe('CV');
    expect(parseDocumentNumber('BC-SKHCN')).toBeNull();
    expect(parseDocumentNumber('662 BC SKHCN')).toBeNull();
  });

  it('accepts only a matching document type for a named output', () => {
    expect(evidenceMatches('BC', 'BC')).toBe(true);
    expect(evidenceMatches('BC', 'CV')).toBe(false);
    expect(evidenceMatches('KHÁC', 'CV')).toBe(true);
  });
});
