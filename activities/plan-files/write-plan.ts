import ExcelJS from 'exceljs';
import { toVietnameseDate } from '../../domain/dates';
import { PlanDocument, PlanRow } from '../../domain/plan/model';
import { COLUMNS, META_HEADERS } from './columns';

/** Writers for the plan formats the reader accepts, so a JSON transcription becomes the office's XLSX and CSV. */

function metaPairs(doc: PlanDocument): [string, string][] {
  const { plan } = doc;
  return [
    [META_HEADERS.number, plan.number],
    [META_HEADERS.title, plan.title],
    [META_HEADERS.issuer, plan.issuer],
    [META_HEADERS.date, toVietnameseDate(plan.date)],
    [META_HEADERS.year, String(plan.year)],
  ];
}

const cellOf = (row: PlanRow, field: keyof PlanRow) => row[field] ?? '';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function planToCsv(doc: PlanDocument): string {
  const lines = [
    ...metaPairs(doc).map(([k, v]) => `# ${k}: ${v}`),
    ...doc.sections.map((s) => `# Mục ${s.id}: ${s.title}`),
    COLUMNS.map((c) => c.header).join(','),
    ...doc.rows.map((row) => COLUMNS.map((c) => csvCell(cellOf(row, c.field))).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

export async function planToXlsx(doc: PlanDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const meta = workbook.addWorksheet('Kế hoạch');
  meta.columns = [{ width: 20 }, { width: 100 }];
  for (const pair of metaPairs(doc)) meta.addRow(pair);
  const table = workbook.addWorksheet('Phụ lục');
  for (const s of doc.sections) table.addRow([`Mục ${s.id}: ${s.title}`]);
  const header = table.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  table.columns = COLUMNS.map((c) => ({ width: c.field === 'content' || c.field === 'output' || c.field === 'note' ? 50 : 18 }));
  for (const row of doc.rows) {
    const added = table.addRow(COLUMNS.map((c) => cellOf(row, c.field)));
    added.alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
