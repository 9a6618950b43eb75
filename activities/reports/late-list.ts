import ExcelJS from 'exceljs';
import { IsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import type { UnitsDirectory } from '../../domain/plan/units';
import { STATUS_LABEL } from '../../domain/tracking/row-state';
import type { PeriodOccurrence } from '../store/read-model';
import { daysLate } from './period-document';

/**
 * Row 3.4 of the seed plan: on the 5th of each month, "công khai danh sách cơ quan, đơn vị, cán bộ, công chức,
 * viên chức giải quyết chậm, muộn hồ sơ". dondoc knows the plan's own tasks, not the province's one-stop files, so
 * the list it drafts is the tasks of the month done late or still overdue, with the unit that leads each one and
 * its head (the accountable official, from the units directory). Said in the output, so nobody mistakes it for the
 * one-stop system's list of late hồ sơ.
 */
export const LATE_LIST_SOURCE = 'nguồn: cơ sở dữ liệu theo dõi của dondoc, các nhiệm vụ có hạn trong tháng đã hoàn thành quá hạn hoặc còn quá hạn; chưa gồm hồ sơ TTHC trên Hệ thống thông tin giải quyết TTHC của tỉnh';

export interface LateEntry {
  unitId: string;
  unit: string;
  /** The unit's head, when the directory is given. */
  responsible?: string;
  where: string;
  task: string;
  effective: IsoDate;
  daysLate: number;
  status: string;
}

export interface LatePublicList {
  title: string;
  /** First day of the month, ISO. */
  month: IsoDate;
  asOf: IsoDate;
  source: string;
  entries: LateEntry[];
  byUnit: { unit: string; responsible?: string; count: number }[];
}

export function latePublicList(occurrences: PeriodOccurrence[], options: { month: IsoDate; asOfMs: number; units?: UnitsDirectory }): LatePublicList {
  const asOf = isoDateAt(options.asOfMs);
  const heads = new Map((options.units?.units ?? []).map((u) => [u.id, u.head.name]));
  const entries = occurrences
    .filter((o) => o.status === 'hoan-thanh-qua-han' || o.status === 'dang-thuc-hien-qua-han')
    .map((o) => ({ unitId: o.unitId, unit: o.unit, responsible: heads.get(o.unitId), where: o.where, task: `${o.task}${o.label ? ` (${o.label})` : ''}`, effective: o.effective, daysLate: daysLate(o, asOf), status: STATUS_LABEL[o.status] }))
    .sort((a, b) => a.unit.localeCompare(b.unit, 'vi') || b.daysLate - a.daysLate);
  const byUnit = new Map<string, { unit: string; responsible?: string; count: number }>();
  for (const e of entries) {
    const u = byUnit.get(e.unitId) ?? { unit: e.unit, responsible: e.responsible, count: 0 };
    u.count += 1;
    byUnit.set(e.unitId, u);
  }
  const [year, month] = options.month.split('-');
  return {
    title: `Danh sách cơ quan, đơn vị, cán bộ, công chức, viên chức giải quyết chậm, muộn tháng ${Number(month)}/${year}`,
    month: options.month,
    asOf,
    source: LATE_LIST_SOURCE,
    entries,
    byUnit: [...byUnit.values()],
  };
}

export async function latePublicListWorkbook(list: LatePublicList): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet('Chậm, muộn');
  sheet.addRow([list.title]).font = { name: 'Times New Roman', size: 14, bold: true };
  sheet.addRow([`(${list.source}; tính đến ngày ${toVietnameseDate(list.asOf)})`]).font = { name: 'Times New Roman', size: 12, italic: true };
  sheet.addRow([]);
  sheet.addRow(['TT', 'Đơn vị', 'Người chịu trách nhiệm', 'Nhiệm vụ', 'Hạn', 'Số ngày chậm', 'Tình trạng']).font = { name: 'Times New Roman', size: 13, bold: true };
  list.entries.forEach((e, i) => {
    const row = sheet.addRow([i + 1, e.unit, e.responsible ?? '', `${e.where}. ${e.task}`, toVietnameseDate(e.effective), e.daysLate, e.status]);
    row.font = { name: 'Times New Roman', size: 13 };
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.columns = [{ width: 5 }, { width: 34 }, { width: 24 }, { width: 60 }, { width: 12 }, { width: 10 }, { width: 22 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
