import { fieldOf } from '../../activities/plan-files/columns';

/** Headers as offices write them, each read by the role its words name, with or without diacritics. */
describe('plan table columns by role', () => {
  it.each([
    ['STT', 'order'],
    ['TT', 'order'],
    ['Số TT', 'order'],
    ['Nội dung công việc', 'content'],
    ['Nội dung nhiệm vụ', 'content'],
    ['Tên nhiệm vụ', 'content'],
    ['Nhiệm vụ', 'content'],
    ['Cơ quan/Đơn vị chủ trì', 'lead'],
    ['Đơn vị thực hiện', 'lead'],
    ['Cơ quan thực hiện', 'lead'],
    ['Đơn vị thực hiện Chủ trì', 'lead'],
    ['Đơn vị thực hiện Phối hợp', 'coordinating'],
    ['Cơ quan phối hợp', 'coordinating'],
    ['Thời gian thực hiện', 'deadline'],
    ['Thời hạn', 'deadline'],
    ['Tiến độ', 'deadline'],
    ['Thoi gian hoan thanh', 'deadline'],
    ['Kết quả/sản phẩm', 'output'],
    ['Sản phẩm', 'output'],
    ['Hình thức văn bản', 'output'],
    ['Kết quả thực hiện', 'output'],
    ['Dự kiến sản phẩm đầu ra', 'output'],
    ['Ghi chú', 'note'],
  ])('reads "%s" as %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
    expect(fieldOf(header.normalize('NFD'))).toBe(field);
  });

  it.each(['Thời gian bắt đầu', 'Chỉ tiêu năm 2025', 'Cơ quan chủ trì đánh giá', 'Đơn vị', 'Đơn vị tính', 'Kinh phí (triệu đồng)', ''])('reads "%s" as no task column', (header) => {
    expect(fieldOf(header)).toBeNull();
  });
});
