import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { REPORT_COLUMNS } from './report-workbook';
import { PeriodDocument, periodLine } from './period-document';

/**
 * The report as a Word document in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins 20/20/30/15 mm,
 * Times New Roman; agency header left and national motto right on one line, each with a short rule under it;
 * "Số: …/BC-…" and the date line left for the office to fill at signing; the title in capitals with the subject and
 * period under it; page numbers at the top centre from page 2; "Nơi nhận" in 12/11 pt beside the signature.
 */
const FONT = 'Times New Roman';
/** Half-points. */
const PT = (n: number) => n * 2;
/** A4 in twips, and NĐ 30's margins. */
const PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 850 };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

const run = (text: string, style: RunStyle = {}) => new TextRun({ text, font: FONT, size: PT(style.size ?? 14), bold: style.bold, italics: style.italics });

function para(text: string | TextRun[], options: RunStyle & { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; before?: number; after?: number; keepNext?: boolean } = {}) {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent ? { firstLine: 567 } : undefined,
    spacing: { before: options.before ?? 0, after: options.after ?? 120, line: 288 },
    keepNext: options.keepNext,
    children: typeof text === 'string' ? [run(text, options)] : text,
  });
}

const centered = (text: string, style: RunStyle = {}, after = 0) => para(text, { ...style, align: AlignmentType.CENTER, after });

/** The short rule NĐ 30 draws under the agency name and the motto: a bottom border on an indented empty line. */
function rule(widthTwips: number, cellWidth: number) {
  const side = Math.max(0, Math.round((cellWidth - widthTwips) / 2));
  return new Paragraph({ indent: { left: side, right: side }, spacing: { before: 0, after: 60, line: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [] });
}

const plainCell = (width: number, children: Paragraph[]) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: TableBorders.NONE, children });

function headerBlock(doc: PeriodDocument): Table {
  // Wider than the text, reaching into the margins as NĐ 30 templates do, so that neither the agency's name nor the
  // national motto wraps (NĐ 30 sets both in capitals at 12–13 pt; 12 keeps "SỞ KHOA HỌC VÀ CÔNG NGHỆ" on one line).
  const left = 4400;
  const right = 5800;
  const { issuer } = doc;
  return new Table({
    width: { size: left + right, type: WidthType.DXA },
    columnWidths: [left, right],
    indent: { size: -500, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          plainCell(left, [centered(issuer.parent, { size: 12 }), centered(issuer.agency, { size: 12, bold: true }), rule(1300, left)]),
          plainCell(right, [centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }), centered('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true }), rule(3000, right)]),
        ],
      }),
      new TableRow({
        children: [
          plainCell(left, [centered(`Số:        /BC-${issuer.symbol}`, { size: 13 })]),
          plainCell(right, [centered(`${issuer.place ? `${issuer.place}, ` : ''}ngày      tháng      năm ${doc.period.to.slice(0, 4)}`, { size: 14, italics: true })]),
        ],
      }),
    ],
  });
}

/** Widths in twips; they are scaled to fill the text width exactly. A date at 13 pt needs about 1,300. */
type Column = { header: string; width: number; align?: 'left' | 'center' | 'right' };

function gridTable(columns: Column[], rows: string[][], boldLast = false): Table {
  const scale = TEXT_WIDTH / columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor(c.width * scale));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const cell = (text: string, i: number, header: boolean, bold: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
      margins: { top: 40, bottom: 40, left: 60, right: 60 },
      children: text.split('\n').map((line) =>
        new Paragraph({
          alignment: header || columns[i].align === 'center' ? AlignmentType.CENTER : columns[i].align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          spacing: { before: 0, after: 0 },
          children: [run(line, { size: 13, bold: header || bold })],
        }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true, false)) }),
      ...rows.map((r, ri) => new TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, i, false, boldLast && ri === rows.length - 1)) })),
    ],
  });
}

/** A line of dots to the right margin (a dot-leader tab), for the office to write on. */
const dottedLine = () =>
  new Paragraph({ indent: { firstLine: 567 }, spacing: { after: 120 }, tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH, leader: 'dot' }], children: [run('\t')] });

const heading = (text: string) => para(text, { bold: true, before: 200, keepNext: true, indent: true });
const spacer = () => para('', { after: 0 });

function signatureBlock(doc: PeriodDocument): Table {
  const left = 4300;
  const right = TEXT_WIDTH - left;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          plainCell(left, [
            para('Nơi nhận:', { size: 12, bold: true, italics: true, align: AlignmentType.LEFT, after: 0 }),
            ...doc.recipients.map((r) => para(`- ${r}`, { size: 11, align: AlignmentType.LEFT, after: 0 })),
          ]),
          plainCell(right, [centered(doc.issuer.signerTitle, { size: 14, bold: true }), spacer(), spacer(), spacer(), spacer(), centered(doc.issuer.signerName ?? '', { size: 14, bold: true })]),
        ],
      }),
    ],
  });
}

export async function reportDocx(doc: PeriodDocument): Promise<Buffer> {
  const { period } = doc;
  const summaryRows = [...doc.byUnit.map(([unit, c]) => [unit, ...REPORT_COLUMNS.map(([k]) => String(c[k]))]), ['Tổng cộng', ...REPORT_COLUMNS.map(([k]) => String(doc.total[k]))]];
  const children = [
    headerBlock(doc),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 480, after: 0 }, children: [run('BÁO CÁO', { bold: true })] }),
    // The subject breaks before "của …", as titles are set by hand, rather than wherever the line happens to end.
    ...doc.subject.split(/ (?=của )/).map((part) => centered(part, { bold: true })),
    centered(`(${period.label[0].toLocaleUpperCase('vi')}${period.label.slice(1)})`, { bold: true }),
    centered(periodLine(doc), { italics: true }),
    rule(2200, TEXT_WIDTH),
    para(doc.intro, { indent: true, before: 120 }),
    heading('I. KẾT QUẢ THỰC HIỆN'),
    heading('1. Tổng hợp chung'),
    para(doc.sentence, { indent: true }),
    para('Kết quả theo từng đơn vị chủ trì:', { indent: true, keepNext: true }),
    gridTable([{ header: 'Đơn vị chủ trì', width: 2555 }, ...REPORT_COLUMNS.map(([, h]) => ({ header: h, width: 971, align: 'right' as const }))], summaryRows, true),
    heading('2. Kết quả thực hiện từng nhiệm vụ'),
    gridTable(
      [
        { header: 'TT', width: 560, align: 'center' },
        { header: 'Nội dung nhiệm vụ', width: 2400 },
        { header: 'Đơn vị chủ trì', width: 1350 },
        { header: 'Thời hạn ghi trong kế hoạch', width: 1300 },
        { header: 'Hạn tính theo quy định', width: 1330, align: 'center' },
        { header: 'Kết quả, văn bản minh chứng', width: 1500 },
        { header: 'Tình trạng', width: 915 },
      ],
      doc.lines.map((l) => [
        String(l.no),
        `${l.where}. ${l.content}`,
        l.unit,
        l.deadlineText,
        l.extendedFrom ? `${l.effective}\n(gia hạn từ ${l.extendedFrom})` : l.effective,
        l.evidence ? `${l.result}\n${l.evidence}` : l.result,
        l.status,
      ]),
    ),
    heading('II. NHIỆM VỤ CHẬM, QUÁ HẠN'),
    ...(doc.late.length === 0
      ? [para(`Trong kỳ không có nhiệm vụ chậm, quá hạn.`, { indent: true })]
      : [
          para(`Trong kỳ có ${String(doc.late.length).padStart(2, '0')} nhiệm vụ chậm, quá hạn, thuộc ${String(doc.lateUnits.length).padStart(2, '0')} đơn vị:`, { indent: true, keepNext: true }),
          ...doc.lateUnits.map((u) => para(`- ${u.unit}: ${String(u.count).padStart(2, '0')} nhiệm vụ, quá hạn nhiều nhất ${u.maxDays} ngày;`, { indent: true, keepNext: true })),
          gridTable(
            [
              { header: 'TT', width: 560, align: 'center' },
              { header: 'Nhiệm vụ', width: 3450 },
              { header: 'Đơn vị chủ trì', width: 1700 },
              { header: 'Hạn tính theo quy định', width: 1330, align: 'center' },
              { header: 'Số ngày quá hạn', width: 950, align: 'right' },
              { header: 'Tình trạng', width: 1365 },
            ],
            doc.late.map((l) => [String(l.no), `${l.where}. ${l.content}`, l.unit, l.effective, String(l.daysLate), l.status]),
          ),
        ]),
    heading('III. KIẾN NGHỊ, ĐỀ XUẤT'),
    para('(Văn phòng Sở bổ sung kiến nghị, đề xuất trước khi trình ký.)', { indent: true, italics: true }),
    dottedLine(),
    dottedLine(),
    para(doc.closing, { indent: true, before: 120, after: 240 }),
    signatureBlock(doc),
  ];
  const document = new Document({
    creator: 'dondoc',
    title: `Báo cáo ${period.label}`,
    styles: { default: { document: { run: { font: FONT, size: PT(14) } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right } } },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(13) })] })] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
