import ExcelJS from 'exceljs';
import { IsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';

export interface OverdueLine {
  rowKey: string;
  unit: string;
  leader: string;
  where: string;
  task: string;
  label: string;
  originalNominal: IsoDate;
  effective: IsoDate;
  daysOverdue: number;
  workingDaysOverdue: number;
  lastMessageAt: number | null;
  escalatedTo: string[];
}

/** The overdue board as leadership forwards it: one line per overdue occurrence, numbers as numbers; with `planOf` (more than one plan) a last column says each line's plan. */
export async function overdueWorkbook(asOf: IsoDate, lines: OverdueLine[], planOf?: (rowKey: string) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet('Quá hạn');
  sheet.addRow([`Danh sách nhiệm vụ quá hạn, tính đến ngày ${toVietnameseDate(asOf)}: ${lines.length} lần thực hiện`]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['Đơn vị chủ trì', 'Lãnh đạo phụ trách', 'Mục', 'Nhiệm vụ', 'Kỳ', 'Hạn ban đầu', 'Hạn tính theo luật', 'Quá hạn (ngày)', 'Quá hạn (ngày làm việc)', 'Nhắc gần nhất', 'Đã báo cáo lên', ...(planOf ? ['Kế hoạch'] : [])]).font = { bold: true };
  for (const l of lines) {
    sheet.addRow([l.unit, l.leader, l.where, l.task, l.label, toVietnameseDate(l.originalNominal), toVietnameseDate(l.effective), l.daysOverdue, l.workingDaysOverdue, l.lastMessageAt ? toVietnameseDate(isoDateAt(l.lastMessageAt)) : '', l.escalatedTo.join(', '), ...(planOf ? [planOf(l.rowKey)] : [])]).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.columns = [{ width: 30 }, { width: 24 }, { width: 6 }, { width: 60 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 30 }, { width: 20 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
