import { MAX_CONTEXT_CHARS, MAX_DEADLINE_CELL_CHARS } from '../../domain/deadline/constants';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { PlanDocument } from '../../domain/plan/model';
import { previewPlan } from '../../domain/plan/preview';
import { CONTEXT_READERS, PARSE_TIME_INPUTS } from './parse-time-inputs';

/**
 * Bounded parse time (issue 18): no milliseconds are asserted (the machine is shared), only growth shapes.
 * - Below the bounds, time grows linearly: 8 times the text may take at most 24 times as long (linear gives 8; the
 *   quadratic digit run of DOCUMENT_REFERENCE gave ≈64).
 * - Past the bounds (a 2,000-character cell, 10,000 characters of context), a 100 KB string costs about what the bound
 *   does: at most 4 times as much.
 * `bench/parse-time.ts` prints the per-string figures.
 */

const ROUNDS = 3;
const REPEAT = 4;

/** The inputs through which a long text reaches the grammar: a context clause, and an empty cell's row. */
function inputsOf(text: string) {
  return [
    ...CONTEXT_READERS.map((phrase) => ({ text: phrase, context: text, year: 2025 })),
    { text: '', year: 2025, row: { content: `Tiếp tục ${text}`, output: text } },
  ];
}

function secondsFor(make: (size: number) => string, size: number): number {
  const inputs = inputsOf(make(size));
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < REPEAT; i++) for (const input of inputs) parseDeadline(input);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

function growth(small: number, large: number): { ratio: number; worst: string[] } {
  let smallTotal = 0;
  let largeTotal = 0;
  const worst: string[] = [];
  for (const [name, make] of Object.entries(PARSE_TIME_INPUTS)) {
    const s = secondsFor(make, small);
    const l = secondsFor(make, large);
    smallTotal += s;
    largeTotal += l;
    // Per input, with a quarter second of slack for a loaded machine: the quadratic digit run took 20 s at 100 KB.
    if (l > 24 * s + 0.25) worst.push(`${name}: ${(s * 1e3).toFixed(1)} ms → ${(l * 1e3).toFixed(1)} ms`);
  }
  return { ratio: largeTotal / smallTotal, worst };
}

describe('parse time of the deadline grammar', () => {
  it('grows linearly from 1,250 to 10,000 characters on random and adversarial text', () => {
    const { ratio, worst } = growth(1_250, MAX_CONTEXT_CHARS);
    expect(worst).toEqual([]);
    expect(ratio).toBeLessThan(24);
  }, 120_000);

  it('reads 100 KB strings in about the time of the bound', () => {
    let bound = 0;
    let large = 0;
    for (const make of Object.values(PARSE_TIME_INPUTS)) {
      bound += secondsFor(make, MAX_CONTEXT_CHARS);
      large += secondsFor(make, 100_000);
    }
    expect(large).toBeLessThan(4 * bound + 0.25);
  }, 120_000);

  it('reads 100,000 digits in a cell as a cell too long, not as a deadline', () => {
    const s = parseDeadline({ text: '1'.repeat(100_000), year: 2025 });
    expect(s.kind).toBe('unknown');
    expect(s.reason).toContain('dài 100.000 ký tự, quá 2.000 ký tự');
    expect(parseDeadline({ text: `Trước ngày 30/4/2025 ${' '.repeat(MAX_DEADLINE_CELL_CHARS)}`, year: 2025 }).kind).toBe('once');
  });

  it('still reads a document reference beside a date once digits start a run', () => {
    const s = parseDeadline({ text: 'Theo Kế hoạch số 712/KH-UBND ngày 18/11/2020, trước ngày 30/4/2025', year: 2025 });
    expect(s).toMatchObject({ kind: 'once', dates: [{ nominal: '2025-04-29' }] });
  });

  it('reports a cell over the bound as a row problem in the preview, and reads the other rows', () => {
    const doc: PlanDocument = {
      plan: { number: '7/KH-SNV', title: 'Kế hoạch thử', issuer: 'Sở Nội vụ', date: '2025-02-10', year: 2025 },
      sections: [{ id: '1', title: 'Nhiệm vụ' }],
      rows: ['9'.repeat(100_000), 'Quý II'].map((deadline, i) => ({
        section: '1', order: String(i + 1), content: 'Nội dung', lead: 'Văn phòng Sở', coordinating: '', deadline, output: '', note: '', where: `1.${i + 1}`, source: { file: 'thu.xlsx', row: i + 2 },
      })),
    };
    const { rows } = previewPlan(doc, null);
    expect(rows[0].problems).toEqual([expect.objectContaining({ code: 'deadline-unreadable', message: expect.stringContaining('quá 2.000 ký tự') })]);
    expect(rows[1]).toMatchObject({ kind: 'once', due: ['2025-06-30'] });
  });
});
