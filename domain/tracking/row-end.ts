import { IsoDate } from '../dates';
import { Occurrence, RowSpec } from './row-state';

/**
 * When a row ends, and what it says then. A row is followed while it has an open occurrence; besides:
 * - a cancelled row ends at once ("Huỷ theo dõi: …");
 * - a once or recurring row ends when every occurrence is completed or cancelled;
 * - a row that waits for events (continuous duties, "khi có văn bản yêu cầu", unread deadlines) ends once its plan
 *   year is over and nothing is open: no new occurrence can open for that plan any more.
 * An overdue occurrence never ends its row by itself: it stays on the lists until it is completed or cancelled.
 */
export function rowEnd(spec: RowSpec, occurrences: readonly Occurrence[], cancelled: { reason: string } | undefined, today: IsoDate): string | undefined {
  if (cancelled) return `Huỷ theo dõi: ${cancelled.reason}`;
  if (occurrences.some((o) => !o.cancelled && !o.outcome)) return undefined;
  if (!waitsForEvents(spec)) return 'Mọi lần thực hiện đã hoàn thành hoặc được huỷ.';
  if (yearOver(spec, today)) return `Năm kế hoạch ${spec.plan.year} đã qua và không còn lần thực hiện nào đang mở: ${spec.schedule.kind === 'continuous' ? 'việc thường xuyên' : 'việc theo sự kiện'} của kế hoạch này không mở thêm lần mới.`;
  return undefined;
}

/** Rows whose work comes from events (a letter, a case, the office opening an occurrence) rather than dates. */
export const waitsForEvents = (spec: RowSpec) => Boolean(spec.schedule.trigger) || ['event', 'continuous', 'unknown'].includes(spec.schedule.kind);

export const yearOver = (spec: RowSpec, today: IsoDate) => today > (`${spec.plan.year}-12-31` as IsoDate);

/**
 * Rows that will end as soon as they start: their plan year is over and they wait only for events (an import of last
 * year's plan). The preview and the import summary list them, so nobody is surprised that they are not followed.
 */
export function endsOnStart(row: { kind: string; due: readonly string[] }, planYear: number, today: IsoDate): boolean {
  return row.due.length === 0 && ['event', 'continuous', 'unknown'].includes(row.kind) && today > (`${planYear}-12-31` as IsoDate);
}

/** What the preview and the import summary say of them: how many, why, and which (the first 30). */
export function endsOnStartSentence(wheres: readonly string[], planYear: number): string {
  const shown = wheres.slice(0, 30).join(', ') + (wheres.length > 30 ? `, … (thêm ${wheres.length - 30})` : '');
  return `Năm kế hoạch ${planYear} đã qua: ${wheres.length} dòng việc thường xuyên hoặc theo sự kiện kết thúc ngay khi nhập và không được nhắc nữa (mục ${shown}). Các dòng có thời hạn vẫn được theo dõi cho đến khi hoàn thành.`;
}

/** The preview's sentence for the rows that would end on import today, or '' when none would. */
export function endingOnImportSentence(rows: readonly { where: string; kind: string; due: readonly string[] }[], planYear: number, today: IsoDate): string {
  const ending = rows.filter((r) => endsOnStart(r, planYear, today)).map((r) => r.where);
  return ending.length > 0 ? endsOnStartSentence(ending, planYear) : '';
}
