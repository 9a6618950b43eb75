import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';

/** Word tables built cell by cell as offices lay them out: merged across (columnSpan) and down (verticalMerge). */

const FONT = { font: 'Times New Roman', size: 24 };
export const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold, ...FONT })] });
/** One paragraph with line breaks inside it (Shift+Enter in Word). */
export const broken = (...lines: string[]) => new Paragraph({ children: lines.map((text, i) => new TextRun({ text, break: i > 0 ? 1 : 0, ...FONT })) });
export const bullet = (text: string) => new Paragraph({ numbering: { reference: 'gach-dau-dong', level: 0 }, children: [new TextRun({ text, ...FONT })] });
export const numbered = (text: string) => new Paragraph({ numbering: { reference: 'danh-so', level: 0 }, children: [new TextRun({ text, ...FONT })] });

export type CellSpec = string | Paragraph[] | { text?: string; paragraphs?: Paragraph[]; span?: number; merge?: 'restart' | 'continue' };

export function tc(spec: CellSpec): TableCell {
  const s = typeof spec === 'string' || Array.isArray(spec) ? { paragraphs: typeof spec === 'string' ? [p(spec)] : spec } : spec;
  return new TableCell({
    children: s.paragraphs ?? [p(s.text ?? '')],
    ...(s.span ? { columnSpan: s.span } : {}),
    ...(s.merge ? { verticalMerge: s.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
  });
}

export const tr = (cells: CellSpec[], header = false) => new TableRow({ tableHeader: header, children: cells.map(tc) });

/** A Word document with the list styles plans use (bullets "•", numbers "1)"). */
export async function wordFile(children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'gach-dau-dong', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT }] },
        { reference: 'danh-so', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1)', alignment: AlignmentType.LEFT }] },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** The first page of a plan as Nghị định 30/2020/NĐ-CP lays it out: agency, number, place and date, "KẾ HOẠCH", title. */
export function firstPage(plan: { parent: string; agency: string; number: string; placeDate: string; title: string[] }): Paragraph[] {
  return [
    p(plan.parent),
    p(plan.agency, true),
    p(`Số: ${plan.number}`),
    p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', true),
    p('Độc lập - Tự do - Hạnh phúc', true),
    p(plan.placeDate),
    p('KẾ HOẠCH', true),
    ...plan.title.map((t) => p(t, true)),
    p(''),
  ];
}
