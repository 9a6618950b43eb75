import type { Store } from '../activities/store/database';
import { overdueOccurrences, OverdueRecord } from '../activities/store/read-model';
import { legalCalendar } from '../domain/calendar/legal-calendar';
import { daysBetween, isoDateAt, toVietnameseDate } from '../domain/dates';
import { planKeyOf } from './plans-shown';
import { renderTable } from './table';

export interface OverdueItem extends OverdueRecord {
  /** The plan the row belongs to ("16-KH-SKHCN-2025"): two plans may both have a row "5.11". */
  planKey: string;
  daysOverdue: number;
  workingDaysOverdue: number;
}

/** The leadership list from the read model, with how late each occurrence is in calendar and working days; one plan's when `planKey` names it. */
export async function overdueList(db: Store, asOfMs: number, unitId?: string, planKey?: string): Promise<OverdueItem[]> {
  const today = isoDateAt(asOfMs);
  const calendar = legalCalendar();
  // Thousands of occurrences share a few hundred deadlines: count each deadline's working days once.
  const working = new Map<string, number>();
  const workingDays = (from: string) => working.get(from) ?? working.set(from, calendar.workingDaysBetween(from, today)).get(from)!;
  return (await overdueOccurrences(db, asOfMs, unitId))
    .map((r) => ({ ...r, planKey: planKeyOf(r.rowKey), daysOverdue: daysBetween(r.effective, today), workingDaysOverdue: workingDays(r.effective) }))
    .filter((r) => !planKey || r.planKey === planKey);
}

/** The list as a terminal table; with `planOf` (more than one plan in the read model) a column says whose row it is. */
export function renderOverdue(items: OverdueItem[], planOf?: (rowKey: string) => string): string {
  return renderTable(
    [
      { header: 'Đơn vị', width: 24 },
      ...(planOf ? [{ header: 'Kế hoạch', width: 18 }] : []),
      { header: 'Mục', width: 6 },
      { header: 'Nhiệm vụ', width: 40 },
      { header: 'Hạn', width: 10 },
      { header: 'Quá hạn', width: 16 },
      { header: 'Nhắc gần nhất', width: 13 },
    ],
    items.map((i) => [
      i.unit,
      ...(planOf ? [planOf(i.rowKey)] : []),
      i.where,
      `${i.task}${i.label ? ` (${i.label})` : ''}`,
      toVietnameseDate(i.effective),
      `${i.daysOverdue} ngày (${i.workingDaysOverdue} ngày làm việc)`,
      i.lastMessageAt ? toVietnameseDate(isoDateAt(i.lastMessageAt)) : '—',
    ]),
  );
}
