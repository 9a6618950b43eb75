import { PreviewRow, PreviewSummary, PROBLEM_LABEL, ProblemCode } from './preview';
import { PlanDocument } from './model';

/**
 * The preview with the problems the file reader found in cells (an Excel error, a formula without a result) shown
 * first on their rows. A cell left empty by such a problem is not also reported as "empty": its own message says
 * what happened and what to do.
 */
export type ShownProblemCode = ProblemCode | 'cell-unreadable';

export const SHOWN_PROBLEM_LABEL: Record<ShownProblemCode, string> = { ...PROBLEM_LABEL, 'cell-unreadable': 'ô không đọc được' };

/** The "empty cell" problem each column's read problem replaces. */
const COLUMN_PROBLEM: Partial<Record<string, ProblemCode>> = {
  'Thời gian hoàn thành': 'deadline-empty',
  'Cơ quan chủ trì': 'lead-empty',
  'Nội dung': 'content-empty',
};

export interface ShownRow extends Omit<PreviewRow, 'problems'> {
  problems: { code: ShownProblemCode; message: string }[];
}

export interface ShownSummary extends Omit<PreviewSummary, 'byProblem'> {
  byProblem: Partial<Record<ShownProblemCode, number>>;
}

export function withReadProblems(doc: PlanDocument, preview: { rows: PreviewRow[]; summary: PreviewSummary }): { rows: ShownRow[]; summary: ShownSummary } {
  const byWhere = new Map(doc.rows.map((r) => [r.where, r]));
  const rows: ShownRow[] = preview.rows.map((row) => {
    const read = byWhere.get(row.where)?.readProblems ?? [];
    if (read.length === 0) return row;
    const hidden = new Set(read.flatMap((p) => COLUMN_PROBLEM[p.column] ?? []));
    return { ...row, problems: [...read.map((p) => ({ code: 'cell-unreadable' as const, message: p.message })), ...row.problems.filter((p) => !hidden.has(p.code))] };
  });
  const byProblem: Partial<Record<ShownProblemCode, number>> = {};
  for (const row of rows) for (const code of new Set(row.problems.map((p) => p.code))) byProblem[code] = (byProblem[code] ?? 0) + 1;
  return { rows, summary: { ...preview.summary, byProblem, rowsWithProblems: rows.filter((r) => r.problems.length > 0).length } };
}
