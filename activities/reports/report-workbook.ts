import ExcelJS from 'exceljs';
import { IsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { Counts, figureCount, PeriodReport, reportSentence, reportSentenceNote, SENTENCE_FIGURES } from '../../domain/tracking/report';
import { STATUS_LABEL } from '../../domain/tracking/row-state';
import { asOfWords, ReportAsOf } from '../../domain/tracking/report-period';
import type { PeriodOccurrence } from '../store/read-model';

/** The report's columns, in the order reports upward list them. */
export const REPORT_COLUMNS: [keyof Counts, string][] = [
  ['giao', 'Giao'],
  ['hoan-thanh-dung-han', 'Hoàn thành đúng hạn'],
  ['hoan-thanh-qua-han', 'Hoàn thành quá hạn'],
  ['dang-thuc-hien-trong-han', 'Đang thực hiện trong hạn'],
  ['dang-thuc-hien-qua-han', 'Quá hạn'],
  ['chua-den-han', 'Chưa đến hạn'],
  ['cho-xac-nhan', 'Chờ xác nhận'],
];

export interface ReportInput {
  from: IsoDate;
  to: IsoDate;
  asOfMs: number;
  /** Which day that is (`dondoc report`); absent, the heading names the day alone. */
  asOfBasis?: ReportAsOf['basis'];
  report: PeriodReport;
  occurrences: PeriodOccurrence[];
  /** More than one plan counted: a last column of "Chi tiết" says each line's plan. */
  planOf?: (rowKey: string) => string;
}

/** A workbook the office can forward: the summary by unit with the report sentence, and one line per occurrence. */
export async function reportWorkbook(input: ReportInput): Promise<Buffer> {
  const { report, from, to, asOfMs } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const summary = workbook.addWorksheet('Tổng hợp');
  summary.addRow([`Kết quả thực hiện nhiệm vụ từ ${toVietnameseDate(from)} đến ${toVietnameseDate(to)} (${input.asOfBasis ? asOfWords({ ms: asOfMs, basis: input.asOfBasis }) : `tính đến ${toVietnameseDate(isoDateAt(asOfMs))}`})`]).font = { bold: true };
  summary.addRow([]);
  summary.addRow(['Đơn vị', ...REPORT_COLUMNS.map(([, h]) => h)]).font = { bold: true };
  for (const [unit, counts] of report.byUnit) summary.addRow([unit, ...REPORT_COLUMNS.map(([k]) => counts[k])]);
  summary.addRow(['Tổng cộng', ...REPORT_COLUMNS.map(([k]) => report.total[k])]).font = { bold: true };
  summary.addRow([]);
  summary.addRow([reportSentence(report.total)]);
  summary.addRow([reportSentenceNote(report.total)]).font = { italic: true };
  summary.columns = [{ width: 48 }, ...REPORT_COLUMNS.map(() => ({ width: 14 }))];

  // The sentence is what gets copied into reports upward: whoever checks it against the table finds here how it adds up.
  const header = new Map(REPORT_COLUMNS);
  const mapping = workbook.addWorksheet('Cách tính');
  mapping.addRow(['Cụm từ trong câu báo cáo', 'Cộng các cột của bảng "Tổng hợp"', 'Số nhiệm vụ']).font = { bold: true };
  for (const figure of SENTENCE_FIGURES) mapping.addRow([figure.words('…'), figure.columns.map((k) => header.get(k)).join(' + '), figureCount(report.total, figure)]);
  mapping.addRow([]);
  mapping.addRow([reportSentenceNote(report.total)]);
  mapping.columns = [{ width: 36 }, { width: 48 }, { width: 14 }];

  const detail = workbook.addWorksheet('Chi tiết');
  detail.addRow(['Đơn vị chủ trì', 'Mục', 'Nhiệm vụ', 'Kỳ', 'Thời hạn ghi trong kế hoạch', 'Hạn ban đầu', 'Hạn tính theo ngày làm việc', 'Trạng thái', 'Ngày hoàn thành', ...(input.planOf ? ['Kế hoạch'] : [])]).font = { bold: true };
  for (const o of input.occurrences) {
    detail.addRow([o.unit, o.where, o.task, o.label, o.deadlineText, toVietnameseDate(o.originalNominal), toVietnameseDate(o.effective), STATUS_LABEL[o.status], o.completedAt ? toVietnameseDate(isoDateAt(o.completedAt)) : '', ...(input.planOf ? [input.planOf(o.rowKey)] : [])]).alignment = { wrapText: true, vertical: 'top' };
  }
  detail.columns = [{ width: 30 }, { width: 6 }, { width: 60 }, { width: 14 }, { width: 28 }, { width: 12 }, { width: 14 }, { width: 24 }, { width: 14 }, { width: 20 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
