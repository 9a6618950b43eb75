import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { occurrences, opensOn, slaDue } from '../../domain/deadline/occurrences';
import { parseDeadline } from '../../domain/deadline/parse-deadline';

describe('effective due dates (Điều 148) and per-case SLAs (Điều 147)', () => {
  it('moves "Trước 30/3/2025" (nominal Saturday 29/03) to Monday 31/03', () => {
    expect(parseDeadline({ text: 'Trước 30/3/2025', year: 2025 }).dates[0]).toMatchObject({ nominal: '2025-03-29', effective: '2025-03-31' });
  });

  it('moves the April month-end deadline past 30/4–1/5 and the swapped 02/05 to Monday 05/05', () => {
    const schedule = parseDeadline({ text: 'Hàng tháng', year: 2025 });
    const april = occurrences(schedule, { from: '2025-04-01', to: '2025-04-30' });
    expect(april).toEqual([{ nominal: '2025-04-30', effective: '2025-05-05', role: 'deadline' }]);
  });

  it('moves Saturday 05/04/2025 past Giỗ Tổ on Monday 07/04 to Tuesday 08/04', () => {
    const schedule = parseDeadline({ text: 'Ngày 05 hàng tháng', year: 2025 });
    expect(occurrences(schedule, { from: '2025-04-01', to: '2025-04-30' })[0]).toMatchObject({ nominal: '2025-04-05', effective: '2025-04-08' });
  });

  it('lists a recurring row from the plan start when asked', () => {
    const schedule = parseDeadline({ text: 'Ngày 05 hàng tháng', year: 2025 });
    expect(occurrences(schedule, { from: '2025-03-05', to: '2025-12-31' }).map((d) => d.nominal)[0]).toBe('2025-03-05');
  });

  it('opens a monthly occurrence the day after the previous deadline, never before the plan', () => {
    const rule = { freq: 'monthly' as const, day: 21 };
    expect(opensOn(rule, '2025-04-21', '2025-03-05')).toBe('2025-03-22');
    expect(opensOn(rule, '2025-03-21', '2025-03-05')).toBe('2025-03-05');
  });

  it('counts "10 ngày kể từ ngày tiếp nhận" from the day after receipt and rolls a weekend end forward', () => {
    const sla = parseDeadline({ text: 'Trong thời gian 10 ngày kể từ ngày tiếp nhận', year: 2025 }).sla!;
    expect(slaDue(sla, '2025-03-03')).toEqual({ nominal: '2025-03-13', effective: '2025-03-13', role: 'deadline' });
    expect(slaDue(sla, '2025-03-05')).toEqual({ nominal: '2025-03-15', effective: '2025-03-17', role: 'deadline' });
  });

  it('counts working days across Tết for a working-day SLA', () => {
    const sla = { amount: 5, unit: 'working-days' as const, direction: 'after' as const };
    expect(slaDue(sla, '2025-01-24', legalCalendar()).nominal).toBe('2025-02-07');
  });

  it('puts a "trước 01 ngày" case deadline on a working day before the case is due', () => {
    const sla = parseDeadline({ text: 'Thường xuyên (Trước 01 ngày của hồ sơ đến hạn trả kết quả).', year: 2025 }).sla!;
    expect(sla).toMatchObject({ amount: 1, direction: 'before' });
    // A dossier due Monday 10/03: the apology is due Sunday 09/03 nominally, so Friday 07/03 in practice.
    expect(slaDue(sla, '2025-03-01', legalCalendar(), '2025-03-10')).toMatchObject({ nominal: '2025-03-09', effective: '2025-03-07' });
  });

  it('keeps the longer SLA of a condition beside the main one', () => {
    const schedule = parseDeadline({
      text: 'Thường xuyên',
      context: 'Chậm nhất sau 10 ngày kể từ ngày có quyết định Công bố TTHC; danh mục TTHC của Chủ tịch UBND tỉnh. Trường hợp lấy ý kiến cấp huyện, cấp xã thì không quá 15 ngày.',
      year: 2025,
    });
    expect(schedule.sla).toMatchObject({ amount: 10, direction: 'after', alternative: { amount: 15 } });
  });
});
