import { ExpressionBuilder, sql } from 'kysely';
import { IsoDate, isoDateAt } from '../../domain/dates';
import { RowChange } from '../../domain/tracking/row-change';
import { OccurrenceStatus } from '../../domain/tracking/row-state';
import { emptyCounts, PeriodReport, tally } from '../../domain/tracking/report';
import type { Store } from './database';
import type { DondocDatabase } from './schema';

/** Writes one row's change in a single transaction; every write is an upsert on a natural key, so a retry is harmless. */
export async function recordRowChange(db: Store, change: RowChange): Promise<void> {
  const { spec } = change;
  await db.transaction().execute(async (tx) => {
    // An older change retried late (its first attempt hung past its timeout) never overwrites a newer one.
    const known = await tx.selectFrom('rows').select('recorded_at').where('row_key', '=', change.rowKey).executeTakeFirst();
    if (known && known.recorded_at > change.at) return;
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
        role: occ.role,
        trigger_document: occ.trigger?.document ?? null,
        trigger_date: occ.trigger?.date ?? null,
        outcome: occ.outcome ?? null,
        completed_at: occ.completedAt ?? null,
        cancelled_reason: occ.cancelled?.reason ?? null,
        pending_evidence: occ.evidence.some((e) => !e.review) ? 1 : 0,
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
    if (change.log.length > 0) {
      await tx
        .insertInto('events')
        .values(change.log.map((l) => ({ row_key: change.rowKey, seq: l.seq, at: l.at, text: l.text })))
        .onConflict((oc) => oc.columns(['row_key', 'seq']).doNothing())
        .execute();
    }
  });
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

/** Per unit and in total, the occurrences whose effective deadline falls in [from, to], with their status as of an instant. */
export async function periodReport(db: Store, from: IsoDate, to: IsoDate, asOfMs: number): Promise<PeriodReport> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => ['r.lead_name as unit', statusOf(eb, today).as('status'), eb.fn.countAll<number>().as('n')])
    .where('o.effective', '>=', from)
    .where('o.effective', '<=', to)
    .groupBy(['r.lead_name', 'status'])
    .orderBy('r.lead_name')
    .execute();
  const report: PeriodReport = { byUnit: new Map(), total: emptyCounts() };
  for (const r of rows) tally(report, r.unit, r.status, Number(r.n));
  return report;
}

export interface OverdueRecord {
  rowKey: string;
  unitId: string;
  unit: string;
  where: string;
  task: string;
  occurrenceId: string;
  label: string;
  nominal: IsoDate;
  effective: IsoDate;
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
      'o.row_key as rowKey',
      'r.lead_id as unitId',
      'r.lead_name as unit',
      'r.position as where',
      'r.content as task',
      'o.occurrence_id as occurrenceId',
      'o.label',
      'o.nominal',
      'o.effective',
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
  unit: string;
  where: string;
  task: string;
  label: string;
  deadlineText: string;
  originalNominal: IsoDate;
  effective: IsoDate;
  status: OccurrenceStatus;
  completedAt: number | null;
}

/** Every occurrence counted by `periodReport`, one line each, for the detail sheet of a report. */
export async function periodOccurrences(db: Store, from: IsoDate, to: IsoDate, asOfMs: number): Promise<PeriodOccurrence[]> {
  const today = isoDateAt(asOfMs);
  const rows = await db
    .selectFrom('occurrences as o')
    .innerJoin('rows as r', 'r.row_key', 'o.row_key')
    .select((eb) => ['r.lead_name as unit', 'r.position as where', 'r.content as task', 'o.label', 'r.deadline_text as deadlineText', 'o.original_nominal as originalNominal', 'o.effective', statusOf(eb, today).as('status'), 'o.completed_at as completedAt'])
    .where('o.effective', '>=', from)
    .where('o.effective', '<=', to)
    .where('o.cancelled_reason', 'is', null)
    .orderBy('r.lead_name')
    .orderBy('o.effective')
    .execute();
  return rows.map((r) => ({ ...r, originalNominal: r.originalNominal as IsoDate, effective: r.effective as IsoDate, completedAt: r.completedAt === null ? null : Number(r.completedAt) }));
}
