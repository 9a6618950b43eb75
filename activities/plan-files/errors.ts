/**
 * Problems found while reading a plan file. A `PlanFileError` means the file cannot be read at all
 * (exit code 2); a `RowProblem` belongs to one row, which is kept and shown with it.
 */
export class PlanFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`Không đọc được tệp ${file}: ${message}`);
  }
}

export interface CellProblem {
  file: string;
  row: number;
  column: string;
  message: string;
}

export function describeCellProblem(p: CellProblem): string {
  return `tệp ${p.file}, dòng ${p.row}, cột "${p.column}": ${p.message}`;
}
