import { PlanDocument, PlanRow, PlanSection } from '../../domain/plan/model';
import { fold, tidy } from '../../domain/text/normalize';
import { assembleRows, document, planFromMeta, RawRow } from './assemble';
import { COLUMNS, fieldOf, INDICATOR_COLUMNS, mapHeader } from './columns';
import { DocxBlock, DocxRow, HEADER_ROWS_AT_MOST, isTaskTable, readDocxBlocks } from './docx-blocks';
import { readDocxHeader } from './docx-header';
import { PlanFileError } from './errors';
import { groupOf, ROW_NUMBER, RowTexts } from './group-rows';

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

/** What a Word appendix must have: the task, who leads it and when; "Stt", "Phối hợp", "Sản phẩm", "Ghi chú" may be absent. */
const DOCX_REQUIRED: Field[] = ['content', 'lead', 'deadline'];

/** A row below the first may add to the header when it is marked to repeat, or holds only short words and no row number. */
function mayJoinHeader(row: DocxRow): boolean {
  if (row.header) return true;
  const own = row.cells.filter((c, i) => !c.continued && c !== row.cells[i - 1]).map((c) => tidy(c.text));
  return own.every((t) => t.length <= 40 && !ROW_NUMBER.test(t)) && own.some((t) => t !== '');
}

/**
 * The top rows whose text, column by column, names the most columns (a header may stack two or three rows, merged
 * across and down: "Đơn vị thực hiện" over "Chủ trì | Phối hợp"); the fewest such rows when more name no more.
 */
function layoutOf(rows: DocxRow[]): TableLayout | { missing: string[]; header: string[] } | null {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  if (!isTaskTable(rows)) return null;
  let best: TableLayout | null = null;
  let closest: { missing: string[]; header: string[] } | null = null;
  for (let count = 1; count <= Math.min(HEADER_ROWS_AT_MOST, rows.length); count++) {
    if (count > 1 && !mayJoinHeader(rows[count - 1])) break;
    const header = Array.from({ length: width }, (_, c) => headerText(rows, count, c));
    const indicator = indicatorOf(header);
    const { fields, missing } = mapHeader(header, DOCX_REQUIRED.filter((f) => !(indicator && INDICATOR_COLUMNS.optional.includes(f))));
    // A cell spanning columns names only its first one.
    const unique = fields.map((f, c) => (c > 0 && fields[c - 1] === f ? null : f));
    if (missing.length > 0) {
      if (!closest || missing.length < closest.missing.length) closest = { missing, header };
      continue;
    }
    const named = new Set(unique.filter(Boolean)).size;
    if (!best || named > new Set(best.fields.filter(Boolean)).size) best = { fields: unique, headerRows: count, header, indicator };
  }
  return best ?? closest;
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
  const number = tidy(row.cells[order]?.text ?? '');
  if ((ROMAN.test(number) || /^[A-ZĐ][.)]?$/u.test(number)) && filled.every((f) => f === 'order' || f === 'content')) return texts(row).filter(Boolean).filter((t, i, a) => a.indexOf(t) === i).join(' ');
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
  /** The section was made up for a table with no numbered heading above it ("PHỤ LỤC" then the table). */
  implicit: boolean;
  group: { group?: string; groupTitle: string } | null;
  sections: PlanSection[];
  /** Rows numbered so far in the section, for tables without a "Stt" column. */
  counted: number;
}

function addSection(context: Context, id: string, title: string): void {
  context.section = id;
  context.implicit = false;
  context.group = null;
  context.counted = 0;
  if (!context.sections.some((s) => s.id === id)) context.sections.push({ id, title });
}

function applyTitle(context: Context, title: string): void {
  const numbered = SECTION_HEADING.exec(title);
  const roman = ROMAN.exec(title);
  if (numbered) addSection(context, numbered[1], numbered[2]);
  else if (roman?.[2]) context.group = { group: roman[1], groupTitle: roman[2] };
  else context.group = { groupTitle: title };
}

/** A section for a table no numbered heading introduces: the next free number, titled by the line above the table. */
function addImplicitSection(context: Context, caption: string, table: number): void {
  let id = 1;
  while (context.sections.some((s) => s.id === String(id))) id++;
  addSection(context, String(id), caption || `Bảng ${table}`);
  context.implicit = true;
}

/** The row's own texts by field (a cell continuing a merge from above is not the row's own), for `groupOf`. */
function ownTexts(row: DocxRow, layout: TableLayout): RowTexts {
  const out: RowTexts = {};
  layout.fields.forEach((field, c) => {
    if (field && out[field] === undefined) out[field] = row.cells[c]?.continued ? '' : tidy(row.cells[c]?.text ?? '');
  });
  return out;
}

function arabicGroup(table: DocxRow[], at: number, layout: TableLayout): { group: string; groupTitle: string } | null {
  const order = layout.fields.indexOf('order');
  if (order < 0) return null;
  const next = table.slice(at + 1).map((r) => tidy(r.cells[order]?.text ?? '')).find((t) => t !== '');
  return groupOf(ownTexts(table[at], layout), next);
}

function tableRaws(file: string, table: Extract<DocxBlock, { kind: 'table' }>, layout: TableLayout, context: Context, continued: RawRow | null): RawRow[] {
  const raws: RawRow[] = [];
  let lastTask: string[] | null = null;
  let firstBody = true;
  const headerLines = new Set(table.rows.slice(0, layout.headerRows).map((r) => texts(r).join('|')));
  const orderColumn = layout.fields.indexOf('order');
  table.rows.forEach((row, i) => {
    if (i < layout.headerRows || row.header || isColumnNumbers(row)) return;
    // A header repeated by hand where the table crosses a page: the same lines, or a line of short cells naming most columns.
    const rowTexts = texts(row);
    const headerLike = rowTexts.every((t) => t.length <= 40) && mapHeader(rowTexts).fields.filter(Boolean).length >= 4;
    if (headerLines.has(rowTexts.join('|')) || headerLike) return;
    if (rowTexts.every((t) => t === '')) return;
    const title = titleOf(row, layout);
    const group = title === null ? arabicGroup(table.rows, i, layout) : null;
    if (title !== null || group !== null) {
      if (title !== null) applyTitle(context, title);
      else context.group = group;
      firstBody = false;
      return;
    }
    // A unit merged down across a repeated header continues the task row above the header, not the header.
    const cells = row.cells.map((cell, c) => (cell.continued && lastTask ? (lastTask[c] ?? '') : cell.text));
    const previous = raws[raws.length - 1] ?? (firstBody ? continued : null);
    // A row Word (or a PDF converter) cut at a page break: no number of its own, the rest of the task above.
    if (firstBody && previous && orderColumn >= 0 && tidy(cells[orderColumn] ?? '') === '') {
      layout.fields.forEach((field, c) => {
        const more = tidy(cells[c] ?? '');
        if (field && field !== 'order' && more !== '' && !row.cells[c].continued) previous.values[field] = [previous.values[field], more].filter(Boolean).join('\n');
      });
      firstBody = false;
      return;
    }
    firstBody = false;
    lastTask = cells;
    const values: Partial<Record<Field, string>> = {};
    layout.fields.forEach((field, c) => {
      if (field && values[field] === undefined) values[field] = cells[c] ?? '';
    });
    if (orderColumn < 0) values.order = String(++context.counted);
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

const sameWidth = (a: DocxRow[], b: DocxRow[]) => Math.max(0, ...a.map((r) => r.cells.length)) === Math.max(0, ...b.map((r) => r.cells.length));

export async function readDocx(file: string, bytes: Buffer): Promise<PlanDocument> {
  const blocks = await readDocxBlocks(file, bytes);
  const plan = planFromMeta(
    file,
    readDocxHeader(blocks),
    'Trang đầu của văn bản cần có dòng "Số: 16/KH-SKHCN", cơ quan ban hành (chữ in hoa, bên trái), dòng "…, ngày 05 tháng 03 năm 2025" và chữ "KẾ HOẠCH" với tên kế hoạch ngay dưới.',
  );
  const context: Context = { section: null, implicit: false, group: null, sections: [], counted: 0 };
  const raws: RawRow[] = [];
  let inAppendix = !blocks.some((b) => b.kind === 'paragraph' && fold(tidy(b.text)).startsWith('phu luc'));
  let caption = '';
  // The task table just read, while only empty lines (a page break) follow it: a table after them may continue it.
  let open = null as { rows: DocxRow[]; layout: TableLayout } | null;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      const text = tidy(block.text);
      if (text === '') continue;
      open = null;
      if (fold(text).startsWith('phu luc')) {
        inAppendix = true;
        if (context.implicit) context.section = null;
      } else if (inAppendix && (SECTION_HEADING.test(text) || /^[IVXLC]+\.\s/u.test(text))) applyTitle(context, text);
      caption = text;
      continue;
    }
    let layout = layoutOf(block.rows);
    let continuing = false;
    if (layout === null && open && sameWidth(open.rows, block.rows)) {
      // A table split over pages into two tables, the second without its header: it reads under the first one's.
      layout = { ...open.layout, headerRows: 0 };
      continuing = true;
    }
    if (layout === null) continue;
    if (!('fields' in layout)) {
      const has = layout.header.some((h) => fieldOf(h) === 'order') ? '"Stt"' : '"Nội dung"';
      throw new PlanFileError(file, `bảng ${block.index} có cột ${has} nhưng thiếu cột ${layout.missing.map((m) => `"${m}"`).join(', ')}. Tiêu đề đang có: ${layout.header.filter(Boolean).map((h) => `"${h}"`).join(', ')}. Hãy đặt tên cột như phụ lục mẫu (${COLUMNS.filter((c) => c.required && c.field !== 'section').map((c) => c.header).join(', ')}).`);
    }
    if (context.section === null) addImplicitSection(context, caption, block.index);
    const before = raws.length;
    raws.push(...tableRaws(file, block, layout, context, open && (continuing || sameWidth(open.rows, block.rows)) ? (raws[raws.length - 1] ?? null) : null));
    open = raws.length > before || continuing || open === null ? { rows: block.rows, layout } : open;
  }
  if (raws.length === 0) {
    throw new PlanFileError(file, 'không tìm thấy bảng nhiệm vụ nào (bảng có cột Stt hoặc Nội dung, Cơ quan chủ trì, Thời gian hoàn thành, …) trong văn bản: hãy kiểm tra phụ lục của kế hoạch.');
  }
  return document(plan, context.sections, assembleRows(file, raws));
}
