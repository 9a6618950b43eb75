import { join } from 'node:path';
import { run } from '../../client/commands/plan';
import { bufferIo } from '../support/io';

const root = join(__dirname, '..', '..');
const sample = (ext: string) => `samples/ke-hoach-16-KH-SKHCN-2025.${ext}`;

interface PreviewJson {
  rows: { where: string; owner: string; phrase: string; kind: string; due: string[]; effectiveDue: string[]; problems: { code: string; message: string }[] }[];
  summary: { rows: number; byKind: Record<string, number>; byProblem: Record<string, number> };
}

async function previewJson(args: string[]): Promise<PreviewJson> {
  const io = { ...bufferIo(), cwd: root };
  expect(await run(['preview', ...args, '--json'], io)).toBe(0);
  return JSON.parse(io.stdout()) as PreviewJson;
}

describe('dondoc plan preview', () => {
  it('shows every row of the appendix with its schedule', async () => {
    const json = await previewJson([sample('xlsx'), '--units', 'samples/units.json']);
    expect(json.rows).toHaveLength(112);
    expect(json.summary.rows).toBe(112);
    expect(Object.values(json.summary.byKind).reduce((a, b) => a + b, 0)).toBe(112);
    const row = (where: string) => json.rows.find((r) => r.where === where)!;
    expect(row('3.4')).toMatchObject({ owner: 'Văn phòng Sở', kind: 'recurring' });
    expect(row('3.4').due[0]).toBe('2025-03-05');
    expect(row('10.3').due[0]).toBe('2025-03-21');
    expect(row('5.2')).toMatchObject({ due: ['2025-03-29'], effectiveDue: ['2025-03-31'] });
  });

  it('flags a deadline already past at the plan date, an unknown unit and an implied deadline to confirm', async () => {
    const json = await previewJson([sample('csv'), '--units', 'samples/units.json']);
    const codes = (where: string) => json.rows.find((r) => r.where === where)!.problems.map((p) => p.code);
    expect(codes('8.5')).toContain('deadline-past-at-plan-date');
    expect(codes('4.3')).toContain('unknown-unit');
    // Row 4.3's lead is a sentence: the preview asks which unit leads instead of listing its words as units.
    const lead43 = json.rows.find((r) => r.where === '4.3')!.problems.filter((p) => p.code === 'unknown-unit');
    expect(lead43).toHaveLength(1);
    expect(lead43[0].message).toMatch(/là một câu .*đơn vị nào chủ trì việc này\?/);
    expect(codes('10.5')).toContain('implied-to-confirm');
    expect(codes('3.11')).toContain('period-to-confirm');
    expect(codes('1.1')).toEqual([]);
    expect(json.summary.byProblem['deadline-past-at-plan-date']).toBe(1);
  });

  it('prints a readable Vietnamese table with a summary line', async () => {
    const io = { ...bufferIo(), cwd: root };
    expect(await run(['preview', sample('json'), '--units', 'samples/units.json'], io)).toBe(0);
    const text = io.stdout();
    expect(text).toContain('Số 16/KH-SKHCN ngày 05/03/2025');
    expect(text).toContain('Thời hạn (nguyên văn)');
    expect(text).toMatch(/Tổng cộng 112 dòng: một lần \d+, định kỳ \d+/);
  });

  it('moves the next due date with --as-of', async () => {
    const json = await previewJson([sample('json'), '--as-of', '2025-07-01']);
    expect(json.rows.find((r) => r.where === '3.4')!.due[0]).toBe('2025-03-05');
    const io = { ...bufferIo(), cwd: root };
    await run(['preview', sample('json'), '--as-of', '01/07/2025', '--json'], io);
    const next = (JSON.parse(io.stdout()) as { rows: { where: string; next: { nominal: string } }[] }).rows.find((r) => r.where === '3.4')!.next;
    expect(next.nominal).toBe('2025-07-05');
  });

  it('exits 2 with a clear message when the file cannot be read', async () => {
    const io = { ...bufferIo(), cwd: root };
    expect(await run(['preview', 'samples/khong-co.xlsx'], io)).toBe(2);
    expect(io.stderr()).toMatch(/Không đọc được tệp khong-co\.xlsx: không có tệp/);
  });

  it('exits 1 on a wrong argument', async () => {
    expect(await run(['preview'], { ...bufferIo(), cwd: root })).toBe(1);
    expect(await run(['preview', sample('json'), '--as-of', 'hôm qua'], { ...bufferIo(), cwd: root })).toBe(1);
    expect(await run(['xem'], { ...bufferIo(), cwd: root })).toBe(1);
  });
});
