import { fold, tidy } from '../../domain/text/normalize';
import { DocxBlock, isTaskTable } from './docx-blocks';
import { META_HEADERS } from './columns';

/**
 * The plan's number, date, issuing body and title from the first page, laid out as Nghị định 30/2020/NĐ-CP sets it:
 * the agency (parent body above, issuing body below, in capitals) and "Số: 16/KH-SKHCN" on the left, the national
 * motto and "An Giang, ngày 05 tháng 03 năm 2025" on the right, then "KẾ HOẠCH" and the title, centred.
 */

/** First-page lines: paragraphs, and the lines of each cell of the layout table that holds agency and motto. */
function firstPageLines(blocks: DocxBlock[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      if (fold(tidy(block.text)).startsWith('phu luc')) break;
      lines.push(...block.text.split('\n'));
      continue;
    }
    if (isTaskTable(block.rows)) break;
    for (const row of block.rows) for (const cell of row.cells.filter((c, i) => c !== row.cells[i - 1])) lines.push(...cell.text.split('\n'));
  }
  return lines.map(tidy);
}

const MOTTO = /^(cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc)/;
const RULE = /^[\s_\-–—=.]*$/;

/** "UBND TỈNH AN GIANG" → "tỉnh An Giang": the place an issuing body belongs to, as its name is written in the text. */
function placeOf(parent: string): string {
  const words = parent.split(' ');
  const folded = fold(parent).split(' ');
  const start = folded.findIndex((w) => ['tinh', 'thanh', 'huyen', 'quan', 'xa', 'phuong', 'thi'].includes(w));
  if (start < 0 || !/^(ubnd|uy)$/.test(folded[0])) return '';
  const kindLength = ['thanh', 'thi'].includes(folded[start]) ? 2 : 1;
  const kind = words.slice(start, start + kindLength).join(' ').toLocaleLowerCase('vi');
  const name = words.slice(start + kindLength).map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi'));
  return name.length > 0 ? ` ${kind} ${name.join(' ')}` : '';
}

/** The agency line in capitals → its name as the text spells it ("Sở Khoa học và Công nghệ"), else in sentence case. */
function agencyName(agency: string, lines: string[]): string {
  const target = fold(agency);
  for (const line of lines) {
    const folded = fold(line);
    const at = folded.indexOf(target);
    // fold() keeps the length of Vietnamese text, so the match is at the same place in the original line.
    if (at < 0 || folded.length !== line.length) continue;
    const name = line.slice(at, at + agency.length);
    if (name !== name.toLocaleUpperCase('vi')) return name;
  }
  return agency.charAt(0) + agency.slice(1).toLocaleLowerCase('vi');
}

export function readDocxHeader(blocks: DocxBlock[]): [string, string][] {
  const lines = firstPageLines(blocks);
  const pairs: [string, string][] = [];
  const numberAt = lines.findIndex((l) => /^so\s*:/.test(fold(l)));
  if (numberAt >= 0) pairs.push([META_HEADERS.number, lines[numberAt].replace(/^[^:]*:\s*/, '').replace(/[.,;]+$/, '')]);
  const agencyLines = lines.slice(0, numberAt < 0 ? 3 : numberAt).filter((l) => l !== '' && !RULE.test(l) && !MOTTO.test(fold(l)) && l === l.toLocaleUpperCase('vi'));
  const agency = agencyLines[agencyLines.length - 1];
  if (agency) pairs.push([META_HEADERS.issuer, agencyName(agency, lines) + (agencyLines.length > 1 ? placeOf(agencyLines[agencyLines.length - 2]) : '')]);
  for (const line of lines) {
    const date = /ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})/.exec(fold(line));
    if (date) {
      pairs.push([META_HEADERS.date, `${date[1]}/${date[2]}/${date[3]}`]);
      break;
    }
  }
  const kindAt = lines.findIndex((l) => fold(l) === 'ke hoach');
  if (kindAt >= 0) {
    const title: string[] = [];
    for (const line of lines.slice(kindAt + 1)) {
      if (line === '' || RULE.test(line) || /^can cu/.test(fold(line))) break;
      title.push(line);
    }
    if (title.length > 0) {
      const text = `Kế hoạch ${title.join(' ')}`;
      pairs.push([META_HEADERS.title, text]);
      const year = /nam (\d{4})(?!.*nam \d{4})/.exec(fold(text));
      if (year) pairs.push([META_HEADERS.year, year[1]]);
    }
  }
  if (!pairs.some(([k]) => k === META_HEADERS.year)) {
    const date = pairs.find(([k]) => k === META_HEADERS.date);
    if (date) pairs.push([META_HEADERS.year, date[1].slice(-4)]);
  }
  return pairs;
}
