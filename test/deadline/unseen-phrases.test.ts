import { deadlineJson } from '../../client/commands/deadline';
import { parseDeadline } from '../../domain/deadline/parse-deadline';

const read = (text: string, context?: string) => deadlineJson(parseDeadline({ text, context, year: 2025 }));

/** Phrases in the style of other provinces' plans, never seen while the grammar was written. */
describe('phrases from other plans', () => {
  it.each([
    ['Trước ngày 15/12 hằng năm', 'recurring', ['2025-12-14'], false],
    ['Định kỳ 6 tháng, năm', 'recurring', ['2025-06-30', '2025-12-31'], false],
    ['Tháng 9-10/2025', 'once', ['2025-10-31'], false],
    ['Quý IV/2025', 'once', ['2025-12-31'], false],
    ['Từ tháng 4 đến tháng 6/2025', 'once', ['2025-06-30'], false],
    ['Trước 20/11/2025', 'once', ['2025-11-19'], false],
    ['Hoàn thành trong năm 2025', 'once', ['2025-12-31'], false],
    ['Ngày 10 hằng tháng', 'recurring', ['2025-01-10', '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-10', '2025-06-10', '2025-07-10', '2025-08-10', '2025-09-10', '2025-10-10', '2025-11-10', '2025-12-10'], false],
    ['Định kỳ hàng quý và đột xuất', 'recurring', ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31'], true],
    ['Tháng 11/2025 hoặc theo yêu cầu', 'once', ['2025-11-30'], true],
    ['30/6/2025 và 31/12/2025', 'once', ['2025-06-30', '2025-12-31'], false],
    ['Trong vòng 15 ngày làm việc kể từ ngày nhận được hồ sơ', 'event', [], true],
    ['Khi có văn bản chỉ đạo của UBND tỉnh', 'event', [], true],
    ['Cả năm', 'once', ['2025-12-31'], false],
    ['Trước ngày 31/3/2026', 'once', ['2026-03-30'], false],
    ['Báo cáo 6 tháng đầu năm 2025', 'once', ['2025-06-30'], false],
    ['Thường xuyên, khi có phát sinh', 'continuous', [], true],
    ['Hằng tuần', 'recurring', null, false],
    ['Trong quý III', 'once', ['2025-09-30'], false],
    ['Chậm nhất ngày 25 hàng tháng', 'recurring', ['2025-01-25', '2025-02-25', '2025-03-25', '2025-04-25', '2025-05-25', '2025-06-25', '2025-07-25', '2025-08-25', '2025-09-25', '2025-10-25', '2025-11-25', '2025-12-25'], false],
  ])('reads "%s" as %s', (phrase, kind, due, trigger) => {
    const json = read(phrase);
    expect(json.kind).toBe(kind);
    if (due) expect(json.due).toEqual(due);
    expect(json.trigger).toBe(trigger);
  });
});
