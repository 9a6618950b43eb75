import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { run } from '../../client/commands/plan';
import { rowInputs } from '../../client/plan-import';
import { describeSchedule } from '../../domain/deadline/describe';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { policySchema } from '../../domain/policy/policy-schema';
import { bufferIo } from '../support/io';

const root = join(__dirname, '..', '..');

/** "Trước ngày X" (issue 19): strictly before X by default; a plan's policy may read it as "by the end of X". */
describe('"trước ngày X" and the plan policy', () => {
  const read = (text: string, truocNgay?: 'truoc' | 'den-het') => parseDeadline({ text, year: 2025, truocNgay });

  it('reads "trước ngày X" as due the day before by default, and shows X beside it', () => {
    const s = read('Trước ngày 30/4/2025');
    expect(s.dates.map((d) => d.nominal)).toEqual(['2025-04-29']);
    expect(describeSchedule(s)).toBe('Một lần: trước 30/04/2025 → hạn 29/04/2025');
    expect(read('Trước ngày 30/4/2025', 'truoc')).toEqual(s);
  });

  it('reads it as due X itself under "den-het", in dates, rule days and yearly dates, and says so', () => {
    const s = read('Trước ngày 30/4/2025', 'den-het');
    expect(s.dates.map((d) => d.nominal)).toEqual(['2025-04-30']);
    expect(s.implied).toContainEqual(expect.objectContaining({ field: 'day', value: 'den-het' }));
    expect(read('trước ngày 20 hằng tháng', 'den-het').rule).toEqual({ freq: 'monthly', day: 20 });
    expect(read('Hàng tháng (trước ngày 23)', 'den-het').rule).toEqual({ freq: 'monthly', day: 23 });
    expect(read('trước ngày 15/5 và 10/11 hằng năm', 'den-het').rule).toEqual({ freq: 'yearly', month: 5, day: 15, alsoOn: [{ month: 11, day: 10 }] });
  });

  it('leaves "trước tháng 6" alone: the option is about a named day', () => {
    expect(read('Trước tháng 6/2025', 'den-het').dates.map((d) => d.nominal)).toEqual(['2025-05-31']);
    expect(read('Trước tháng 6/2025', 'den-het').implied.map((i) => i.value)).not.toContain('den-het');
  });

  it('accepts only "truoc" and "den-het" in policy.json, with the reason in Vietnamese', () => {
    expect(policySchema.safeParse({ truocNgay: 'den-het' }).success).toBe(true);
    const bad = policySchema.safeParse({ truocNgay: 'by' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe('phải là "truoc" (trước ngày 30/4 là hạn 29/4) hoặc "den-het" (hạn đến hết ngày 30/4)');
  });

  it('applies the policy in dondoc plan preview --policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'truoc-ngay-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ truocNgay: 'den-het' }));
    const preview = async (...extra: string[]) => {
      const io = { ...bufferIo(), cwd: root };
      expect(await run(['preview', 'samples/ke-hoach-16-KH-SKHCN-2025.json', '--json', ...extra], io)).toBe(0);
      return (JSON.parse(io.stdout()) as { rows: { where: string; due: string[]; understood: string }[] }).rows.find((r) => r.where === '5.2')!;
    };
    expect(await preview()).toMatchObject({ due: ['2025-03-29'], understood: 'Một lần: trước 30/03/2025 → hạn 29/03/2025' });
    expect(await preview('--policy', join(dir, 'policy.json'))).toMatchObject({ due: ['2025-03-30'], understood: 'Một lần: hạn 30/03/2025' });
  });

  it('schedules the row an import starts with the policy\'s reading', async () => {
    const doc = await readPlanFile(join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.json'));
    const units = await readUnitsFile(join(root, 'samples', 'units.json'));
    expect(rowInputs(doc, units, '5.2').spec.schedule.dates.map((d) => d.nominal)).toEqual(['2025-03-29']);
    expect(rowInputs(doc, units, '5.2', { truocNgay: 'den-het' }).spec.schedule.dates.map((d) => d.nominal)).toEqual(['2025-03-30']);
  });
});
