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
    // The examples of issue 12 and 13, as written there.
    ['Từ ngày 02/6 đến hết ngày 20/6/2025', 'once', ['2025-06-20'], false],
    ['Từ tháng 9/2025 đến tháng 2/2026', 'once', ['2026-02-28'], false],
    ['Quý III/2025 – Quý I/2026', 'once', ['2026-03-31'], false],
    ['Từ 03/11 - 14/11/2025', 'once', ['2025-11-14'], false],
    ['Hằng năm, trước ngày 10/12', 'recurring', ['2025-12-09'], false],
    ['Định kỳ hằng năm (trước ngày 20 tháng 10)', 'recurring', ['2025-10-19'], false],
    ['Hàng tháng (trước ngày 23)', 'recurring', ['2025-01-22', '2025-02-22', '2025-03-22', '2025-04-22', '2025-05-22', '2025-06-22', '2025-07-22', '2025-08-22', '2025-09-22', '2025-10-22', '2025-11-22', '2025-12-22'], false],
    ['Hàng quý, chậm nhất ngày 18 của tháng cuối quý', 'recurring', ['2025-03-18', '2025-06-18', '2025-09-18', '2025-12-18'], false],
    ['trước ngày 15/5 và 10/11 hằng năm', 'recurring', ['2025-05-14', '2025-11-09'], false],
    ['2027', 'once', ['2027-12-31'], false],
    ['Năm 2026', 'once', ['2026-12-31'], false],
    ['Quí III-2025', 'once', ['2025-09-30'], false],
    ['QIII/2025', 'once', ['2025-09-30'], false],
    ['6 tháng đầu năm 2026', 'once', ['2026-06-30'], false],
    ['cuối năm', 'once', ['2025-12-31'], false],
    ['Quý IV/2025 hoặc theo đề nghị', 'once', ['2025-12-31'], true],
    ['Tháng 10/2025 hoặc khi có yêu cầu', 'once', ['2025-10-31'], true],
    ['theo yêu cầu của Bộ', 'event', [], true],
    ['Mầm non: 23/5/2025; THCS, THPT: 24/5/2025', 'once', ['2025-05-23', '2025-05-24'], false],
    ['Quý II năm 2025 hoặc Quý I năm 2025', 'once', ['2025-06-30'], false],
  ])('reads "%s" as %s', (phrase, kind, due, trigger) => {
    const json = read(phrase);
    expect(json.kind).toBe(kind);
    if (due) expect(json.due).toEqual(due);
    expect(json.trigger).toBe(trigger);
  });
});
