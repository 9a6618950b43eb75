import { parse as parseCsv } from 'csv-parse/sync';
import { PlanDocument } from '../../domain/plan/model';
import { assembleRows, document, planFromMeta } from './assemble';
import { decodePlanText, detectSeparator } from './decode-text';
import { PlanFileError } from './errors';
import { rowsFromTable, TableRecord } from './read-table';

/** A CSV plan: leading "# Khoá: giá trị" lines, then the appendix table, separated by "," or ";" in any encoding Excel writes. */
export function readCsv(file: string, bytes: Buffer): PlanDocument {
  const lines = decodePlanText(file, bytes).split(/\r?\n/);
  const meta: [string, string][] = [];
  const sections: { id: string; title: string }[] = [];
  let first = 0;
  while (first < lines.length && (lines[first].startsWith('#') || lines[first].trim() === '')) {
    const section = /^#\s*Mục\s+(\S+?):\s*(.*)$/u.exec(lines[first]);
    const m = /^#\s*([^:]+):\s*(.*)$/.exec(lines[first]);
    if (section) sections.push({ id: section[1], title: section[2].trim() });
    else if (m) meta.push([m[1].trim(), m[2].trim()]);
    first++;
  }
  const plan = planFromMeta(file, meta);
  if (first >= lines.length) throw new PlanFileError(file, 'không có dòng tiêu đề (Mục, Stt, Nội dung, …) sau phần thông tin kế hoạch: hãy thêm bảng phụ lục.');
  let records: string[][];
  try {
    records = parseCsv(lines.slice(first).join('\n'), { relax_column_count: true, skip_empty_lines: false, delimiter: detectSeparator(lines[first]) }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new PlanFileError(file, `CSV hỏng quanh dòng ${(e.lines ?? 0) + first}: ${e.message}`);
  }
  if (records.length === 0) throw new PlanFileError(file, 'không có dòng tiêu đề (Mục, Stt, Nội dung, …).');
  // A quoted cell may span lines: count physical lines to give each record its real line number.
  const rows: TableRecord[] = [];
  let line = first + 2;
  for (const cells of records.slice(1)) {
    rows.push({ row: line, cells: cells.map((text) => ({ text })) });
    line += cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0) + 1;
  }
  return document(plan, sections, assembleRows(file, rowsFromTable(file, records[0], rows)));
}
