import { ExpressionBuilder, sql } from 'kysely';
import { IsoDate, isoDateAt } from '../../domain/dates';
import type { DigestSource } from '../../domain/digest/due-items';
import { nextDigestDue } from '../../domain/digest/next-due';
import { RowChange } from '../../domain/tracking/row-change';
import { OccurrenceStatus } from '../../domain/tracking/row-state';
import { emptyCounts, PeriodReport, tally } from '../../domain/tracking/report';
import { hasPendingEvidence } from '../../domain/tracking/status';
import { reportDay } from '../../domain/tracking/report-day';
import type { Store } from './database';
import { handledKeys } from './digest-rows';
import type { DondocDatabase } from './schema';

/** Writes one row's change in a single transaction; every write is an upsert on a natural key, so a retry is harmless. */
export async function recordRowChange(db: Store, change: RowChange): Promise<void> {
  const { spec } = change;
  await db.transaction().execute(async (tx) => {
    // An older change retried late (its first attempt hung past its timeout) never overwrites a newer one.
    const known = await tx.selectFrom('rows').select(['recorded_at', 'lead_id']).where('row_key', '=', change.rowKey).executeTakeFirst();
    if (known && known.recorded_at > change.at) return;
    const before = new Map(
      (await tx.selectFrom('occurrences').select(['occurrence_id', 'effective', 'revision']).where('row_key', '=', change.rowKey).execute()).map((o) => [o.occurrence_id, o]),
    );
    const reassigned = known !== undefined && known.lead_id !== spec.lead.id;
    await tx
      .insertInto('plans')
      .values({ plan_key: spec.planKey, number: spec.plan.number, title: spec.plan.title, date: spec.plan.date, year: spec.plan.year })
      .onConflict((oc) => oc.column('plan_key').doUpdateSet((eb) => ({ number: eb.ref('excluded.number'), title: eb.ref('excluded.title'), date: eb.ref('excluded.date'), year: eb.ref('excluded.year') })))
      .execute();
    const row = {
      row_key: change.rowKey,
      plan_key: spec.planKey,
      position: spec.where,
      content: spec.content,
      lead_id: spec.lead.id,
      lead_name: spec.lead.name,
      coordinating: JSON.stringify(spec.coordinating),
      deadline_text: spec.deadlineText,
      schedule_kind: spec.schedule.kind,
      expected_output: spec.expectedOutput,
      evidence_type: spec.evidenceType,
      needs_deadline: change.needsDeadline ? 1 : 0,
      cancelled_reason: change.cancelled?.reason ?? null,
      cancelled_at: change.cancelled?.at ?? null,
      ended_at: change.ended?.at ?? null,
      ended_reason: change.ended?.reason ?? null,
      recorded_at: change.at,
    };
    await tx.insertInto('rows').values(row).onConflict((oc) => oc.column('row_key').doUpdateSet(excludedAll(row))).execute();
    for (const occ of change.occurrences) {
      const values = {
        row_key: change.rowKey,
        occurrence_id: occ.id,
        label: occ.label,
        opens_on: occ.opensOn,
        original_nominal: occ.originalNominal,
        nominal: occ.nominal,
        effective: occ.effective,
        report_day: reportDay(spec.schedule, occ),
        role: occ.role,
        trigger_document: occ.trigger?.document ?? null,
        trigger_date: occ.trigger?.date ?? null,
        outcome: occ.outcome ?? null,
        completed_at: occ.completedAt ?? null,
        cancelled_reason: occ.cancelled?.reason ?? null,
        pending_evidence: hasPendingEvidence(occ) ? 1 : 0,
        revision: revisionAfter(before.get(occ.id), occ.effective, reassigned),
      };
      await tx.insertInto('occurrences').values(values).onConflict((oc) => oc.columns(['row_key', 'occurrence_id']).doUpdateSet(excludedAll(values))).execute();
      for (const e of occ.evidence) {
        const evidence = {
          row_key: change.rowKey,
          occurrence_id: occ.id,
          evidence_id: e.id,
          document_number: e.documentNumber,
          document_date: e.documentDate,
          title: e.title,
          files: JSON.stringify(e.files),
          submitter_unit: e.submitter.unitId,
          submitter_name: e.submitter.name,
          submitted_at: e.submittedAt,
          review_decision: e.review?.decision ?? null,
          review_reason: e.review?.reason ?? null,
          reviewer: e.review?.reviewer ?? null,
          reviewed_at: e.review?.at ?? null,
        };
        await tx.insertInto('evidence').values(evidence).onConflict((oc) => oc.columns(['row_key', 'occurrence_id', 'evidence_id']).doUpdateSet(excludedAll(evidence))).execute();
      }
    }
    if (change.messages.length > 0) {
      await tx
        .insertInto('messages')
        .values(change.messages.map((m) => ({ message_key: m.key, row_key: change.rowKey, occurrence_id: m.occurrenceId, kind: m.kind, recipients: JSON.stringify(m.to), copies: JSON.stringify(m.cc), subject: m.subject, sent_at: m.at, why: m.why })))
        .onConflict((oc) => oc.column('message_key').doNothing())
        .execute();
    }
    if (change.digest) {
      const source: DigestSource = { ...change.digest, rowKey: change.rowKey, spec, occurrences: change.occurrences, cancelled: change.cancelled };
      const handled = (await handledKeys(tx, [change.rowKey])).get(change.rowKey)!;
      const values = { row_key: change.rowKey, source: JSON.stringify(source), recorded_at: change.at, next_due: nextDigestDue(source, handled, change.at) };
      await tx.insertInto('digest_rows').values(values).onConflict((oc) => oc.column('row_key').doUpdateSet(excludedAll(values))).execute();
    }
    if (change.log.length > 0) {
      await tx
        .insertInto('events')
        .values(change.log.map((l) => ({ row_key: change.rowKey, seq: l.seq, at: l.at, text: l.text })))
        .onConflict((oc) => oc.columns(['row_key', 'seq']).doNothing())
        .execute();
    }
  });
}

/**
 * An occurrence's revision rises when what a calendar shows of it changes: its effective deadline (extension,
 * re-import) or its lead unit (reassignment). Recording the same change twice compares equal and raises nothing.
 */
function revisionAfter(before: { effective: string; revision: number } | undefined, effective: string, reassigned: boolean): number {
  if (!before) return 0;
  return before.effective !== effective || reassigned ? Number(before.revision) + 1 : Number(before.revision);
}

/** `SET col = excluded.col` for every column of the row (works on SQLite and PostgreSQL alike). */
function excludedAll<T extends object>(values: T) {
  // The column names come from our own object literals, never from input.
  return Object.fromEntries(Object.keys(values).map((k) => [k, sql.ref(`excluded.${k}`)])) as never;
}

/** The government status in SQL, the same rules as domain/tracking/status.ts at the granularity of a day. */
export function statusOf(eb: ExpressionBuilder<DondocDatabase & { o: DondocDatabase['occurrences'] }, 'o'>, today: IsoDate) {
  return eb
    .case()
    .when('o.cancelled_reason', 'is not', null)
    .then(sql.lit<OccurrenceStatus>('da-huy'))
    .when('o.outcome', '=', 'on-time')
    .then(sql.lit<OccurrenceStatus>('hoan-thanh-dung-han'))
    .when('o.outcome', '=', 'late')
    .then(sql.lit<OccurrenceStatus>('hoan-thanh-qua-han'))
    .when('o.pending_evidence', '>', 0)
    .then(sql.lit<OccurrenceStatus>('cho-xac-nhan'))
    .when('o.opens_on', '>', today)
    .then(sql.lit<OccurrenceStatus>('chua-den-han'))
    .when('o.effective', '>=', today)
    .then(sql.lit<OccurrenceStatus>('dang-thuc-hien-trong-han'))
    .else(sql.lit<OccurrenceStatus>('dang-thuc-hien-qua-han'))
    .end();
}

/** Per unit and in total, the occurrences whose effective deadline falls in [from, to], with their status as of an instant; one plan's when `planKey` says. */
export async function periodReport(db: Store, from: IsoDate, to: IsoDate, asOfMs: number, planKey?: string): Promise<PeriodReport> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => ['r.lead_name as unit', statusOf(eb, today).as('status'), eb.fn.countAll<number>().as('n')])
    .where('o.report_day', '>=', from)
    .where('o.report_day', '<=', to)
    .$if(planKey !== undefined, (q) => q.where('r.plan_key', '=', planKey!))
    .groupBy(['r.lead_name', 'status'])
    .orderBy('r.lead_name')
    .execute();
  const report: PeriodReport = { byUnit: new Map(), total: emptyCounts() };
  for (const r of rows) tally(report, r.unit, r.status, Number(r.n));
  return report;
}

/** An occurrence as lists show it: which row, whose, and its deadlines. */
export interface OccurrenceOfRow {
  rowKey: string;
  unitId: string;
  unit: string;
  where: string;
  task: string;
  occurrenceId: string;
  label: string;
  nominal: IsoDate;
  effective: IsoDate;
}

/** The columns of `OccurrenceOfRow`, from `occurrences as o` joined with `rows as r`. */
export const OCCURRENCE_OF_ROW_COLUMNS = [
  'o.row_key as rowKey',
  'r.lead_id as unitId',
  'r.lead_name as unit',
  'r.position as where',
  'r.content as task',
  'o.occurrence_id as occurrenceId',
  'o.label',
  'o.nominal',
  'o.effective',
] as const;

export interface OverdueRecord extends OccurrenceOfRow {
  originalNominal: IsoDate;
  lastMessageAt: number | null;
}

/** The leadership list: open occurrences past their effective deadline, with no evidence waiting, longest overdue first. */
export async function overdueOccurrences(db: Store, asOfMs: number, unitId?: string): Promise<OverdueRecord[]> {
  const today = isoDateAt(asOfMs);
  let query = db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => [
      ...OCCURRENCE_OF_ROW_COLUMNS,
      'o.original_nominal as originalNominal',
      eb
        .selectFrom('messages as m')
        .select((m) => m.fn.max('m.sent_at').as('last'))
        .whereRef('m.row_key', '=', 'o.row_key')
        .whereRef('m.occurrence_id', '=', 'o.occurrence_id')
        .where('m.sent_at', '<=', asOfMs)
        .as('lastMessageAt'),
    ])
    .where('o.effective', '<', today)
    .where('o.outcome', 'is', null)
    .where('o.cancelled_reason', 'is', null)
    .where('o.pending_evidence', '=', 0)
    .orderBy('o.effective')
    .orderBy('r.position');
  if (unitId) query = query.where('r.lead_id', '=', unitId);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, effective: r.effective as IsoDate, nominal: r.nominal as IsoDate, originalNominal: r.originalNominal as IsoDate, lastMessageAt: r.lastMessageAt === null ? null : Number(r.lastMessageAt) }));
}

export interface PeriodOccurrence {
  rowKey: string;
  occurrenceId: string;
  expectedOutput: string;
  unitId: string;
  unit: string;
  where: string;
  task: string;
  label: string;
  deadlineText: string;
  originalNominal: IsoDate;
  nominal: IsoDate;
  effective: IsoDate;
  status: OccurrenceStatus;
  completedAt: number | null;
}

/** Every occurrence counted by `periodReport`, one line each, for the detail sheet of a report. */
export async function periodOccurrences(db: Store, from: IsoDate, to: IsoDate, asOfMs: number, planKey?: string): Promise<PeriodOccurrence[]> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => ['o.row_key as rowKey', 'o.occurrence_id as occurrenceId', 'r.expected_output as expectedOutput', 'r.lead_id as unitId', 'r.lead_name as unit', 'r.position as where', 'r.content as task', 'o.label', 'r.deadline_text as deadlineText', 'o.original_nominal as originalNominal', 'o.nominal', 'o.effective', statusOf(eb, today).as('status'), 'o.completed_at as completedAt'])
    .where('o.report_day', '>=', from)
    .where('o.report_day', '<=', to)
    .where('o.cancelled_reason', 'is', null)
    .$if(planKey !== undefined, (q) => q.where('r.plan_key', '=', planKey!))
    .orderBy('r.lead_name')
    .orderBy('o.effective')
    .execute();
  return rows.map((r) => ({ ...r, originalNominal: r.originalNominal as IsoDate, nominal: r.nominal as IsoDate, effective: r.effective as IsoDate, completedAt: r.completedAt === null ? null : Number(r.completedAt) }));
}

export interface UnitCalendarOccurrence {
  rowKey: string;
  planNumber: string;
  where: string;
  task: string;
  unit: string;
  deadlineText: string;
  expectedOutput: string;
  occurrenceId: string;
  label: string;
  opensOn: IsoDate;
  originalNominal: IsoDate;
  nominal: IsoDate;
  effective: IsoDate;
  revision: number;
  /** Workflow time of the row's last recorded change: the event's DTSTAMP, so an unchanged feed is byte-identical. */
  recordedAt: number;
  status: OccurrenceStatus;
}

/** The occurrences a unit leads and nobody cancelled, in deadline order: what its calendar feed shows. */
export async function unitCalendarOccurrences(db: Store, unitId: string, asOfMs: number): Promise<UnitCalendarOccurrence[]> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .innerJoin('plans as p', 'p.plan_key', 'r.plan_key')
    .select((eb) => [
      'o.row_key as rowKey',
      'p.number as planNumber',
      'r.position as where',
      'r.content as task',
      'r.lead_name as unit',
      'r.deadline_text as deadlineText',
      'r.expected_output as expectedOutput',
      'o.occurrence_id as occurrenceId',
      'o.label',
      'o.opens_on as opensOn',
      'o.original_nominal as originalNominal',
      'o.nominal',
      'o.effective',
      'o.revision',
      'r.recorded_at as recordedAt',
      statusOf(eb, today).as('status'),
    ])
    .where('r.lead_id', '=', unitId)
    .where('o.cancelled_reason', 'is', null)
    .orderBy('o.effective')
    .orderBy('r.position')
    .orderBy('o.occurrence_id')
    .execute();
  return rows.map((r) => ({
    ...r,
    opensOn: r.opensOn as IsoDate,
    originalNominal: r.originalNominal as IsoDate,
    nominal: r.nominal as IsoDate,
    effective: r.effective as IsoDate,
    revision: Number(r.revision),
    recordedAt: Number(r.recordedAt),
  }));
}

/** The unit's name as the read model last recorded it, or undefined when it leads no recorded row. */
export async function unitName(db: Store, unitId: string): Promise<string | undefined> {
  return (await db.selectFrom('rows').select('lead_name').where('lead_id', '=', unitId).limit(1).executeTakeFirst())?.lead_name;
}

export interface EvidenceRecord {
  rowKey: string;
  occurrenceId: string;
  documentNumber: string;
  documentDate: IsoDate;
  title: string;
  decision: 'accept' | 'return' | null;
  submittedAt: number;
}

/** The evidence of the occurrences due in a period, oldest first, for the "result and evidence" column of reports. */
export async function periodEvidence(db: Store, from: IsoDate, to: IsoDate): Promise<EvidenceRecord[]> {
  const rows = await db
    .selectFrom('evidence as e')
    .innerJoin('occurrences as o', (j) => j.onRef('o.row_key', '=', 'e.row_key').onRef('o.occurrence_id', '=', 'e.occurrence_id'))
    .select(['e.row_key as rowKey', 'e.occurrence_id as occurrenceId', 'e.document_number as documentNumber', 'e.document_date as documentDate', 'e.title', 'e.review_decision as decision', 'e.submitted_at as submittedAt'])
    .where('o.report_day', '>=', from)
    .where('o.report_day', '<=', to)
    .orderBy('e.submitted_at')
    .execute();
  return rows.map((r) => ({ ...r, documentDate: r.documentDate as IsoDate, decision: r.decision as EvidenceRecord['decision'], submittedAt: Number(r.submittedAt) }));
}

/** The plans whose rows have occurrences due in a period: the report says which plan it reports on. */
export async function periodPlans(db: Store, from: IsoDate, to: IsoDate): Promise<{ number: string; date: IsoDate; title: string }[]> {
  return db
    .selectFrom('plans as p')
    .select(['p.number', 'p.date', 'p.title'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('rows as r')
          .innerJoin('occurrences as o', 'o.row_key', 'r.row_key')
          .select('r.row_key')
          .whereRef('r.plan_key', '=', 'p.plan_key')
          .where('o.report_day', '>=', from)
          .where('o.report_day', '<=', to),
      ),
    )
    .orderBy('p.date')
    .execute();
}
