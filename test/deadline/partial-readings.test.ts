import { run } from '../../client/commands/deadline';
import { describeSchedule } from '../../domain/deadline/describe';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { PlanDocument } from '../../domain/plan/model';
import { previewPlan } from '../../domain/plan/preview';
import { bufferIo } from '../support/io';

/** Precision before recall (issue 19): a reading the grammar covered only in part is marked, never silent. */
describe('readings the grammar covered only in part', () => {
  it('marks a date read beside numbers no rule explains, and says which numbers', () => {
    const s = parseDeadline({ text: '8 giờ 00 ngày 17/7/2024', year: 2024 });
    expect(s).toMatchObject({ kind: 'once', dates: [{ nominal: '2024-07-17' }] });
    expect(s.toConfirm).toMatch(/^Cách đọc cần xác nhận: các số "8", "00" trong ô thời hạn chưa được quy tắc nào giải thích/);
    expect(describeSchedule(s)).toBe('Một lần (cần xác nhận): hạn 17/07/2024');
    expect(parseDeadline({ text: 'các ngày 26, 27, 28, 29/6/2024', year: 2024 }).toConfirm).toContain('"26, 27, 28"');
  });

  it('marks several deadlines that do not say which work each one closes', () => {
    const s = parseDeadline({ text: 'trong tháng 11, tháng 12 năm 2025', year: 2025 });
    expect(s.dates.map((d) => d.nominal)).toEqual(['2025-11-30', '2025-12-31']);
    expect(s.toConfirm).toContain('ghi 2 hạn (30/11/2025, 31/12/2025) mà không nói việc nào đến hạn khi nào');
  });

  it('leaves fully read cells unmarked, milestones with their labels included', () => {
    for (const text of ['trong tháng 11/2025', 'Quý II năm 2025', 'Ngày 05 hàng tháng', 'Thường xuyên', 'Theo Kế hoạch số 712/KH-UBND ngày 18/11/2020, trước ngày 30/4/2025']) {
      expect({ text, toConfirm: parseDeadline({ text, year: 2025 }).toConfirm }).toEqual({ text, toConfirm: undefined });
    }
    expect(parseDeadline({ text: 'Trong tháng 4, hoàn thành việc rà soát; Trong tháng 6, hoàn thành tái cấu trúc', year: 2025 }).toConfirm).toBeUndefined();
  });

  it('shows the date a "trước ngày X" names beside the deadline it gives', () => {
    expect(describeSchedule(parseDeadline({ text: 'Trước ngày 30/4/2025', year: 2025 }))).toBe('Một lần: trước 30/04/2025 → hạn 29/04/2025');
    // A month names no day: only the deadline is shown.
    expect(describeSchedule(parseDeadline({ text: 'Trước tháng 6/2025', year: 2025 }))).toBe('Một lần: hạn 31/05/2025');
  });

  it('puts the mark first among the row problems of the preview', () => {
    const doc: PlanDocument = {
      plan: { number: '7/KH-SNV', title: 'Kế hoạch thử', issuer: 'Sở Nội vụ', date: '2025-02-10', year: 2025 },
      sections: [{ id: '1', title: 'Nhiệm vụ' }],
      rows: [{ section: '1', order: '1', content: 'Nội dung', lead: '', coordinating: '', deadline: '8 giờ 00 ngày 17/7/2025', output: '', note: '', where: '1.1', source: { file: 'thu.xlsx', row: 2 } }],
    };
    const [row] = previewPlan(doc, null).rows;
    expect(row.problems.map((p) => p.code)).toEqual(['reading-to-confirm', 'lead-empty']);
    expect(row.understood).toBe('Một lần (cần xác nhận): hạn 17/07/2025');
  });

  it('gives the mark in dondoc deadline --json', async () => {
    const io = bufferIo();
    expect(await run(['--json', '--year', '2025', 'trong tháng 11, tháng 12 năm 2025'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ kind: 'once', due: ['2025-11-30', '2025-12-31'], toConfirm: expect.stringContaining('Cách đọc cần xác nhận') });
  });
});
