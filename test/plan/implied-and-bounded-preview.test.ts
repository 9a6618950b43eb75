import { join } from 'node:path';
import { run } from '../../client/commands/plan';
import { ImportedRow, PlanDocument } from '../../domain/plan/model';
import { previewPlan } from '../../domain/plan/preview';
import { bufferIo } from '../support/io';

const root = join(__dirname, '..', '..');

interface PreviewJson {
  rows: { where: string; kind: string; understood: string; due: string[]; inferred?: { rule: string }; problems: { code: string; message: string }[] }[];
  summary: { byKind: Record<string, number> };
}

async function sampleJson(): Promise<PreviewJson> {
  const io = { ...bufferIo(), cwd: root };
  expect(await run(['preview', 'samples/ke-hoach-16-KH-SKHCN-2025.xlsx', '--units', 'samples/units.json', '--json'], io)).toBe(0);
  return JSON.parse(io.stdout()) as PreviewJson;
}

function doc(rows: Partial<ImportedRow>[]): PlanDocument {
  return {
    plan: { number: '7/KH-SNV', title: 'Kế hoạch thử', issuer: 'Sở Nội vụ', date: '2025-02-10', year: 2025 },
    sections: [{ id: '1', title: 'Nhiệm vụ' }],
    rows: rows.map((r, i) => ({ section: '1', order: String(i + 1), content: 'Nội dung', lead: 'Văn phòng Sở', coordinating: '', deadline: '', output: '', note: '', where: `1.${i + 1}`, source: { file: 'thu.json', row: i + 1 }, ...r })),
  };
}

describe('implied deadlines and bounded cells in the plan preview', () => {
  it('schedules the seed plan\'s indicators and continuing work, leaving at most 2 rows unscheduled', async () => {
    const json = await sampleJson();
    expect(json.summary.byKind.unknown).toBeLessThanOrEqual(2);
    const row = (where: string) => json.rows.find((r) => r.where === where)!;
    expect(row('9.1.1')).toMatchObject({ kind: 'once', due: ['2025-12-31'], inferred: { rule: 'indicator-year-end' } });
    expect(row('9.3.3')).toMatchObject({ kind: 'once', due: ['2025-12-31'], inferred: { rule: 'indicator-year-end' } });
    expect(row('10.5')).toMatchObject({ kind: 'continuous', inferred: { rule: 'continuing-work' } });
    expect(row('10.9')).toMatchObject({ kind: 'continuous', inferred: { rule: 'continuing-work' } });
  });

  it('marks every implied schedule in what it understood and lists it for the office to confirm', async () => {
    const json = await sampleJson();
    const inferred = json.rows.filter((r) => r.inferred);
    expect(inferred).toHaveLength(21);
    for (const r of inferred) {
      expect(r.understood).toContain('(suy ra, cần xác nhận)');
      expect(r.problems.map((p) => p.code)).toContain('implied-to-confirm');
    }
    for (const r of json.rows.filter((x) => !x.inferred)) expect(r.understood).not.toContain('suy ra');
  });

  it('shows the mark in the printed table and counts the rows to confirm', async () => {
    const io = { ...bufferIo(), cwd: root };
    expect(await run(['preview', 'samples/ke-hoach-16-KH-SKHCN-2025.xlsx', '--units', 'samples/units.json'], io)).toBe(0);
    expect(io.stdout()).toContain('Một lần (suy ra, cần xác nhận):');
    expect(io.stdout()).toContain('Thường xuyên (suy ra, cần');
    expect(io.stdout()).toContain('hạn suy ra cần xác nhận 21');
  });

  it('still reports an empty cell that nothing in the row explains', () => {
    const { rows } = previewPlan(doc([{ content: 'Xây dựng quy chế phối hợp', output: 'Quy chế' }]), null);
    expect(rows[0].kind).toBe('unknown');
    expect(rows[0].problems.map((p) => p.code)).toEqual(['deadline-empty']);
  });

  it('makes a cell with more than 24 deadlines a row problem, not 25 occurrences', () => {
    const deadline = Array.from({ length: 30 }, (_, i) => `${i + 1}/3/2025`).join('; ');
    const { rows, summary } = previewPlan(doc([{ deadline }]), null);
    expect(rows[0]).toMatchObject({ kind: 'unknown', due: [] });
    expect(rows[0].problems).toEqual([{ code: 'deadline-unreadable', message: expect.stringMatching(/^Ô thời hạn ghi 30 hạn, nhiều hơn 24 hạn/) }]);
    expect(summary.byProblem['deadline-unreadable']).toBe(1);
  });

  it('lists a range once, due at its end', () => {
    const { rows } = previewPlan(doc([{ deadline: 'Từ 03/3 – 14/3/2025' }]), null);
    expect(rows[0]).toMatchObject({ kind: 'once', due: ['2025-03-14'], understood: 'Một lần: hạn 14/03/2025 (bắt đầu từ 03/03/2025)' });
    expect(rows[0].schedule.dates[0].opensOn).toBe('2025-03-03');
  });
});
