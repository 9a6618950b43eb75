import type { Client } from '@temporalio/client';
import { daysBetween, IsoDate, isoDateAt } from '../domain/dates';
import { legalCalendar } from '../domain/calendar/legal-calendar';
import { Occurrence, OccurrenceStatus, RowState } from '../domain/tracking/row-state';
import { occurrenceStatus } from '../domain/tracking/status';
import { RowView, stateQuery } from '../workflows/definitions';

/** Reads for lists and reports come from the rows' own state (their queries), never from guessing. */
export async function rowViews(client: Client, query = "WorkflowType = 'rowWorkflow'"): Promise<RowView[]> {
  const handles = [];
  for await (const wf of client.workflow.list({ query })) handles.push(client.workflow.getHandle(wf.workflowId, wf.runId));
  return Promise.all(handles.map((h) => h.query(stateQuery)));
}

export interface OverdueItem {
  unit: string;
  unitId: string;
  where: string;
  task: string;
  occurrence: Occurrence;
  daysOverdue: number;
  workingDaysOverdue: number;
  lastMessageAt: number | null;
}

export function overdueItems(states: RowState[], asOfMs: number, unitId?: string): OverdueItem[] {
  const today = isoDateAt(asOfMs);
  const out: OverdueItem[] = [];
  for (const state of states) {
    if (unitId && state.spec.lead.id !== unitId) continue;
    for (const occ of state.occurrences) {
      if (occurrenceStatus(occ, asOfMs) !== 'dang-thuc-hien-qua-han') continue;
      const last = state.messages.filter((m) => m.occurrenceId === occ.id && m.at <= asOfMs).pop();
      out.push({
        unit: state.spec.lead.name,
        unitId: state.spec.lead.id,
        where: state.spec.where,
        task: state.spec.content,
        occurrence: occ,
        daysOverdue: daysBetween(occ.effective, today),
        workingDaysOverdue: legalCalendar().workingDaysBetween(occ.effective, today),
        lastMessageAt: last?.at ?? null,
      });
    }
  }
  return out.sort((a, b) => b.daysOverdue - a.daysOverdue || a.where.localeCompare(b.where, 'vi', { numeric: true }));
}

export type Counts = Record<OccurrenceStatus, number> & { giao: number };

const empty = (): Counts => ({ giao: 0, 'chua-den-han': 0, 'dang-thuc-hien-trong-han': 0, 'dang-thuc-hien-qua-han': 0, 'cho-xac-nhan': 0, 'hoan-thanh-dung-han': 0, 'hoan-thanh-qua-han': 0, 'da-huy': 0 });

/** Counts per unit and in total of the occurrences whose effective deadline falls in [from, to], as of an instant. */
export function report(states: RowState[], from: IsoDate, to: IsoDate, asOfMs: number): { byUnit: Map<string, Counts>; total: Counts } {
  const byUnit = new Map<string, Counts>();
  const total = empty();
  for (const state of states) {
    for (const occ of state.occurrences) {
      if (occ.effective < from || occ.effective > to) continue;
      const status = occurrenceStatus(occ, asOfMs);
      if (status === 'da-huy') continue;
      const unit = byUnit.get(state.spec.lead.name) ?? empty();
      for (const c of [unit, total]) {
        c.giao++;
        c[status]++;
      }
      byUnit.set(state.spec.lead.name, unit);
    }
  }
  return { byUnit, total };
}

/** The sentence reports use: "Sở được giao 55 nhiệm vụ, hoàn thành đúng hạn 42 nhiệm vụ, …", counts on two digits. */
export function reportSentence(c: Counts): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `Sở được giao ${two(c.giao)} nhiệm vụ, hoàn thành đúng hạn ${two(c['hoan-thanh-dung-han'])} nhiệm vụ, hoàn thành quá hạn ${two(c['hoan-thanh-qua-han'])} nhiệm vụ, ` +
    `${two(c['dang-thuc-hien-trong-han'] + c['chua-den-han'])} nhiệm vụ chưa đến hạn, ${two(c['dang-thuc-hien-qua-han'])} nhiệm vụ quá hạn, ${two(c['cho-xac-nhan'])} nhiệm vụ chờ xác nhận.`
  );
}
