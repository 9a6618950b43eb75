import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { planKey } from '../../domain/plan/model';
import { shiftPlanYears } from '../../domain/plan/shift-year';

describe('the sample plan issued two years later (the demo)', () => {
  it('moves every year in dates and texts, and nothing else', async () => {
    const doc = await readPlanFile(join(__dirname, '..', '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
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
});
