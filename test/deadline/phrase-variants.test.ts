import { deadlineJson } from '../../client/commands/deadline';
import { parseDeadline } from '../../domain/deadline/parse-deadline';

const read = (text: string, context?: string, year = 2025) => deadlineJson(parseDeadline({ text, context, year }));

describe('spelling variants a Vietnamese office writes', () => {
  it.each([
    ['quý 2/2025', '2025-06-30'],
    ['quý II/2025', '2025-06-30'],
    ['QUÝ IV NĂM 2025', '2025-12-31'],
    ['Quý 3 năm 2025', '2025-09-30'],
    ['6 tháng đầu năm 2025', '2025-06-30'],
    ['6 tháng cuối năm 2025', '2025-12-31'],
    ['cuối tháng 6', '2025-06-30'],
    ['giữa tháng 8', '2025-08-15'],
    ['đầu tháng 10', '2025-10-01'],
    ['giữa năm', '2025-06-30'],
    ['cuối năm', '2025-12-31'],
    ['đầu năm 2026', '2026-01-01'],
    ['Trước ngày 15 tháng 7', '2025-07-14'],
    ['chậm nhất ngày 20/12', '2025-12-20'],
    ['Chậm nhất là ngày 15/10/2025', '2025-10-15'],
  ])('reads "%s" as a single deadline on %s', (phrase, expected) => {
    const json = read(phrase);
    expect(json.kind).toBe('once');
    expect(json.due).toEqual([expected]);
  });

  it('treats "hằng" and "hàng" alike', () => {
    expect(read('Ngày 05 hằng tháng')).toEqual(read('Ngày 05 hàng tháng'));
  });

  it.each([
    ['thứ Sáu hàng tuần', { freq: 'weekly', weekday: 5 }],
    ['6 tháng/lần', { freq: 'half-yearly', monthOfHalf: 6, day: 'last' }],
    ['hàng năm', { freq: 'yearly', month: 12, day: 'last' }],
    ['Hằng tháng, trước ngày 25', { freq: 'monthly', day: 24 }],
    ['03 lần/năm', { freq: 'every-n-months', months: 4, day: 'last' }],
  ])('reads "%s" as the rule %j', (phrase, rule) => {
    const json = read(phrase);
    expect(json.kind).toBe('recurring');
    expect(json.rule).toEqual(rule);
  });

  it('counts an SLA in working days when the text says "ngày làm việc"', () => {
    const json = read('05 ngày làm việc kể từ ngày nhận');
    expect(json.kind).toBe('event');
    expect(json.sla).toEqual({ amount: 5, unit: 'working-days', direction: 'after' });
  });

  it('keeps the earlier of two choices as a target and the later as the deadline', () => {
    const json = read('Quý I hoặc Quý II 2025');
    expect(json.due).toEqual(['2025-06-30']);
    expect(json.targets).toEqual(['2025-03-31']);
  });

  it('says which parts it implied so the office confirms only those', () => {
    const schedule = parseDeadline({ text: 'Tháng 4', year: 2025 });
    expect(schedule.implied.map((i) => i.field).sort()).toEqual(['day', 'year']);
    const stated = parseDeadline({ text: '30/04/2025', year: 2025 });
    expect(stated.implied).toEqual([]);
  });

  it('ignores the date inside a document reference', () => {
    const json = read('Hàng quý (Theo Kế hoạch số 712/KH-UBND ngày 18/11/2020 của UBND tỉnh)');
    expect(json.kind).toBe('recurring');
    expect(json.due).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']);
  });
});
