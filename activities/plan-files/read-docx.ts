import { PlanDocument, PlanRow, PlanSection } from '../../domain/plan/model';
import { fold, tidy } from '../../domain/text/normalize';
import { assembleRows, document, planFromMeta, RawRow } from './assemble';
import { COLUMNS, INDICATOR_COLUMNS, mapHeader } from './columns';
import { DocxBlock, DocxRow, HEADER_ROWS_AT_MOST, isTaskTable, readDocxBlocks } from './docx-blocks';
import { readDocxHeader } from './docx-header';
import { PlanFileError } from './errors';

/**
 * A plan as the department issues it, a Word document: the first page gives the plan's number, date, issuing body
 * and title; the appendix ("PHỤ LỤC") gives one table per section, each under its numbered heading ("1. …",
 * "9.1. …"). Tables may repeat their header on each page, continue in a second table, span headers over two rows,
 * merge a lead unit down several rows and merge title rows ("I. Báo cáo về…") across the table.
 */

type Field = keyof PlanRow;

const SECTION_HEADING = /^(\d+(?:\.\d+)*)\.\s+(\S.*)$/su;
const ROMAN = /^([IVXLC]+)\s*[.:)]?(?:\s+(\S.*))?$/su;

function headerText(rows: DocxRow[], count: number, column: number): string {
  const parts: string[] = [];
  for (const row of rows.slice(0, count)) {
    const text = tidy(row.cells[column]?.text ?? '');
    if (text && parts[parts.length - 1] !== text) parts.push(text);
  }
  return parts.join(' ');
}

interface Indicator {
  target: number;
  unit: number;
  evaluator: number;
}

interface TableLayout {
  fields: (Field | null)[];
  headerRows: number;
  header: string[];
  indicator: Indicator | null;
}

function indicatorOf(header: string[]): Indicator | null {
  const folded = header.map(fold);
  const target = folded.findIndex((h) => INDICATOR_COLUMNS.target.test(h));
  if (target < 0) return null;
  return { target, unit: folded.findIndex((h) => INDICATOR_COLUMNS.unit.includes(h)), evaluator: folded.findIndex((h) => INDICATOR_COLUMNS.evaluator.includes(h)) };
}

const headerOf = (field: Field) => COLUMNS.find((c) => c.field === field)?.header;

/** The fewest top rows whose text, column by column, names every column (a header may span two or three rows). */
function layoutOf(rows: DocxRow[]): TableLayout | { missing: string[]; header: string[] } | null {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  if (!isTaskTable(rows)) return null;
  let best: { missing: string[]; header: string[] } | null = null;
  for (let count = 1; count <= Math.min(HEADER_ROWS_AT_MOST, rows.length); count++) {
    const header = Array.from({ length: width }, (_, c) => headerText(rows, count, c));
    const { fields, missing } = mapHeader(header);
    const indicator = indicatorOf(header);
    const excused = ['section', ...(indicator ? INDICATOR_COLUMNS.optional : [])].map((f) => headerOf(f as Field));
    const needed = missing.filter((m) => !excused.includes(m));
    // A cell spanning columns names only its first one.
    const unique = fields.map((f, c) => (c > 0 && rows[0].cells[c] === rows[0].cells[c - 1] && fields[c - 1] === f ? null : f));
    if (needed.length === 0) return { fields: unique, headerRows: count, header, indicator };
    if (!best || needed.length < best.missing.length) best = { missing: needed, header };
  }
  return best;
}

const texts = (row: DocxRow) => row.cells.map((c) => tidy(c.text));

/** "(1) (2) (3) …" or "1 2 3 …" under the header: column numbers, not a task. */
function isColumnNumbers(row: DocxRow): boolean {
  const distinct = row.cells.filter((c, i) => i === 0 || c !== row.cells[i - 1]).map((c) => tidy(c.text));
  return distinct.length > 2 && distinct.every((t, i) => t === String(i + 1) || t === `(${i + 1})`);
}

/**
 * A title row: one cell spanning most of the table (maybe after a Roman number in the "Stt" cell), or a Roman
 * number with only a content cell. It names a group ("I. Báo cáo về…") or a sub-section ("9.1. Chỉ tiêu…").
 */
function titleOf(row: DocxRow, layout: TableLayout): string | null {
  const own = row.cells.filter((c, i) => (i === 0 || c !== row.cells[i - 1]) && !c.continued && tidy(c.text) !== '');
  const wide = own.some((c) => c.span >= Math.min(3, layout.fields.length - 1));
  if (own.length > 0 && own.length <= 2 && wide) return own.map((c) => tidy(c.text)).join(' ');
  const order = layout.fields.indexOf('order');
  const filled = row.cells.flatMap((c, i) => (tidy(c.text) && !c.continued && layout.fields[i] ? [layout.fields[i]] : []));
  if (ROMAN.test(tidy(row.cells[order]?.text ?? '')) && filled.every((f) => f === 'order' || f === 'content')) return texts(row).filter(Boolean).filter((t, i, a) => a.indexOf(t) === i).join(' ');
  return null;
}

/** An indicator row's expected result and note, from its target, unit and evaluating body. */
function indicatorValues({ indicator, header }: TableLayout, cells: string[], values: Partial<Record<Field, string>>): Partial<Record<Field, string>> {
  const { target, unit, evaluator } = indicator!;
  const value = tidy(cells[target] ?? '');
  const per = unit >= 0 ? tidy(cells[unit] ?? '') : '';
  const by = evaluator >= 0 ? tidy(cells[evaluator] ?? '') : '';
  return {
    deadline: values.deadline ?? '',
    output: values.output ?? (value ? `${header[target]}: ${value}${per === '%' || per === '' ? per : ` ${per}`}` : ''),
    note: values.note ?? (by ? `${header[evaluator]}: ${by}` : ''),
  };
}

interface Context {
  section: string | null;
  group: { group?: string; groupTitle: string } | null;
  sections: PlanSection[];
}

function addSection(context: Context, id: string, title: string): void {
  context.section = id;
  context.group = null;
  if (!context.sections.some((s) => s.id === id)) context.sections.push({ id, title });
}

function applyTitle(context: Context, title: string): void {
  const numbered = SECTION_HEADING.exec(title);
  const roman = ROMAN.exec(title);
  if (numbered) addSection(context, numbered[1], numbered[2]);
  else if (roman?.[2]) context.group = { group: roman[1], groupTitle: roman[2] };
  else context.group = { groupTitle: title };
}

function tableRaws(file: string, table: Extract<DocxBlock, { kind: 'table' }>, layout: TableLayout, context: Context): RawRow[] {
  const raws: RawRow[] = [];
  let lastTask: string[] | null = null;
  const headerLines = new Set(table.rows.slice(0, layout.headerRows).map((r) => texts(r).join('|')));
  table.rows.forEach((row, i) => {
    if (i < layout.headerRows || row.header || isColumnNumbers(row)) return;
    // A header repeated by hand where the table crosses a page: the same lines, or a line naming most columns.
    const rowTexts = texts(row);
    if (headerLines.has(rowTexts.join('|')) || mapHeader(rowTexts).fields.filter(Boolean).length >= 4) return;
    if (rowTexts.every((t) => t === '')) return;
    const title = titleOf(row, layout);
    if (title !== null) {
      applyTitle(context, title);
      return;
    }
    // A unit merged down across a repeated header continues the task row above the header, not the header.
    const cells = row.cells.map((cell, c) => (cell.continued && lastTask ? (lastTask[c] ?? '') : cell.text));
    lastTask = cells;
    const values: Partial<Record<Field, string>> = {};
    layout.fields.forEach((field, c) => {
      if (field && values[field] === undefined) values[field] = cells[c] ?? '';
    });
    if (layout.indicator) Object.assign(values, indicatorValues(layout, cells, values));
    if (context.section) values.section = context.section;
    if (context.group) {
      values.groupTitle ||= context.group.groupTitle;
      if (context.group.group) values.group ||= context.group.group;
    }
    raws.push({ row: i + 1, values, label: `${file} (bảng ${table.index})` });
  });
  return raws;
}

export async function readDocx(file: string, bytes: Buffer): Promise<PlanDocument> {
  const blocks = await readDocxBlocks(file, bytes);
  const plan = planFromMeta(
    file,
    readDocxHeader(blocks),
    'Trang đầu của văn bản cần có dòng "Số: 16/KH-SKHCN", cơ quan ban hành (chữ in hoa, bên trái), dòng "…, ngày 05 tháng 03 năm 2025" và chữ "KẾ HOẠCH" với tên kế hoạch ngay dưới.',
  );
  const context: Context = { section: null, group: null, sections: [] };
  const raws: RawRow[] = [];
  let inAppendix = !blocks.some((b) => b.kind === 'paragraph' && fold(tidy(b.text)).startsWith('phu luc'));
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const text = tidy(block.text);
      if (fold(text).startsWith('phu luc')) inAppendix = true;
      else if (inAppendix && (SECTION_HEADING.test(text) || /^[IVXLC]+\.\s/u.test(text))) applyTitle(context, text);
      continue;
    }
    const layout = layoutOf(block.rows);
    if (layout === null) continue;
    if (!('fields' in layout)) {
      throw new PlanFileError(file, `bảng ${block.index} có cột "Stt" nhưng thiếu cột ${layout.missing.map((m) => `"${m}"`).join(', ')}. Tiêu đề đang có: ${layout.header.filter(Boolean).map((h) => `"${h}"`).join(', ')}. Hãy đặt tên cột như phụ lục mẫu (${COLUMNS.filter((c) => c.required && c.field !== 'section').map((c) => c.header).join(', ')}).`);
    }
    if (context.section === null) {
      throw new PlanFileError(file, `bảng ${block.index} không có tiêu đề mục đứng trước (ví dụ "1. Thực hiện các nhiệm vụ…"): hãy thêm dòng tiêu đề mục ngay trên bảng.`);
    }
    raws.push(...tableRaws(file, block, layout, context));
  }
  if (raws.length === 0) {
    throw new PlanFileError(file, 'không tìm thấy bảng nhiệm vụ nào (bảng có cột Stt, Nội dung, Cơ quan chủ trì, …) trong văn bản: hãy kiểm tra phụ lục của kế hoạch.');
  }
  return document(plan, context.sections, assembleRows(file, raws));
}
