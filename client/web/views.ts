import { join } from 'node:path';
import { Eta } from 'eta';
import { isoDateAt, toVietnameseDate } from '../../domain/dates';
import { digestStateLabel } from '../../domain/digest/digest-state';
import { OccurrenceStatus, STATUS_LABEL } from '../../domain/tracking/row-state';
import { occurrenceNameCapitalised } from '../../domain/tracking/occurrence-name';
import { ROLE_LABEL } from '../../activities/store/accounts';
import type { Principal } from './access';

/** Server-rendered pages: Eta templates under views/, escaped by default, cached once read. */
const eta = new Eta({ views: join(__dirname, 'views'), cache: true, autoEscape: true, autoTrim: false });

/** One colour per QĐ 42 status (in app.css), always with the word. */
const STATUS_CLASS: Record<OccurrenceStatus, string> = {
  'chua-den-han': 'tag--xam',
  'dang-thuc-hien-trong-han': 'tag--xanh-duong',
  'dang-thuc-hien-qua-han': 'tag--do',
  'cho-xac-nhan': 'tag--vang',
  'hoan-thanh-dung-han': 'tag--xanh-la',
  'hoan-thanh-qua-han': 'tag--cam',
  'da-huy': 'tag--xam-dam',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Helpers every template gets as `h`. */
export const helpers = {
  date: (iso: string | null | undefined) => (iso ? toVietnameseDate(iso) : '—'),
  dateOf: (ms: number | null | undefined) => (ms ? toVietnameseDate(isoDateAt(ms)) : '—'),
  /** "27/04/2025 08:00" in Vietnam (UTC+7, no daylight saving). */
  timeOf: (ms: number | null | undefined) => {
    if (!ms) return '—';
    const d = new Date(ms + 7 * 3600 * 1000);
    return `${toVietnameseDate(isoDateAt(ms))} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  },
  statusLabel: (s: OccurrenceStatus) => STATUS_LABEL[s],
  digestState: (state: string) => digestStateLabel(state, true),
  statusClass: (s: OccurrenceStatus) => STATUS_CLASS[s],
  rowPath: (rowKey: string, occurrenceId?: string) => {
    const [plan, where] = rowKey.split('/');
    return `/nhiem-vu/${encodeURIComponent(plan)}/${encodeURIComponent(where)}${occurrenceId ? `?lan=${encodeURIComponent(occurrenceId)}` : ''}`;
  },
  roleLabel: (p: Principal) => (p.kind === 'link' ? 'Liên kết trong thư' : ROLE_LABEL[p.role]),
  number: (n: number) => n.toLocaleString('vi-VN'),
  /** "kỳ 03/2025", "theo Công văn …", or for a one-off row "Lần thực hiện chính" rather than the internal id. */
  occurrenceName: (o: { occurrenceId: string; label: string }) => occurrenceNameCapitalised({ id: o.occurrenceId, label: o.label }),
};

export interface PageContext {
  title: string;
  principal?: Principal;
  csrf?: string;
  /** The navigation entry to mark as current. */
  current?: string;
}

export function render(view: string, page: PageContext, data: Record<string, unknown> = {}): string {
  return eta.render(view, { ...data, page, h: helpers });
}
