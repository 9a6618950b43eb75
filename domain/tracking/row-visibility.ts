import { IsoDate } from '../dates';
import { atLocalHour } from '../policy/reminders';
import { Occurrence, OccurrenceStatus, RowSpec, RowState } from './row-state';
import { deadlineEndMs, occurrenceStatus } from './status';

/**
 * What Temporal shows of a row (its search attributes, summary, details and memo), from its state and an instant.
 * Pure: the row workflow upserts what changed, the import sets it at start, and both compute it here, so a listing
 * in the Web UI or `temporal workflow list --query` reads what the row itself would say.
 */

/**
 * The row's status in one word for listings: the worst status among its open occurrences (QĐ 42 slugs). A row with
 * nothing open says why: waiting for the office to set a deadline it could not read (`chua-co-han`, the only word
 * outside QĐ 42), not yet asked for anything (`chua-den-han`), or the worst of what it has closed.
 */
export type RowVisibilityStatus = OccurrenceStatus | 'chua-co-han';

/** Worst first: an overdue occurrence outweighs evidence waiting for review, which outweighs work within its time. */
const OPEN_ORDER: OccurrenceStatus[] = ['dang-thuc-hien-qua-han', 'cho-xac-nhan', 'dang-thuc-hien-trong-han', 'chua-den-han'];
const CLOSED_ORDER: OccurrenceStatus[] = ['hoan-thanh-qua-han', 'hoan-thanh-dung-han', 'da-huy'];

const isOpen = (o: Occurrence) => !o.cancelled && !o.outcome;

export function rowStatus(state: Pick<RowState, 'occurrences' | 'needsDeadline'>, atMs: number): RowVisibilityStatus {
  const worst = (order: OccurrenceStatus[], occs: Occurrence[]) => {
    const present = new Set(occs.map((o) => occurrenceStatus(o, atMs)));
    return order.find((s) => present.has(s));
  };
  const open = state.occurrences.filter(isOpen);
  if (open.length > 0) return worst(OPEN_ORDER, open)!;
  if (state.needsDeadline) return 'chua-co-han';
  return worst(CLOSED_ORDER, state.occurrences) ?? 'chua-den-han';
}

/**
 * The next effective deadline of an open occurrence: the earliest not yet past; when every open one is past, the
 * oldest missed (so `DondocNextDue < now` finds it). Undefined when nothing is open.
 */
export function nextDue(occurrences: readonly Occurrence[], atMs: number): IsoDate | undefined {
  const open = occurrences.filter(isOpen).sort((a, b) => a.effective.localeCompare(b.effective));
  return (open.find((o) => deadlineEndMs(o) >= atMs) ?? open[0])?.effective;
}

/** The instant a day's deadline is listed at: 00:00 of the day in Vietnam, as the Web UI shows it in local time. */
export const dueInstant = (day: IsoDate) => new Date(atLocalHour(day, 0));

/** A type, not an interface: Temporal's SearchAttributes is an index signature. */
export type RowSearchAttributes = {
  DondocPlan: [string];
  DondocUnit: [string];
  DondocStatus: [RowVisibilityStatus];
  /** Empty: the attribute is removed (nothing open). */
  DondocNextDue: [Date] | [];
  DondocYear: [number];
};

export function rowSearchAttributes(state: Pick<RowState, 'spec' | 'occurrences' | 'needsDeadline'>, atMs: number): RowSearchAttributes {
  const due = nextDue(state.occurrences, atMs);
  return {
    DondocPlan: [state.spec.planKey],
    DondocUnit: [state.spec.lead.id],
    DondocStatus: [rowStatus(state, atMs)],
    DondocNextDue: due ? [dueInstant(due)] : [],
    DondocYear: [state.spec.plan.year],
  };
}

/**
 * When the row's status or next deadline next changes with time alone: an occurrence opening, or a deadline day
 * ending. The row wakes then, so its listing moves from "trong hạn" to "quá hạn" on the day, not at its next event.
 */
export function nextVisibilityChangeAt(occurrences: readonly Occurrence[], atMs: number): number | undefined {
  const instants = occurrences.filter(isOpen).flatMap((o) => [atLocalHour(o.opensOn, 0), deadlineEndMs(o) + 1]);
  const ahead = instants.filter((t) => t > atMs);
  return ahead.length > 0 ? Math.min(...ahead) : undefined;
}

/** Values as the server hands them back (Dates as strings or Dates), in one comparable form. */
export function sameAttributes(a: Record<string, readonly unknown[] | undefined>, b: Record<string, readonly unknown[] | undefined>): boolean {
  const norm = (v: readonly unknown[] | undefined) => JSON.stringify((v ?? []).map((x) => (x instanceof Date ? x.getTime() : typeof x === 'string' && /^\d{4}-\d\d-\d\dT/.test(x) ? new Date(x).getTime() : x)));
  return Object.keys({ ...a, ...b }).every((k) => norm(a[k]) === norm(b[k]));
}

/** The summary's length: the Web UI shows it on one line of the list. */
const SUMMARY_CHARS = 90;

/** "3.4 · Văn phòng Sở · Công khai danh sách…": row, lead unit, the task's text cut at a word. */
export function rowSummary(spec: Pick<RowSpec, 'where' | 'lead' | 'content'>): string {
  const head = `${spec.where} · ${spec.lead.name} · `;
  return head + cutAtWord(oneLine(spec.content), Math.max(20, SUMMARY_CHARS - head.length));
}

/** The details the Web UI shows on the row's page: the plan, the whole task, who, when and what is expected. */
export function rowDetails(spec: RowSpec): string {
  return [
    `**${spec.plan.number}** — ${spec.plan.title}`,
    `Mục ${spec.where}: ${oneLine(spec.content)}`,
    `Chủ trì: ${spec.lead.name}`,
    ...(spec.coordinating.length > 0 ? [`Phối hợp: ${spec.coordinating.map((u) => u.name).join(', ')}`] : []),
    `Thời hạn: ${oneLine(spec.deadlineText) || '(chưa ghi)'}`,
    `Kết quả: ${oneLine(spec.expectedOutput)}`,
  ].join('\n\n');
}

/** The memo the Web UI shows beside the fingerprint a re-import compares (domain/plan/row-fingerprint.ts). */
export interface RowMemo {
  planTitle: string;
  rowText: string;
  leadUnit: string;
}

export function rowMemo(spec: Pick<RowSpec, 'plan' | 'content' | 'lead'>): RowMemo {
  return { planTitle: `${spec.plan.number} — ${spec.plan.title}`, rowText: spec.content, leadUnit: spec.lead.name };
}

export const sameMemo = (a: RowMemo, memo: Record<string, unknown> | undefined) => (Object.keys(a) as (keyof RowMemo)[]).every((k) => memo?.[k] === a[k]);

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function cutAtWord(text: string, max: number): string {
  if ([...text].length <= max) return text;
  const cut = [...text].slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/u, '')}…`;
}
