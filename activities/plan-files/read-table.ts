import { PlanRow } from '../../domain/plan/model';
import { RawRow } from './assemble';
import { mapHeader } from './columns';
import { PlanFileError } from './errors';

/** One table row as a reader found it: each cell's text, or why it has none. */
export interface TableRecord {
  row: number;
  cells: { text: string; problem?: string }[];
}

/** Table rows under a header row → raw plan rows; no row with any content is dropped. */
export function rowsFromTable(file: string, header: string[], records: TableRecord[], required?: (keyof PlanRow)[]): RawRow[] {
  const { fields, missing } = mapHeader(header, required);
  if (missing.length > 0) {
    throw new PlanFileError(file, `dòng tiêu đề thiếu cột ${missing.map((m) => `"${m}"`).join(', ')}. Tiêu đề đang có: ${header.filter(Boolean).map((h) => `"${h}"`).join(', ') || '(trống)'}.`);
  }
  return records
    .filter((r) => r.cells.some((c) => c.text.trim() !== '' || c.problem))
    .map((r) => {
      const values: Partial<Record<keyof PlanRow, string>> = {};
      const problems: { field: keyof PlanRow; message: string }[] = [];
      fields.forEach((field, i) => {
        if (!field) return;
        const cell = r.cells[i];
        if (cell?.problem) problems.push({ field, message: cell.problem });
        else values[field] = cell?.text ?? '';
      });
      return { row: r.row, values, ...(problems.length > 0 ? { problems } : {}) };
    });
}
