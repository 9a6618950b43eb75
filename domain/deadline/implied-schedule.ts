import { fold, tidy } from '../text/normalize';
import { CONTINUING_WORK, INDICATOR } from './constants';
import { RowCells } from './schedule';

/**
 * Rules for a row whose deadline cell is empty but whose other cells imply one. They only report what they found;
 * the assembler builds the schedule and marks it implied, so it is never presented as stated.
 */

export type ImpliedFact =
  /** A yearly indicator: due at the year's end, evaluated in the year's report. */
  | { rule: 'indicator-year-end'; year: number | null; from: string }
  /** Continuing work: continuous, with check-ins. */
  | { rule: 'continuing-work'; from: string };

export function readImplied(row: RowCells): ImpliedFact | null {
  for (const cell of [row.output, row.content, ...(row.headings ?? [])]) {
    if (!cell) continue;
    const m = INDICATOR.exec(fold(cell));
    if (m) return { rule: 'indicator-year-end', year: m[1] ? Number(m[1]) : null, from: tidy(cell) };
  }
  if (row.content && CONTINUING_WORK.test(fold(row.content))) return { rule: 'continuing-work', from: tidy(row.content) };
  return null;
}
