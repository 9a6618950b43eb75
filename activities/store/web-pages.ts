import { sql } from 'kysely';
import { addDays, IsoDate, isoDateAt } from '../../domain/dates';
import { EvidenceFile, OccurrenceStatus } from '../../domain/tracking/row-state';
import type { Selectable } from 'kysely';
import type { Store } from './database';
import type { DigestsTable } from './schema';
import { OCCURRENCE_OF_ROW_COLUMNS, OccurrenceOfRow, statusOf } from './read-model';

/** The web app's lists, read from the read model with the same status rules as `overdue` and `report`. */

export interface OccurrenceLine extends OccurrenceOfRow {
  status: OccurrenceStatus;
  /** The office's reason when the latest evidence was returned. */
  returnedReason: string | null;
}

/** Every occurrence of a unit's rows (or of all rows), with its status, for "Việc của đơn vị". */
export async function unitOccurrences(db: Store, asOfMs: number, unitId?: string): Promise<OccurrenceLine[]> {
  const today = isoDateAt(asOfMs);
  let query = db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => [
      ...OCCURRENCE_OF_ROW_COLUMNS,
      statusOf(eb, today).as('status'),
      eb
        .selectFrom('evidence as e')
        .select('e.review_reason')
        .whereRef('e.row_key', '=', 'o.row_key')
        .whereRef('e.occurrence_id', '=', 'o.occurrence_id')
        .where('e.review_decision', '=', 'return')
        .orderBy('e.submitted_at', 'desc')
        .limit(1)
        .as('returnedReason'),
    ])
    .where('o.cancelled_reason', 'is', null)
    .where('r.cancelled_reason', 'is', null)
    .orderBy('o.effective')
    .orderBy('r.position');
  if (unitId) query = query.where('r.lead_id', '=', unitId);
  return (await query.execute()).map((r) => ({ ...r, returnedReason: r.status === 'dang-thuc-hien-trong-han' || r.status === 'dang-thuc-hien-qua-han' ? r.returnedReason ?? null : null }));
}

export interface UnitLists {
  overdue: OccurrenceLine[];
  dueSoon: OccurrenceLine[];
  laterCount: number;
  returned: OccurrenceLine[];
  awaitingReview: OccurrenceLine[];
}

/** Due soon = open and within the deadline, with the deadline in the next `soonDays` days. */
export function groupUnitLines(lines: OccurrenceLine[], asOfMs: number, soonDays = 30): UnitLists {
  const horizon = addDays(isoDateAt(asOfMs), soonDays);
  const open = lines.filter((l) => l.status === 'dang-thuc-hien-trong-han');
  return {
    overdue: lines.filter((l) => l.status === 'dang-thuc-hien-qua-han'),
    dueSoon: open.filter((l) => l.effective <= horizon),
    laterCount: open.filter((l) => l.effective > horizon).length,
    returned: lines.filter((l) => l.returnedReason !== null),
    awaitingReview: lines.filter((l) => l.status === 'cho-xac-nhan'),
  };
}

export interface PendingEvidence {
  rowKey: string;
  unitId: string;
  unit: string;
  where: string;
  task: string;
  expectedOutput: string;
  occurrenceId: string;
  label: string;
  effective: IsoDate;
  evidenceId: string;
  documentNumber: string;
  documentDate: IsoDate;
  files: EvidenceFile[];
  submitter: string;
  submittedAt: number;
}

/** The office's "chờ xác nhận" queue: evidence not yet reviewed, oldest first. */
export async function pendingEvidence(db: Store): Promise<PendingEvidence[]> {
  const rows = await db
    .selectFrom('evidence as e')
    .innerJoin('rows as r', 'r.row_key', 'e.row_key')
    .innerJoin('occurrences as o', (j) => j.onRef('o.row_key', '=', 'e.row_key').onRef('o.occurrence_id', '=', 'e.occurrence_id'))
    .select([
      'e.row_key as rowKey',
      'r.lead_id as unitId',
      'r.lead_name as unit',
      'r.position as where',
      'r.content as task',
      'r.expected_output as expectedOutput',
      'e.occurrence_id as occurrenceId',
      'o.label',
      'o.effective',
      'e.evidence_id as evidenceId',
      'e.document_number as documentNumber',
      'e.document_date as documentDate',
      'e.files',
      'e.submitter_name as submitter',
      'e.submitted_at as submittedAt',
    ])
    .where('e.review_decision', 'is', null)
    .where('o.outcome', 'is', null)
    .where('o.cancelled_reason', 'is', null)
    .orderBy('e.submitted_at')
    .execute();
  return rows.map((r) => ({ ...r, files: JSON.parse(r.files) as EvidenceFile[], submittedAt: Number(r.submittedAt) }));
}

export interface Escalation {
  at: number;
  recipients: string[];
}

/** The latest escalation mail of each occurrence sent by an instant: "rowKey occurrenceId" → who it went to. */
export async function lastEscalations(db: Store, asOfMs: number, unitId?: string): Promise<Map<string, Escalation>> {
  let query = db
    .selectFrom('messages as m')
    .innerJoin('rows as r', 'r.row_key', 'm.row_key')
    .select(['m.row_key', 'm.occurrence_id', 'm.recipients', 'm.sent_at'])
    .where('m.kind', '=', 'escalation')
    .where('m.sent_at', '<=', asOfMs)
    .orderBy('m.sent_at');
  if (unitId) query = query.where('r.lead_id', '=', unitId);
  const out = new Map<string, Escalation>();
  for (const m of await query.execute()) out.set(`${m.row_key} ${m.occurrence_id}`, { at: Number(m.sent_at), recipients: JSON.parse(m.recipients) as string[] });
  return out;
}

export interface RowDetail {
  row: { rowKey: string; planKey: string; planNumber: string; planDate: IsoDate; where: string; content: string; leadId: string; lead: string; coordinating: { id: string; name: string }[]; deadlineText: string; kind: string; expectedOutput: string; evidenceType: string; needsDeadline: boolean; cancelledReason: string | null; ended: { at: number; reason: string } | null };
  occurrences: { occurrenceId: string; label: string; opensOn: IsoDate; originalNominal: IsoDate; nominal: IsoDate; effective: IsoDate; triggerDocument: string | null; status: OccurrenceStatus; completedAt: number | null }[];
  evidence: { occurrenceId: string; evidenceId: string; documentNumber: string; documentDate: IsoDate; title: string; files: EvidenceFile[]; submitter: string; submitterUnit: string; submittedAt: number; decision: string | null; reason: string | null; reviewer: string | null; reviewedAt: number | null }[];
  events: { at: number; text: string }[];
}

/** One row with its occurrences, evidence and log, or null when the read model does not have it. */
export async function rowDetail(db: Store, rowKey: string, asOfMs: number): Promise<RowDetail | null> {
  const today = isoDateAt(asOfMs);
  const r = await db.selectFrom('rows as r').innerJoin('plans as p', 'p.plan_key', 'r.plan_key').selectAll('r').select(['p.number as plan_number', 'p.date as plan_date']).where('r.row_key', '=', rowKey).executeTakeFirst();
  if (!r) return null;
  const occurrences = await db
    .selectFrom('occurrences as o')
    .select((eb) => ['o.occurrence_id as occurrenceId', 'o.label', 'o.opens_on as opensOn', 'o.original_nominal as originalNominal', 'o.nominal', 'o.effective', 'o.trigger_document as triggerDocument', statusOf(eb, today).as('status'), 'o.completed_at as completedAt'])
    .where('o.row_key', '=', rowKey)
    .orderBy('o.effective')
    .execute();
  const evidence = await db.selectFrom('evidence').selectAll().where('row_key', '=', rowKey).orderBy('submitted_at').execute();
  const events = await db.selectFrom('events').select(['at', 'text']).where('row_key', '=', rowKey).where('at', '<=', asOfMs).orderBy('seq').execute();
  return {
    row: {
      rowKey,
      planKey: r.plan_key,
      planNumber: r.plan_number,
      planDate: r.plan_date,
      where: r.position,
      content: r.content,
      leadId: r.lead_id,
      lead: r.lead_name,
      coordinating: JSON.parse(r.coordinating) as { id: string; name: string }[],
      deadlineText: r.deadline_text,
      kind: r.schedule_kind,
      expectedOutput: r.expected_output,
      evidenceType: r.evidence_type,
      needsDeadline: r.needs_deadline === 1,
      cancelledReason: r.cancelled_reason,
      ended: r.ended_at === null ? null : { at: Number(r.ended_at), reason: r.ended_reason ?? '' },
    },
    occurrences: occurrences.map((o) => ({ ...o, completedAt: o.completedAt === null ? null : Number(o.completedAt) })),
    evidence: evidence.map((e) => ({
      occurrenceId: e.occurrence_id,
      evidenceId: e.evidence_id,
      documentNumber: e.document_number,
      documentDate: e.document_date,
      title: e.title,
      files: JSON.parse(e.files) as EvidenceFile[],
      submitter: e.submitter_name,
      submitterUnit: e.submitter_unit,
      submittedAt: Number(e.submitted_at),
      decision: e.review_decision,
      reason: e.review_reason,
      reviewer: e.reviewer,
      reviewedAt: e.reviewed_at === null ? null : Number(e.reviewed_at),
    })),
    events: events.map((e) => ({ at: Number(e.at), text: e.text })),
  };
}

/** Per month of the effective deadline: completed occurrences (on time or late) and those still overdue, for the trend chart. */
export async function monthlyTrend(db: Store, from: IsoDate, to: IsoDate, asOfMs: number, planKey?: string): Promise<{ month: string; completed: number; overdue: number }[]> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .select((eb) => [sql<string>`substr(o.effective, 1, 7)`.as('month'), statusOf(eb, today).as('status'), eb.fn.countAll<number>().as('n')])
    .where('o.effective', '>=', from)
    .where('o.effective', '<=', to)
    // Plan keys are letters, digits, "&" and "-": no LIKE wildcard in them.
    .$if(planKey !== undefined, (q) => q.where('o.row_key', 'like', `${planKey}/%`))
    .groupBy([sql`substr(o.effective, 1, 7)`, 'status'])
    .execute();
  const months = new Map<string, { month: string; completed: number; overdue: number }>();
  for (const r of rows) {
    const m = months.get(r.month) ?? { month: r.month, completed: 0, overdue: 0 };
    if (r.status === 'hoan-thanh-dung-han' || r.status === 'hoan-thanh-qua-han') m.completed += Number(r.n);
    if (r.status === 'dang-thuc-hien-qua-han') m.overdue += Number(r.n);
    months.set(r.month, m);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** One digest of a day as the office sees it: who, which list, its state, and the lines it carries. */
export interface DigestOfDay {
  digestKey: string;
  list: 'tong-hop' | 'qua-han';
  email: string;
  name: string;
  state: 'cho-gui' | 'da-gui' | 'bi-tu-choi' | 'khong-gui-duoc' | 'da-chuyen';
  day: IsoDate;
  subject: string | null;
  sentAt: number | null;
  error: string | null;
  items: { rowKey: string; where: string; task: string; unit: string; occurrenceId: string; kind: string; why: string }[];
}

export async function digestsOfDay(db: Store, day: IsoDate): Promise<DigestOfDay[]> {
  return withLines(db, await db.selectFrom('digests').selectAll().where('day', '=', day).orderBy('list', 'desc').orderBy('email').execute());
}

/**
 * What the office must know is not delivered, whatever its day: digests refused for now (still owed, with the
 * server's words), rejected addresses and digests past the retry window (owed again once the directory is saved).
 */
export async function undeliveredDigests(db: Store): Promise<DigestOfDay[]> {
  const stuck = await db
    .selectFrom('digests')
    .selectAll()
    .where((eb) => eb.or([eb('state', 'in', ['bi-tu-choi', 'khong-gui-duoc']), eb.and([eb('state', '=', 'cho-gui'), eb('error', 'is not', null)])]))
    .orderBy('day')
    .orderBy('email')
    .execute();
  return withLines(db, stuck);
}

/**
 * The sending side's refusal while it lasts, or null. `error` is the server's words alone: every reader puts them after
 * "Máy chủ thư từ chối:", which the activity's failure already begins with.
 */
export async function mailServerStatus(db: Store): Promise<{ error: string; since: number; checkedAt: number } | null> {
  const row = await db.selectFrom('mail_server_status').selectAll().where('id', '=', 'smtp').executeTakeFirst();
  return row ? { error: withoutRefusalPrefix(row.error), since: Number(row.since), checkedAt: Number(row.checked_at) } : null;
}

export const withoutRefusalPrefix = (error: string) => error.replace(/^Máy chủ thư từ chối:\s*/, '');

async function withLines(db: Store, digests: Selectable<DigestsTable>[]): Promise<DigestOfDay[]> {
  if (digests.length === 0) return [];
  const items = await db
    .selectFrom('digest_items as i')
    .leftJoin('rows as r', 'r.row_key', 'i.row_key')
    .select(['i.digest_key', 'i.row_key as rowKey', 'r.position', 'r.content', 'r.lead_name', 'i.occurrence_id as occurrenceId', 'i.kind', 'i.why'])
    .where('i.digest_key', 'in', digests.map((d) => d.digest_key))
    .orderBy('i.due_at')
    .execute();
  return digests.map((d) => ({
    digestKey: d.digest_key,
    list: d.list as DigestOfDay['list'],
    email: d.email,
    name: d.name,
    state: d.state as DigestOfDay['state'],
    day: d.day as IsoDate,
    subject: d.subject,
    sentAt: d.sent_at === null ? null : Number(d.sent_at),
    error: d.error,
    items: items
      .filter((i) => i.digest_key === d.digest_key)
      .map((i) => ({ rowKey: i.rowKey, where: i.position ?? i.rowKey.split('/').pop() ?? '', task: i.content ?? '', unit: i.lead_name ?? '', occurrenceId: i.occurrenceId, kind: i.kind, why: i.why })),
  }));
}
