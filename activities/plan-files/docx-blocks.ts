import { DOMParser, Element, Node } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { tidy } from '../../domain/text/normalize';
import { fieldOf } from './columns';
import { PlanFileError } from './errors';

/**
 * A Word document's body as the plan reader needs it: paragraphs and tables in document order. Table cells are laid
 * on the table's grid, so a cell spanning columns (w:gridSpan) fills them all and a cell continuing a vertical merge
 * (w:vMerge) carries the text of the cell it continues: one lead unit written once for several rows reads on each.
 */
export interface DocxCell {
  text: string;
  /** Grid columns the cell spans (1 when not merged across). */
  span: number;
  /** The cell continues a vertical merge from the row above. */
  continued: boolean;
}

export interface DocxRow {
  /** One entry per grid column; a cell spanning columns appears in each. */
  cells: DocxCell[];
  /** Marked to repeat at the top of each page (w:tblHeader). */
  header: boolean;
}

export type DocxBlock = { kind: 'paragraph'; text: string } | { kind: 'table'; index: number; rows: DocxRow[] };

/** A table's header may take this many rows (a title row, then "Chủ trì | Phối hợp" under "Đơn vị thực hiện"). */
export const HEADER_ROWS_AT_MOST = 3;

/** Header cells are short: a long cell is a task, whatever words it holds. */
const HEADER_CELL_AT_MOST = 80;

/**
 * A table holds tasks when one of its first rows has a "Stt" cell, or its first rows name a content column and a lead
 * column ("Nội dung công việc | Đơn vị chủ trì | Thời gian thực hiện"): some offices number nothing. A "Nội dung |
 * Thời gian | Địa điểm" schedule in the plan's body names no lead and is no task table.
 */
export function isTaskTable(rows: DocxRow[]): boolean {
  const fields = new Set(
    rows
      .slice(0, HEADER_ROWS_AT_MOST)
      .flatMap((r) => r.cells.map((c) => tidy(c.text)))
      .filter((t) => t.length <= HEADER_CELL_AT_MOST)
      .map(fieldOf),
  );
  return fields.has('order') || (fields.has('content') && fields.has('lead'));
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function children(node: Node, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).namespaceURI === W && (name === undefined || (c as Element).localName === name)) out.push(c as Element);
  }
  return out;
}

const child = (node: Node, name: string): Element | undefined => children(node, name)[0];
const val = (node: Element | undefined): string | null => node?.getAttributeNS(W, 'val') ?? null;

/** An on/off property: present without a value means on; "false", "off" and "0" mean off. */
const isOn = (node: Element | undefined): boolean => node !== undefined && !['false', 'off', '0'].includes(val(node) ?? 'true');

/** List numbering (word/numbering.xml): bullets read as "- ", numbered items as Word shows them ("1.", "a)"). */
class Numbering {
  private readonly formats = new Map<string, Map<string, { format: string; text: string }>>();
  private readonly counters = new Map<string, number[]>();

  constructor(xml: Element | null) {
    if (!xml) return;
    const abstract = new Map<string, Map<string, { format: string; text: string }>>();
    for (const a of children(xml, 'abstractNum')) {
      const levels = new Map<string, { format: string; text: string }>();
      for (const lvl of children(a, 'lvl')) levels.set(lvl.getAttributeNS(W, 'ilvl') ?? '0', { format: val(child(lvl, 'numFmt')) ?? 'decimal', text: val(child(lvl, 'lvlText')) ?? '' });
      abstract.set(a.getAttributeNS(W, 'abstractNumId') ?? '', levels);
    }
    for (const n of children(xml, 'num')) {
      const levels = abstract.get(val(child(n, 'abstractNumId')) ?? '');
      if (levels) this.formats.set(n.getAttributeNS(W, 'numId') ?? '', levels);
    }
  }

  prefix(numId: string, level: number): string {
    const lvl = this.formats.get(numId)?.get(String(level));
    if (!lvl || lvl.format === 'none') return '';
    if (lvl.format === 'bullet') return '- ';
    const counts = this.counters.get(numId) ?? [];
    counts[level] = (counts[level] ?? 0) + 1;
    counts.length = level + 1;
    this.counters.set(numId, counts);
    const label = (n: number) => (lvl.format === 'lowerLetter' ? String.fromCharCode(96 + n) : lvl.format === 'upperLetter' ? String.fromCharCode(64 + n) : String(n));
    return `${lvl.text.replace(/%(\d)/g, (_, d: string) => label(counts[Number(d) - 1] ?? 1))} `;
  }
}

/** Runs' text in order: w:br and w:cr are line breaks, w:tab a space; deleted text (tracked changes) is left out. */
function runsText(node: Element, out: string[]): void {
  for (const el of children(node)) {
    switch (el.localName) {
      case 't':
        out.push(el.textContent ?? '');
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'tab':
        out.push(' ');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      case 'del':
      case 'instrText':
      case 'delText':
      case 'pPr':
      case 'rPr':
        break;
      default:
        runsText(el, out);
    }
  }
}

function paragraphText(p: Element, numbering: Numbering): string {
  const out: string[] = [];
  runsText(p, out);
  const numPr = child(child(p, 'pPr') ?? p, 'numPr');
  const numId = val(child(numPr ?? p, 'numId'));
  const prefix = numPr && numId ? numbering.prefix(numId, Number(val(child(numPr, 'ilvl')) ?? 0)) : '';
  return prefix + out.join('');
}

/** A cell's paragraphs (and those of any table nested in it), one line each. */
function cellText(tc: Element, numbering: Numbering): string {
  const lines: string[] = [];
  for (const el of children(tc)) {
    if (el.localName === 'p') lines.push(paragraphText(el, numbering));
    else if (el.localName === 'tbl') for (const tr of children(el, 'tr')) for (const inner of children(tr, 'tc')) lines.push(cellText(inner, numbering));
    else if (el.localName === 'sdt') lines.push(cellText(child(el, 'sdtContent') ?? el, numbering));
  }
  return lines.join('\n');
}

function tableRows(tbl: Element, numbering: Numbering): DocxRow[] {
  const rows: DocxRow[] = [];
  for (const tr of children(tbl, 'tr')) {
    const trPr = child(tr, 'trPr');
    const cells: DocxCell[] = [];
    for (let i = 0; i < Number(val(child(trPr ?? tr, 'gridBefore')) ?? 0); i++) cells.push({ text: '', span: 1, continued: false });
    for (const tc of children(tr, 'tc')) {
      const tcPr = child(tc, 'tcPr');
      const span = Math.max(1, Number(val(child(tcPr ?? tc, 'gridSpan')) ?? 1));
      const vMerge = child(tcPr ?? tc, 'vMerge');
      const continued = vMerge !== undefined && val(vMerge) !== 'restart';
      const column = cells.length;
      const above = rows[rows.length - 1]?.cells[column];
      const cell = { text: continued ? (above?.text ?? '') : cellText(tc, numbering), span, continued };
      for (let s = 0; s < span; s++) cells.push(cell);
    }
    rows.push({ cells, header: isOn(child(trPr ?? tr, 'tblHeader')) });
  }
  return rows;
}

function parseXml(file: string, xml: string, part: string): Element {
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    if (!doc.documentElement) throw new Error('trống');
    return doc.documentElement;
  } catch (error) {
    throw new PlanFileError(file, `phần ${part} của tệp Word hỏng (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): hãy mở bằng Word và "Lưu thành" .docx rồi nhập lại.`);
  }
}

/** The body's paragraphs and tables, in order; content controls (w:sdt) are read through. */
export async function readDocxBlocks(file: string, bytes: Buffer): Promise<DocxBlock[]> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new PlanFileError(file, 'không phải tệp Word .docx hợp lệ (không mở được như tệp nén): nếu là tệp .doc đời cũ, hãy mở bằng Word và "Lưu thành" .docx.');
  }
  const main = zip.file('word/document.xml');
  if (!main) throw new PlanFileError(file, 'tệp nén không có word/document.xml nên không phải văn bản Word .docx: hãy mở bằng Word và "Lưu thành" .docx.');
  const numberingPart = zip.file('word/numbering.xml');
  const numbering = new Numbering(numberingPart ? parseXml(file, await numberingPart.async('string'), 'word/numbering.xml') : null);
  const body = child(parseXml(file, await main.async('string'), 'word/document.xml'), 'body');
  if (!body) throw new PlanFileError(file, 'văn bản Word không có nội dung (thiếu w:body).');
  const blocks: DocxBlock[] = [];
  let tables = 0;
  const walk = (parent: Element) => {
    for (const el of children(parent)) {
      if (el.localName === 'p') blocks.push({ kind: 'paragraph', text: paragraphText(el, numbering) });
      else if (el.localName === 'tbl') blocks.push({ kind: 'table', index: ++tables, rows: tableRows(el, numbering) });
      else if (el.localName === 'sdt') walk(child(el, 'sdtContent') ?? el);
    }
  };
  walk(body);
  return blocks;
}
