import { readPlanFile } from '../../activities/plan-files/read-plan';
import { tidy } from '../../domain/text/normalize';
import { loadSeedDeadlines } from '../support/seed-deadlines';
import { join } from 'node:path';

const samples = join(__dirname, '..', '..', 'samples');

describe('the seed plan appendix transcribed into samples/', () => {
  it('keeps every deadline phrase the seed list names, at the same section and order', async () => {
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.json'));
    const byWhere = new Map(doc.rows.map((r) => [r.where, r]));
    for (const seed of loadSeedDeadlines()) {
      expect({ where: seed.where, deadline: tidy(byWhere.get(seed.where)?.deadline ?? '(missing)') }).toEqual({ where: seed.where, deadline: tidy(seed.phrase) });
    }
  });

  it('numbers rows 1..n without gaps in every section and fills content and lead', async () => {
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.json'));
    const sections = new Map<string, number[]>();
    for (const row of doc.rows) {
      sections.set(row.section, [...(sections.get(row.section) ?? []), Number(row.order)]);
      expect(row.content).not.toBe('');
      expect(row.lead).not.toBe('');
    }
    for (const [, orders] of sections) expect(orders).toEqual(orders.map((_, i) => i + 1));
    expect(doc.rows).toHaveLength(112);
  });

  it('reads the same 112 rows from the XLSX, the CSV and the JSON', async () => {
    const [xlsx, csv, json] = await Promise.all(['xlsx', 'csv', 'json'].map((ext) => readPlanFile(join(samples, `ke-hoach-16-KH-SKHCN-2025.${ext}`))));
    const strip = (d: typeof json) => ({ plan: d.plan, sections: d.sections, rows: d.rows.map(({ source: _source, ...row }) => row) });
    expect(strip(xlsx)).toEqual(strip(json));
    expect(strip(csv)).toEqual(strip(json));
  });
});
