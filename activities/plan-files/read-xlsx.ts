import ExcelJS from 'exceljs';
import { PlanDocument, PlanRow, PlanSection } from '../../domain/plan/model';
import { fold } from '../../domain/text/normalize';
import { assembleRows, document, planFromMeta, RawRow } from './assemble';
import { fieldOf, mapHeader } from './columns';
import { PlanFileError } from './errors';
import { CellRead, readExcelCell } from './excel-cells';
import { rowsFromTable } from './read-table';
import { groupOf, ROW_NUMBER, RowTexts } from './group-rows';
import { CachedResult, cachedFormulaResults } from './xlsx-cached';

interface SheetRow {
  row: number;
  values: ExcelJS.CellValue[];
  /** The text of a title row: one cell merged across the table ("Mục 3: …", "I. Thực hiện cơ chế một cửa"). */
  title?: string;
}

/**
 * A merged range means one value. Down a column it is the same value for every row it spans (one lead unit for
 * several tasks), so lower rows read the master's value; across a row it is one cell, so the other columns are empty.
 */
function mergedValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  if (!cell.isMerged || cell.master === cell) return cell.value;
  return cell.master.fullAddress.col === cell.fullAddress.col ? cell.master.value : null;
}

function isFormula(value: ExcelJS.CellValue): value is ExcelJS.CellFormulaValue {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** A formula whose cached result exceljs lost under a date format gets back the text or error the sheet's XML holds. */
function withCachedResult(value: ExcelJS.CellValue, address: string, cached: Map<string, CachedResult>): ExcelJS.CellValue {
  if (!isFormula(value) || !(value.result instanceof Date) || !Number.isNaN(value.result.getTime())) return value;
  const stored = cached.get(address);
  if (!stored) return value;
  return { ...value, result: 'text' in stored ? stored.text : { error: stored.error } } as ExcelJS.CellValue;
}

function sheetRows(sheet: ExcelJS.Worksheet, cached: Map<string, CachedResult> = new Map()): SheetRow[] {
  const out: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: ExcelJS.CellValue[] = [];
    const masters = new Map<string, number>();
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      const source = cell.isMerged && cell.master.fullAddress.col === cell.fullAddress.col ? cell.master : cell;
      values.push(withCachedResult(mergedValue(cell), source.address, cached));
      if (cell.isMerged && cell.master.fullAddress.row === number) masters.set(cell.master.address, (masters.get(cell.master.address) ?? 0) + 1);
    }
    const filled = values.flatMap((v, i) => (v === null || v === undefined || v === '' ? [] : [i]));
    const master = filled.length === 1 ? row.getCell(filled[0] + 1) : null;
    const title = master && (masters.get(master.address) ?? 0) > 1 ? readExcelCell(master.value).text.trim() : undefined;
    out.push({ row: number, values, ...(title ? { title } : {}) });
  });
  return out;
}

const SECTION_TITLE = /^(?:Mục\s+)?(\d+(?:\.\d+)*)\s*[.:]?\s+(.+)$/u;
const GROUP_TITLE = /^([IVXLC]+)[.:]?\s+(.+)$/u;

/**
 * Title rows inside the table are headings, not tasks: a numbered one names a section (and fills an empty "Mục"
 * below it), a Roman one ("I. …") or
 * any other the group of the rows under it, filling their "Nhóm"/"Tên nhóm" where the sheet leaves them empty.
 */
function applyTitles(rows: SheetRow[], raws: Map<number, RawRow>, sections: PlanSection[], groups: Map<number, { group: string; groupTitle: string }>): void {
  let group: { group?: string; groupTitle: string } | null = null;
  let sectionId: string | null = null;
  for (const r of rows) {
    const numbered = groups.get(r.row);
    if (numbered) {
      group = numbered;
      continue;
    }
    if (r.title !== undefined) {
      const section = SECTION_TITLE.exec(r.title);
      const roman = GROUP_TITLE.exec(r.title);
      if (section) {
        if (!sections.some((s) => s.id === section[1])) sections.push({ id: section[1], title: section[2] });
        sectionId = section[1];
        group = null;
      } else group = roman ? { group: roman[1], groupTitle: roman[2] } : { groupTitle: r.title };
      continue;
    }
    const raw = raws.get(r.row);
    if (!raw) continue;
    if (!raw.values.section && sectionId) raw.values.section = sectionId;
    if (!group) continue;
    if (!raw.values.groupTitle) raw.values.groupTitle = group.groupTitle;
    if (!raw.values.group && group.group) raw.values.group = group.group;
  }
}

function metaPairs(file: string, sheet: ExcelJS.Worksheet): [string, string][] {
  return sheetRows(sheet).map((r) => {
    const key = readExcelCell(r.values[0] ?? null).text;
    const value: CellRead = readExcelCell(r.values[1] ?? null, fold(key).startsWith('ngay'));
    if (value.problem) throw new PlanFileError(file, `trang "${sheet.name}", dòng ${r.row}, ô "${key}": ${value.problem}`);
    return [key, value.text];
  });
}

/** What a sheet must name: the task, who leads it and when; "Mục", "Stt" and the rest may be absent. */
const XLSX_REQUIRED: (keyof PlanRow)[] = ['content', 'lead', 'deadline'];
const HEADER_ROWS_AT_MOST = 3;
const HEADER_CELL_AT_MOST = 80;

/** A header cell's text, read through merges both ways: "Đơn vị thực hiện" merged over two columns names both. */
function headerCellText(sheet: ExcelJS.Worksheet, row: number, column: number): string {
  const cell = sheet.getRow(row).getCell(column);
  const text = readExcelCell((cell.isMerged ? cell.master : cell).value).text.trim();
  return text.length <= HEADER_CELL_AT_MOST ? text : '';
}

/** A row under the first may add to the header when it holds only short words and no row number. */
function mayJoinHeader(row: SheetRow): boolean {
  const own = row.values.map((v) => readExcelCell(v).text.trim());
  return own.every((t) => t.length <= 40 && !ROW_NUMBER.test(t)) && own.some((t) => t !== '');
}

interface SheetHeader {
  /** Index in the sheet's rows of the header's first row, and how many rows it takes. */
  at: number;
  rows: number;
  header: string[];
}

/**
 * The header: the first row naming a content column, with the one or two rows under it when they name more columns
 * ("Đơn vị thực hiện" over "Chủ trì | Phối hợp", merged across and down).
 */
function findHeader(sheet: ExcelJS.Worksheet, rows: SheetRow[]): SheetHeader | { missing: string[]; header: string[] } | null {
  const width = Math.max(0, ...rows.map((r) => r.values.length));
  const at = rows.findIndex((r) => r.values.some((_, c) => fieldOf(headerCellText(sheet, r.row, c + 1)) === 'content'));
  if (at < 0) return null;
  let best: (SheetHeader & { named: number }) | null = null;
  let closest: { missing: string[]; header: string[] } | null = null;
  for (let count = 1; count <= HEADER_ROWS_AT_MOST && at + count <= rows.length; count++) {
    if (count > 1 && !mayJoinHeader(rows[at + count - 1])) break;
    const header = Array.from({ length: width }, (_, c) =>
      rows
        .slice(at, at + count)
        .map((r) => headerCellText(sheet, r.row, c + 1))
        .filter((t, i, all) => t !== '' && t !== all[i - 1])
        .join(' '),
    );
    const { fields, missing } = mapHeader(header, XLSX_REQUIRED);
    const named = new Set(fields.filter(Boolean)).size;
    if (missing.length > 0) {
      if (!closest || missing.length < closest.missing.length) closest = { missing, header };
    } else if (!best || named > best.named) best = { at, rows: count, header, named };
  }
  return best ?? closest;
}

export async function readXlsx(file: string, bytes: Buffer): Promise<PlanDocument> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new PlanFileError(file, `không phải tệp Excel .xlsx hợp lệ (${error instanceof Error ? error.message : String(error)}): hãy mở bằng Excel và "Lưu thành" Sổ làm việc Excel (.xlsx).`);
  }
  const byName = (name: string) => workbook.worksheets.find((s) => fold(s.name) === name);
  const metaSheet = byName('ke hoach');
  const table = byName('phu luc') ?? workbook.worksheets.find((s) => s !== metaSheet);
  if (!metaSheet) throw new PlanFileError(file, 'thiếu trang tính "Kế hoạch" (Số, Tên, Cơ quan ban hành, Ngày ban hành, Năm).');
  if (!table) throw new PlanFileError(file, 'thiếu trang tính "Phụ lục" chứa bảng nhiệm vụ.');
  const plan = planFromMeta(file, metaPairs(file, metaSheet));
  const rows = sheetRows(table, await cachedFormulaResults(bytes, table.name));
  const found = findHeader(table, rows);
  if (found === null) throw new PlanFileError(file, `trang "${table.name}" không có dòng tiêu đề (cần các cột Mục, Stt, Nội dung, …).`);
  if (!('at' in found)) {
    throw new PlanFileError(file, `trang "${table.name}": dòng tiêu đề thiếu cột ${found.missing.map((m) => `"${m}"`).join(', ')}. Tiêu đề đang có: ${found.header.filter(Boolean).map((h) => `"${h}"`).join(', ')}.`);
  }
  const { header } = found;
  const sections = rows.slice(0, found.at).flatMap((r) => {
    const m = /^Mục\s+(\S+?):\s*(.+)$/u.exec(readExcelCell(r.values[0] ?? null).text);
    return m ? [{ id: m[1], title: m[2] }] : [];
  });
  const { fields } = mapHeader(header, XLSX_REQUIRED);
  const headerLine = header.join('|');
  const texts = (r: SheetRow) => r.values.map((v) => readExcelCell(v).text.trim());
  const body = rows.slice(found.at + found.rows).filter((r) => {
    // A header repeated further down, or the "(1) (2) (3)" line of column numbers under it, is no task.
    const line = texts(r);
    const distinct = line.filter((t, i) => t !== '' && t !== line[i - 1]);
    return line.join('|') !== headerLine && !(distinct.length > 2 && distinct.every((t, i) => t === String(i + 1) || t === `(${i + 1})`));
  });
  const groups = groupRows(body, fields);
  const records = body
    .filter((r) => r.title === undefined && !groups.has(r.row))
    .map((r) => ({ row: r.row, cells: r.values.map((v, i) => readExcelCell(v, fields[i] === 'deadline')) }));
  const where = `${file} (trang "${table.name}")`;
  const raws = rowsFromTable(file, header, records, XLSX_REQUIRED);
  applyTitles(body, new Map(raws.map((r) => [r.row, r])), sections, groups);
  numberRows(raws, fields, sections);
  return document(plan, sections, assembleRows(where, raws));
}

/** Group rows ("I | Công tác chỉ đạo", "1 | …" over "1.1") by sheet row: they head the tasks below them. */
function groupRows(body: SheetRow[], fields: (keyof PlanRow | null)[]): Map<number, { group: string; groupTitle: string }> {
  const out = new Map<number, { group: string; groupTitle: string }>();
  const order = fields.indexOf('order');
  if (order < 0) return out;
  const byField = (r: SheetRow): RowTexts => {
    const t: RowTexts = {};
    fields.forEach((f, i) => {
      if (f && t[f] === undefined) t[f] = readExcelCell(r.values[i] ?? null).text;
    });
    return t;
  };
  body.forEach((r, i) => {
    if (r.title !== undefined) return;
    const next = body.slice(i + 1).map((n) => readExcelCell(n.values[order] ?? null).text.trim()).find((t) => t !== '');
    const group = groupOf(byField(r), next);
    if (group) out.set(r.row, group);
  });
  return out;
}

/**
 * A sheet without a "Mục" column and no section title puts its rows in section 1; one without "Stt" numbers its
 * rows in order within each section, as the office reads them.
 */
function numberRows(raws: RawRow[], fields: (keyof PlanRow | null)[], sections: PlanSection[]): void {
  if (!fields.includes('section')) {
    for (const raw of raws) raw.values.section ||= '1';
    if (raws.length > 0 && !sections.some((s) => s.id === '1') && raws.some((r) => r.values.section === '1')) sections.unshift({ id: '1', title: 'Phụ lục' });
  }
  if (fields.includes('order')) return;
  const counted = new Map<unknown, number>();
  for (const raw of raws) {
    const n = (counted.get(raw.values.section) ?? 0) + 1;
    counted.set(raw.values.section, n);
    raw.values.order = String(n);
  }
}
