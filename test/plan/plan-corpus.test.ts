import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPlanFile } from '../../activities/plan-files/read-plan';

/**
 * The corpus of real plan tables (test/corpus/plans/plans.json): each file imports with no file-level error through
 * the reading path of `dondoc plan preview`, and the rows checked by hand read as the issued plan writes them.
 */
const root = join(__dirname, '..', '..');

interface ExpectedRow {
  where: string;
  stt: string;
  contentStart: string;
  lead: string;
  deadline: string;
}

interface CorpusPlan {
  file: string;
  shape: string;
  source: { number: string; issuer: string; date: string; title: string; address: string };
  rows: number;
  expected: ExpectedRow[];
}

const corpus = (JSON.parse(readFileSync(join(root, 'test', 'corpus', 'plans', 'plans.json'), 'utf8')) as { plans: CorpusPlan[] }).plans;

describe('the corpus of real plan tables', () => {
  it('names its source for every plan: number, issuer, date and address', () => {
    expect(corpus.length).toBeGreaterThan(0);
    for (const plan of corpus) {
      expect(plan.source).toEqual({ number: expect.stringMatching(/^\d+\/[A-ZĐ]+-/u), issuer: expect.any(String), date: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/), title: expect.any(String), address: expect.any(String) });
      expect(plan.expected.length).toBeGreaterThan(0);
    }
  });

  it.each(corpus.map((plan) => [plan.file, plan] as const))('imports %s with its rows as the plan writes them', async (_file, plan) => {
    const doc = await readPlanFile(join(root, plan.file));
    expect(doc.plan.number).toBe(plan.source.number);
    expect(doc.rows).toHaveLength(plan.rows);
    for (const want of plan.expected) {
      const row = doc.rows.find((r) => r.where === want.where);
      expect({ where: row?.where, stt: row?.order, content: row?.content.slice(0, want.contentStart.length), lead: row?.lead, deadline: row?.deadline }).toEqual({
        where: want.where,
        stt: want.stt,
        content: want.contentStart,
        lead: want.lead,
        deadline: want.deadline,
      });
    }
  });

  it('previews a corpus plan through bin/dondoc as a separate process', async () => {
    const plan = corpus[0];
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'dondoc'), 'plan', 'preview', plan.file, '--json'], { cwd: root, maxBuffer: 32 * 1024 * 1024 });
    const json = JSON.parse(stdout) as { plan: { number: string }; rows: { where: string; phrase: string }[] };
    expect(json.plan.number).toBe(plan.source.number);
    expect(json.rows).toHaveLength(plan.rows);
    for (const want of plan.expected) expect(json.rows.find((r) => r.where === want.where)?.phrase).toBe(want.deadline);
  }, 60_000);
});
