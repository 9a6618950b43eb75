/**
 * Writes samples/ke-hoach-16-KH-SKHCN-2025.docx from the JSON transcription of the seed plan, laid out as the
 * department issued it (Nghị định 30/2020/NĐ-CP): agency and national motto side by side, "Số: 16/KH-SKHCN", the
 * place and date, "KẾ HOẠCH" and the title; then, in landscape, the appendix with one table per section under its
 * numbered heading, Roman group rows merged across the table and one lead unit merged down the rows it leads.
 * Run: npx tsx scripts/make-sample-docx.ts
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  ISectionOptions,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { readPlanFile } from '../activities/plan-files/read-plan';
import { ImportedRow, PlanDocument, PlanSection } from '../domain/plan/model';

const FONT = 'Times New Roman';
const MM = 56.7; // twips per millimetre

interface Text {
  text: string;
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

function line(content: string | Text, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER, indent = false): Paragraph {
  const t = typeof content === 'string' ? { text: content } : content;
  return new Paragraph({
    alignment: align,
    spacing: { after: 60 },
    ...(indent ? { indent: { firstLine: Math.round(10 * MM) } } : {}),
    children: [new TextRun({ text: t.text, bold: t.bold, italics: t.italics, font: FONT, size: (t.size ?? 13) * 2 })],
  });
}

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

/** Two borderless columns, as the first page sets agency beside motto and recipients beside signature. */
function layoutTable(widthsMm: [number, number], left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: Math.round((widthsMm[0] + widthsMm[1]) * MM), type: WidthType.DXA },
    columnWidths: widthsMm.map((w) => Math.round(w * MM)),
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [new TableCell({ borders: NO_BORDERS, children: left }), new TableCell({ borders: NO_BORDERS, children: right })] })],
  });
}

/** "Sở Khoa học và Công nghệ tỉnh An Giang" → parent "UBND TỈNH AN GIANG", agency "SỞ KHOA HỌC VÀ CÔNG NGHỆ". */
function agencyLines(issuer: string): [string, string] {
  const m = /^(.*?)\s+(tỉnh|thành phố)\s+(.+)$/u.exec(issuer);
  return m ? [`UBND ${m[2]} ${m[3]}`.toLocaleUpperCase('vi'), m[1].toLocaleUpperCase('vi')] : ['', issuer.toLocaleUpperCase('vi')];
}

function vietnameseLongDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

function firstPage(doc: PlanDocument): ISectionOptions {
  const { plan } = doc;
  const [parent, agency] = agencyLines(plan.issuer);
  const place = parent.replace(/^UBND (TỈNH|THÀNH PHỐ) /u, '').toLocaleLowerCase('vi').replace(/(^|\s)\p{L}/gu, (c) => c.toLocaleUpperCase('vi'));
  const agencyShort = plan.issuer.replace(/\s+(tỉnh|thành phố)\s+.+$/u, '');
  const header = layoutTable(
    [68, 97],
    [line(parent), line({ text: agency, bold: true }), line({ text: '________', size: 10 }), line(`Số: ${plan.number}`)],
    [
      line({ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: 12 }),
      line({ text: 'Độc lập - Tự do - Hạnh phúc', bold: true }),
      line({ text: '____________________', size: 10 }),
      line({ text: `${place}, ${vietnameseLongDate(plan.date)}`, italics: true }),
    ],
  );
  const title = plan.title.replace(/^Kế hoạch\s+/u, '');
  const justify = AlignmentType.JUSTIFIED;
  return {
    properties: { page: { size: { orientation: PageOrientation.PORTRAIT }, margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) } } },
    children: [
      header,
      line(''),
      line({ text: 'KẾ HOẠCH', bold: true, size: 14 }),
      line({ text: title, bold: true, size: 14 }),
      line({ text: '____________', size: 10 }),
      line(''),
      line(
        `Căn cứ Quyết định số 242/QĐ-UBND ngày 24/02/2025 của UBND tỉnh về việc ban hành Kế hoạch tổ chức hoạt động kiểm soát thủ tục hành chính, triển khai cơ chế một cửa, một cửa liên thông, thực hiện thủ tục hành chính trên môi trường điện tử và công tác truyền thông về kiểm soát thủ tục hành chính năm ${plan.year} trên địa bàn tỉnh ${place}.`,
        justify,
        true,
      ),
      line(`${agencyShort} xây dựng Kế hoạch tổ chức hoạt động kiểm soát TTHC và thực hiện cơ chế một cửa, một cửa liên thông năm ${plan.year} như sau:`, justify, true),
      line({ text: 'I. MỤC ĐÍCH - YÊU CẦU', bold: true }, AlignmentType.LEFT, true),
      line('Tổ chức thực hiện đạt hiệu quả các nhiệm vụ kiểm soát TTHC thuộc phạm vi chức năng quản lý của Sở; phân công rõ trách nhiệm của từng phòng, đơn vị.', justify, true),
      line({ text: 'II. NỘI DUNG THỰC HIỆN', bold: true }, AlignmentType.LEFT, true),
      line('Nội dung, cơ quan chủ trì, cơ quan phối hợp, thời gian hoàn thành và kết quả thực hiện theo Phụ lục kèm theo Kế hoạch này.', justify, true),
      line(''),
      layoutTable(
        [80, 85],
        [line({ text: 'Nơi nhận:', bold: true, italics: true, size: 12 }, AlignmentType.LEFT), ...['- UBND tỉnh;', '- Các phòng, đơn vị trực thuộc;', '- Lưu: VT, VP.'].map((t) => line({ text: t, size: 11 }, AlignmentType.LEFT))],
        [line({ text: 'GIÁM ĐỐC', bold: true }), line(''), line({ text: '(Đã ký)', italics: true }), line('')],
      ),
    ],
  };
}

/** Section headings as the appendix writes them: "9. …" then "9.1. …" above a sub-section's table. */
function headings(section: PlanSection, emitted: Set<string>): string[] {
  const out: string[] = [];
  const parent = section.id.includes('.') ? section.id.split('.')[0] : null;
  let title = section.title.replace(/\s*\(mục không có bảng\)$/u, '');
  const [parentTitle, own] = title.includes(' — ') ? title.split(' — ') : [null, title];
  if (parent && parentTitle && !emitted.has(parent)) {
    out.push(`${parent}. ${parentTitle}`);
    emitted.add(parent);
  }
  title = own.replace(new RegExp(`^${section.id.replace(/\./g, '\\.')}\\.\\s*`), '');
  out.push(`${section.id}. ${title}`);
  emitted.add(section.id);
  return out;
}

function cell(text: string, width: number, options: { bold?: boolean; merge?: 'restart' | 'continue'; span?: number; center?: boolean; header?: boolean } = {}): TableCell {
  // A cell's lines are separate paragraphs, as Word keeps "Quý II năm 2025" and "(hoặc đột xuất)" on their own lines.
  const lines = options.merge === 'continue' ? [''] : text.split('\n');
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: options.header ? VerticalAlign.CENTER : VerticalAlign.TOP,
    ...(options.span ? { columnSpan: options.span } : {}),
    ...(options.merge ? { verticalMerge: options.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
    children: lines.map(
      (l) =>
        new Paragraph({
          alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { before: 20, after: 20 },
          children: [new TextRun({ text: l, bold: options.bold, font: FONT, size: 22 })],
        }),
    ),
  });
}

/** "Hàng quý (Theo Kế hoạch số 712/KH-UBND …)" on two lines, as the appendix sets a deadline's explanation apart. */
const deadlineLines = (text: string) => text.replace(/\s+\(/u, '\n(');

type Column = { header: string; width: number; value: (row: ImportedRow) => string; merge?: boolean };

function columns(withOrder2: boolean): Column[] {
  const contentWidth = withOrder2 ? 3900 : 4500;
  return [
    { header: 'Stt', width: 600, value: (r) => r.order },
    ...(withOrder2 ? [{ header: 'Stt2', width: 600, value: (r: ImportedRow) => r.order2 ?? '' }] : []),
    { header: 'Nội dung', width: contentWidth, value: (r) => r.content },
    { header: 'Cơ quan chủ trì', width: 1700, value: (r) => r.lead, merge: true },
    { header: 'Cơ quan phối hợp', width: 1700, value: (r) => r.coordinating, merge: true },
    { header: 'Thời gian\nhoàn thành', width: 1600, value: (r) => deadlineLines(r.deadline) },
    { header: 'Kết quả thực hiện', width: 2400, value: (r) => r.output },
    { header: 'Ghi chú', width: 2070, value: (r) => r.note },
  ];
}

const TARGET = /^(Chỉ tiêu năm \d{4}): (.*?)(%?)$/u;
const EVALUATOR = 'Cơ quan chủ trì đánh giá: ';

/** Indicator rows (section 9) are set as the seed sets them: target, unit and evaluating body in their own columns. */
const isIndicatorTable = (rows: ImportedRow[]) => rows.every((r) => r.deadline === '' && TARGET.test(r.output) && (r.note === '' || r.note.startsWith(EVALUATOR)));

function indicatorColumns(rows: ImportedRow[], withOrder2: boolean): Column[] {
  const target = (r: ImportedRow) => TARGET.exec(r.output)!;
  const cols: Column[] = [
    { header: 'Stt', width: 600, value: (r) => r.order },
    ...(withOrder2 ? [{ header: 'Stt2', width: 600, value: (r: ImportedRow) => r.order2 ?? '' }] : []),
    { header: 'Chỉ tiêu', width: withOrder2 ? 5300 : 5900, value: (r) => r.content },
    { header: 'Đơn vị', width: 800, value: (r) => target(r)[3] },
    { header: target(rows[0])[1].replace(/ (\d{4})$/u, '\n$1'), width: 1400, value: (r) => target(r)[2] },
    { header: 'Cơ quan chủ trì\nthực hiện', width: 2200, value: (r) => r.lead, merge: true },
    { header: 'Cơ quan phối\nhợp', width: 2200, value: (r) => r.coordinating, merge: true },
    { header: 'Cơ quan chủ\ntrì đánh giá', width: 1470, value: (r) => r.note.slice(EVALUATOR.length), merge: true },
  ];
  return cols;
}

function sectionTable(rows: ImportedRow[]): Table {
  const withOrder2 = rows.some((r) => r.order2 !== undefined);
  const cols = isIndicatorTable(rows) ? indicatorColumns(rows, withOrder2) : columns(withOrder2);
  const out: TableRow[] = [new TableRow({ tableHeader: true, children: cols.map((c) => cell(c.header, c.width, { bold: true, center: true, header: true })) })];
  let group: string | undefined;
  rows.forEach((row, i) => {
    if (row.group !== undefined && row.group !== group) {
      out.push(new TableRow({ children: [cell(row.group, cols[0].width, { bold: true, center: true }), cell(row.groupTitle ?? '', cols.slice(1).reduce((n, c) => n + c.width, 0), { bold: true, span: cols.length - 1 })] }));
    }
    const previous = i > 0 && rows[i - 1].group === row.group ? rows[i - 1] : null;
    const next = i + 1 < rows.length && rows[i + 1].group === row.group ? rows[i + 1] : null;
    group = row.group;
    out.push(
      new TableRow({
        cantSplit: false,
        children: cols.map((c) => {
          const value = c.value(row);
          const same = (other: ImportedRow | null) => c.merge === true && value !== '' && other !== null && c.value(other) === value;
          const merge = same(previous) ? 'continue' : same(next) ? 'restart' : undefined;
          return cell(value, c.width, { ...(merge ? { merge } : {}), center: c.header.startsWith('Stt') });
        }),
      }),
    );
  });
  return new Table({ width: { size: cols.reduce((n, c) => n + c.width, 0), type: WidthType.DXA }, columnWidths: cols.map((c) => c.width), rows: out });
}

function appendix(doc: PlanDocument): ISectionOptions {
  const { plan } = doc;
  const children: (Paragraph | Table)[] = [
    line({ text: 'PHỤ LỤC', bold: true }),
    line({ text: `Nội dung thực hiện tổ chức hoạt động kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông năm ${plan.year} của Sở Khoa học và Công nghệ`, bold: true }),
    line({ text: `(Kèm theo Kế hoạch số ${plan.number} ${vietnameseLongDate(plan.date)} của Sở Khoa học và Công nghệ)`, italics: true }),
    line(''),
  ];
  const emitted = new Set<string>();
  for (const section of doc.sections) {
    for (const heading of headings(section, emitted)) children.push(line({ text: heading, bold: true, size: 12 }, AlignmentType.LEFT));
    const rows = doc.rows.filter((r) => r.section === section.id);
    if (rows.length > 0) children.push(sectionTable(rows), line(''));
  }
  return {
    properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: Math.round(20 * MM), bottom: Math.round(15 * MM), left: Math.round(20 * MM), right: Math.round(15 * MM) } } },
    children,
  };
}

export async function planToDocx(doc: PlanDocument): Promise<Buffer> {
  const document = new Document({
    creator: 'dondoc',
    title: doc.plan.title,
    styles: { default: { document: { run: { font: FONT, size: 26 } } } },
    sections: [firstPage(doc), appendix(doc)],
  });
  return Packer.toBuffer(document);
}

async function main(): Promise<void> {
  const base = join(__dirname, '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025');
  const doc = await readPlanFile(`${base}.json`);
  await writeFile(`${base}.docx`, await planToDocx(doc));
  process.stdout.write(`Đã ghi ${doc.rows.length} dòng vào ${base}.docx\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
