import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { run as plan } from '../../client/commands/plan';
import { planKey } from '../../domain/plan/model';
import { planAsYear, shiftPlanYears } from '../../domain/plan/shift-year';
import { bufferIo } from '../support/io';

const samples = join(__dirname, '..', '..', 'samples');
const sample = () => readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
/** A cited law or letter with the date it was issued: "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020". */
const REFERENCE = /\d+\/(?:\d{4}\/)?\p{Lu}[\p{L}\d-]*(?:\s+ngày\s+\d{1,2}(?:\/\d{1,2}\/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})|\s+năm\s+\d{4})?/gu;

describe('the sample plan issued two years later (the demo)', () => {
  it('moves every year in dates and texts, and nothing else', async () => {
    const doc = await sample();
    const later = shiftPlanYears(doc, 2);
    expect(later.plan).toMatchObject({ number: '16/KH-SKHCN', date: '2027-03-05', year: 2027 });
    expect(planKey(later.plan)).toBe('16-KH-SKHCN-2027');
    expect(later.rows).toHaveLength(doc.rows.length);
    const row = (where: string) => later.rows.find((r) => r.where === where)!;
    expect(row('2.6').deadline).toBe('Trước ngày 05/9/2027');
    expect(row('3.4').deadline).toBe('Ngày 05 hàng tháng');
    expect(row('1.1').deadline).toBe('Tháng 03/2027');
    expect(later.rows.map((r) => r.content.replace(/20\d\d/g, ''))).toEqual(doc.rows.map((r) => r.content.replace(/20\d\d/g, '')));
  });

  it('keeps the laws and letters it cites, with their own dates', async () => {
    const doc = await sample();
    const later = shiftPlanYears(doc, 2);
    const row = (where: string) => later.rows.find((r) => r.where === where)!;
    expect(row('3.11').content).toContain('Nghị định 61/2018/NĐ-CP');
    expect(row('5.7').content).toContain('Nghị định số 45/2020/NĐ-CP ngày 08/4/2020');
    expect(row('10.1').deadline).toBe('Hàng quý (Theo Kế hoạch số 712/KH-UBND ngày 18/11/2020 của UBND tỉnh)');
    expect(row('11.6').content).toMatch(/văn bản số 5990\/VPCP-KSTT ngày 22 tháng 8 năm 20\d\d/);
    expect(row('11.6').content).toBe(doc.rows.find((r) => r.where === '11.6')!.content);
    const references = (texts: string[]) => texts.flatMap((t) => t.match(REFERENCE) ?? []);
    const cited = references(doc.rows.map((r) => r.content + r.deadline + r.note));
    expect(cited.length).toBeGreaterThan(15);
    expect(references(later.rows.map((r) => r.content + r.deadline + r.note))).toEqual(cited);
  });
});

describe('a plan tried as the plan of another year (--nam)', () => {
  it('says in its title that it is a trial, and from which year', async () => {
    const doc = await sample();
    const trial = planAsYear(doc, 2026);
    expect(trial.plan.title).toBe(`${doc.plan.title.replace('năm 2025', 'năm 2026')} (bản thử: kế hoạch năm 2025, mọi ngày tháng chuyển sang năm 2026)`);
    expect(planKey(trial.plan)).toBe('16-KH-SKHCN-2026');
    expect(planAsYear(doc, 2025)).toBe(doc);
  });

  it('dondoc plan preview --nam shows the moved plan; a year that is not one is refused with the usage', async () => {
    const io = { ...bufferIo(), env: {} };
    expect(await plan(['preview', join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(samples, 'units.json'), '--nam', '2026'], io)).toBe(0);
    expect(io.stdout()).toContain('(bản thử: kế hoạch năm 2025, mọi ngày tháng chuyển sang năm 2026)\nSố 16/KH-SKHCN ngày 05/03/2026');
    expect(io.stdout()).toContain('| 2.6    | Văn phòng Sở           | Trước ngày 05/9/2026');
    const bad = { ...bufferIo(), env: {} };
    expect(await plan(['import', join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(samples, 'units.json'), '--nam', 'nay'], bad)).toBe(1);
    expect(bad.stderr()).toContain('Năm "nay" không hợp lệ: hãy ghi một năm từ 2000 đến 2100.');
    expect(bad.stderr()).toContain('--nam <năm>: thử kế hoạch như kế hoạch của năm đó');
  });
});
