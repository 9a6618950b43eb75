import ExcelJS from 'exceljs';
import { PlanDocument, PlanSection } from '../../domain/plan/model';
import { fold } from '../../domain/text/normalize';
import { assembleRows, document, planFromMeta, RawRow } from './assemble';
import { mapHeader } from './columns';
import { PlanFileError } from './errors';
import { CellRead, readExcelCell } from './excel-cells';
import { rowsFromTable } from './read-table';

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

function sheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const out: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: ExcelJS.CellValue[] = [];
    const masters = new Map<string, number>();
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      values.push(mergedValue(cell));
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
function applyTitles(rows: SheetRow[], raws: Map<number, RawRow>, sections: PlanSection[]): void {
  let group: { group?: string; groupTitle: string } | null = null;
  let sectionId: string | null = null;
  for (const r of rows) {
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
  const rows = sheetRows(table);
  const headerIndex = rows.findIndex((r) => r.values.some((v) => fold(readExcelCell(v).text) === 'noi dung'));
  if (headerIndex < 0) throw new PlanFileError(file, `trang "${table.name}" không có dòng tiêu đề (cần các cột Mục, Stt, Nội dung, …).`);
  const header = rows[headerIndex].values.map((v) => readExcelCell(v).text);
  const sections = rows.slice(0, headerIndex).flatMap((r) => {
    const m = /^Mục\s+(\S+?):\s*(.+)$/u.exec(readExcelCell(r.values[0] ?? null).text);
    return m ? [{ id: m[1], title: m[2] }] : [];
  });
  const body = rows.slice(headerIndex + 1);
  const { fields } = mapHeader(header);
  const records = body
    .filter((r) => r.title === undefined)
    .map((r) => ({ row: r.row, cells: r.values.map((v, i) => readExcelCell(v, fields[i] === 'deadline')) }));
  const where = `${file} (trang "${table.name}")`;
  const raws = rowsFromTable(file, header, records);
  applyTitles(body, new Map(raws.map((r) => [r.row, r])), sections);
  return document(plan, sections, assembleRows(where, raws));
}
