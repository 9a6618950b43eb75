/**
 * A year of the sample plan, as the demo plays it and the digest tests replay it: import Kế hoạch 16/KH-SKHCN shifted
 * to `year`, then let simulated unit heads submit evidence (most on time, some late, some never, one returned by the
 * office) and two incoming letters trigger event rows. Every fate is a hash of the row and occurrence, so two runs
 * of the same year take the same actions whatever the delivery (one mail per step, or daily digests).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { readPlanFile } from '../activities/plan-files/read-plan';
import { readUnitsFile } from '../activities/plan-files/read-units';
import { importPlan, ImportSummary } from '../client/plan-import';
import { isoDateAt } from '../domain/dates';
import { PlanDocument } from '../domain/plan/model';
import { shiftPlanYears } from '../domain/plan/shift-year';
import { PolicyOverrides } from '../domain/policy/policy-schema';
import { reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate, triggerUpdate } from '../workflows/definitions';

const ROOT = join(__dirname, '..');
const SYMBOL: Record<string, string> = { BC: 'BC-SKHCN', KH: 'KH-SKHCN', QĐ: 'QĐ-SKHCN', DS: 'DS-SKHCN', TB: 'TB-SKHCN' };

/** A deterministic fate for each occurrence: most on time, some late, some never. */
function fate(key: string): 'on-time' | 'late' | 'never' {
  const h = createHash('sha1').update(key).digest()[0];
  return h < 190 ? 'on-time' : h < 225 ? 'late' : 'never';
}

interface Action {
  at: string; // local "YYYY-MM-DDTHH:mm"
  run: () => Promise<void>;
}

export interface SampleYearOptions {
  client: Client;
  taskQueue: string;
  year: number;
  policy?: PolicyOverrides;
  /** Only these rows of the plan (by position, "3.4"), for runs where the whole plan is not the point; 2.7 and 6.2 are its event rows and must be among them. */
  rows?: readonly string[];
  /** Moves the simulated clock to a local time in Vietnam ("2035-03-06T09:00"); never backwards. */
  advanceTo(local: string): Promise<void>;
  /** Called once the plan is imported, and at each month's end (local "YYYY-MM-DDT17:00"). */
  onImported?(doc: PlanDocument, summary: ImportSummary): Promise<void> | void;
  onMonthEnd?(monthEnd: string): Promise<void>;
}

export async function playSampleYear({ client, taskQueue, year, policy, rows, advanceTo, onImported, onMonthEnd }: SampleYearOptions): Promise<{ rowKeys: string[]; planKey: string }> {
  const sample = await readPlanFile(join(ROOT, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
  const shifted = shiftPlanYears(sample, year - sample.plan.year);
  const doc = rows ? { ...shifted, rows: shifted.rows.filter((r) => rows.includes(r.where)) } : shifted;
  await advanceTo(`${year}-03-05T07:00`);
  const units = await readUnitsFile(join(ROOT, 'samples', 'units.json'));
  const summary = await importPlan(client, doc, units, { taskQueue, ...(policy ? { policy } : {}) });
  await onImported?.(doc, summary);
  const handles = new Map<string, WorkflowHandle>(summary.started.concat(summary.unchanged).map((k) => [k, client.workflow.getHandle(k)]));

  const actions: Action[] = [];
  let docNo = 100;
  let returnedOne = false;
  const plan = async (key: string) => {
    const view = await handles.get(key)!.query(stateQuery);
    const head = units.units.find((u) => u.id === view.state.spec.lead.id)!;
    for (const occ of view.state.occurrences) {
      if (occ.outcome || occ.effective > `${year}-12-31`) continue;
      const symbol = SYMBOL[view.state.spec.evidenceType] ?? (['CV', 'VB', 'KHÁC'].includes(view.state.spec.evidenceType) ? 'SKHCN-VP' : null);
      const f = symbol ? fate(`${key}/${occ.id}`) : 'never';
      if (f === 'never') continue;
      const day = f === 'on-time' ? occ.effective : isoDateAt(new Date(`${occ.effective}T12:00:00+07:00`).getTime() + 4 * 86400000);
      const submitAt = `${f === 'on-time' && occ.opensOn < occ.effective ? isoDateAt(new Date(`${occ.effective}T12:00:00+07:00`).getTime() - 86400000) : day}T10:00`;
      const submit = (n: number) => handles.get(key)!.executeUpdate(submitEvidenceUpdate, {
        args: [{ occurrenceId: occ.id, documentNumber: `${n}/${symbol}`, documentDate: submitAt.slice(0, 10), title: view.state.spec.expectedOutput, submitter: { unitId: head.id, name: head.head.name } }],
      });
      const returnThis = !returnedOne && view.state.spec.evidenceType === 'BC';
      returnedOne ||= returnThis;
      actions.push({
        at: submitAt,
        run: async () => {
          await submit(docNo++);
          if (returnThis) {
            await handles.get(key)!.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'return', reason: 'Báo cáo thiếu số liệu tháng trước, đề nghị bổ sung', reviewer: 'Văn phòng Sở' }] });
            await submit(docNo++);
          }
          await handles.get(key)!.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: occ.id, decision: 'accept', reviewer: 'Văn phòng Sở' }] });
        },
      });
    }
  };
  for (const key of handles.keys()) await plan(key);
  // Two incoming letters open occurrences of event rows.
  actions.push({
    at: `${year}-04-10T09:00`,
    run: async () => {
      const key = `16-KH-SKHCN-${year}/2.7`;
      await handles.get(key)!.executeUpdate(triggerUpdate, { args: [{ document: `Công văn 215/VPUBND-KSTT ngày 10/4/${year}`, date: `${year}-04-10`, deadline: `${year}-04-25` }] });
      await plan(key);
    },
  });
  actions.push({
    at: `${year}-06-02T09:00`,
    run: async () => {
      const key = `16-KH-SKHCN-${year}/6.2`;
      await handles.get(key)!.executeUpdate(triggerUpdate, { args: [{ document: `Phản ánh, kiến nghị số 07/PAKN ngày 02/6/${year}`, date: `${year}-06-02` }] });
      await plan(key);
    },
  });

  for (let month = 3; month <= 12; month++) {
    const monthEnd = `${year}-${String(month).padStart(2, '0')}-${new Date(Date.UTC(year, month, 0)).getUTCDate()}T17:00`;
    for (;;) {
      actions.sort((a, b) => a.at.localeCompare(b.at));
      const next = actions[0];
      if (!next || next.at > monthEnd) break;
      actions.shift();
      await advanceTo(next.at);
      await next.run();
    }
    await advanceTo(monthEnd);
    await onMonthEnd?.(monthEnd);
  }
  return { rowKeys: [...handles.keys()], planKey: `16-KH-SKHCN-${year}` };
}
