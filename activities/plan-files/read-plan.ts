import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PlanDocument, PlanRow } from '../../domain/plan/model';
import { fold } from '../../domain/text/normalize';
import { assembleRows, document, jsonPlanSchema, planFromMeta, RawRow } from './assemble';
import { mapHeader } from './columns';
import { PlanFileError } from './errors';

/** Reads a plan from CSV, XLSX or JSON. Throws `PlanFileError` only when the file cannot be read at all. */
export async function readPlanFile(path: string): Promise<PlanDocument> {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(file, code === 'ENOENT' ? `không có tệp ở đường dẫn ${path}.` : `không mở được (${code ?? String(error)}).`);
  }
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return readCsv(file, bytes.toString('utf8'));
    case '.xlsx':
      return readXlsx(file, bytes);
    case '.json':
      return readJson(file, bytes.toString('utf8'));
    default:
      throw new PlanFileError(file, `định dạng "${extname(path) || '(không có đuôi)'}" không được hỗ trợ: hãy dùng .xlsx, .csv hoặc .json.`);
  }
}

function rowsFromTable(file: string, header: string[], records: { row: number; cells: string[] }[]): RawRow[] {
  const { fields, missing } = mapHeader(header);
  if (missing.length > 0) {
    throw new PlanFileError(file, `dòng tiêu đề thiếu cột ${missing.map((m) => `"${m}"`).join(', ')}. Tiêu đề đang có: ${header.filter(Boolean).map((h) => `"${h}"`).join(', ') || '(trống)'}.`);
  }
  return records
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      const values: Partial<Record<keyof PlanRow, string>> = {};
      fields.forEach((field, i) => {
        if (field) values[field] = r.cells[i] ?? '';
      });
      return { row: r.row, values };
    });
}

export function readCsv(file: string, text: string): PlanDocument {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
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
  let records: string[][];
  try {
    records = parseCsv(lines.slice(first).join('\n'), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new PlanFileError(file, `CSV hỏng quanh dòng ${(e.lines ?? 0) + first}: ${e.message}`);
  }
  if (records.length === 0) throw new PlanFileError(file, 'không có dòng tiêu đề (Mục, Stt, Nội dung, …).');
  // A quoted cell may span lines: count physical lines to give each record its real line number.
  const rows: { row: number; cells: string[] }[] = [];
  let line = first + 2;
  for (const cells of records.slice(1)) {
    rows.push({ row: line, cells });
    line += cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0) + 1;
  }
  return document(plan, sections, assembleRows(file, rowsFromTable(file, records[0], rows)));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  return String(value);
}

function sheetRows(sheet: ExcelJS.Worksheet): { row: number; cells: string[] }[] {
  const out: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    out.push({ row: number, cells });
  });
  return out;
}

export async function readXlsx(file: string, bytes: Buffer): Promise<PlanDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new PlanFileError(file, `không phải tệp Excel .xlsx hợp lệ (${error instanceof Error ? error.message : String(error)}).`);
  }
  const byName = (name: string) => workbook.worksheets.find((s) => fold(s.name) === name);
  const metaSheet = byName('ke hoach');
  const table = byName('phu luc') ?? workbook.worksheets.find((s) => s !== metaSheet);
  if (!metaSheet) throw new PlanFileError(file, 'thiếu trang tính "Kế hoạch" (Số, Tên, Cơ quan ban hành, Ngày ban hành, Năm).');
  if (!table) throw new PlanFileError(file, 'thiếu trang tính "Phụ lục" chứa bảng nhiệm vụ.');
  const plan = planFromMeta(file, sheetRows(metaSheet).map((r) => [r.cells[0] ?? '', r.cells[1] ?? ''] as [string, string]));
  const rows = sheetRows(table);
  const headerIndex = rows.findIndex((r) => r.cells.some((c) => fold(c) === 'noi dung'));
  if (headerIndex < 0) throw new PlanFileError(file, `trang "${table.name}" không có dòng tiêu đề (cần các cột Mục, Stt, Nội dung, …).`);
  const sections = rows.slice(0, headerIndex).flatMap((r) => {
    const m = /^Mục\s+(\S+?):\s*(.+)$/u.exec(r.cells[0] ?? '');
    return m ? [{ id: m[1], title: m[2] }] : [];
  });
  const raws = rowsFromTable(file, rows[headerIndex].cells, rows.slice(headerIndex + 1).map((r) => ({ row: r.row, cells: r.cells })));
  return document(plan, sections, assembleRows(`${file} (trang "${table.name}")`, raws));
}

export function readJson(file: string, text: string): PlanDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, `JSON không hợp lệ: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = jsonPlanSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlanFileError(file, `cần một đối tượng { "plan": {…}, "sections": […], "rows": […] }: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'} ${i.message}`).join('; ')}.`);
  }
  const meta = Object.entries(parsed.data.plan).map(([k, v]) => [k, String(v)] as [string, string]);
  const plan = planFromMeta(file, meta.map(([k, v]) => [{ number: 'Số', title: 'Tên', issuer: 'Cơ quan ban hành', date: 'Ngày ban hành', year: 'Năm' }[k] ?? k, v]));
  const raws: RawRow[] = parsed.data.rows.map((values, i) => ({ row: i + 1, values }));
  return document(plan, parsed.data.sections, assembleRows(`${file} (rows)`, raws));
}
