import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { PlanDocument, planKey, rowKey } from '../domain/plan/model';
import { officeOf, resolveUnits, UnitsDirectory } from '../domain/plan/units';
import { previewRow } from '../domain/plan/preview';
import { FINGERPRINT_MEMO, importFingerprint } from '../domain/plan/row-fingerprint';
import { PolicyOverrides } from '../domain/policy/policy-schema';
import { RowSpec } from '../domain/tracking/row-state';
import { cancelUpdate, RowContacts, stateQuery, updateSpecUpdate } from '../workflows/definitions';
import { rowWorkflow } from '../workflows/row';

export interface ImportSummary {
  started: string[];
  updated: string[];
  unchanged: string[];
  cancelled: string[];
  needsAttention: { key: string; reason: string }[];
}

/** The row's spec and who hears about it, from the plan and the units directory. */
export function rowInputs(doc: PlanDocument, units: UnitsDirectory, where: string): { spec: RowSpec; contacts: RowContacts; problems: string[] } {
  const row = doc.rows.find((r) => r.where === where)!;
  const preview = previewRow(doc, row, units, doc.plan.date);
  const lead = resolveUnits(row.lead, units).units[0] ?? officeOf(units);
  const leader = units.leaders.find((l) => l.id === lead.leader) ?? units.leaders[0];
  const coordinating = resolveUnits(row.coordinating, units).units.filter((u) => u.id !== lead.id);
  const office = officeOf(units);
  const spec: RowSpec = {
    planKey: planKey(doc.plan),
    plan: { number: doc.plan.number, title: doc.plan.title, date: doc.plan.date, year: doc.plan.year },
    where,
    content: row.content,
    lead: { id: lead.id, name: lead.name },
    coordinating: coordinating.map((u) => ({ id: u.id, name: u.name })),
    deadlineText: row.deadline,
    ...(preview.context ? { deadlineContext: preview.context } : {}),
    expectedOutput: row.output,
    evidenceType: preview.evidenceType,
    ...(row.note ? { note: row.note } : {}),
    schedule: preview.schedule,
  };
  const contacts: RowContacts = {
    head: lead.head,
    leader: { name: leader.name, email: leader.email },
    office: { name: office.name, email: office.head.email },
    coordinating: coordinating.map((u) => u.head),
  };
  return { spec, contacts, problems: preview.problems.map((p) => p.message) };
}

/**
 * Starts one workflow per row, keyed by plan and row ("16-KH-SKHCN-2025/3.4"): importing twice starts nothing new.
 * A changed row updates its running workflow (keeping what already happened); a row gone from the file is cancelled
 * with a reason. Rows the engine could not read are started too, waiting for the office to set a deadline, and listed.
 */
export interface ImportOptions {
  taskQueue: string;
  /** The plan's reminder policy (policy.json); the defaults fill what it does not say. */
  policy?: PolicyOverrides;
  progress?: (done: number, total: number) => void;
}

export async function importPlan(client: Client, doc: PlanDocument, units: UnitsDirectory, { taskQueue, policy, progress }: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { started: [], updated: [], unchanged: [], cancelled: [], needsAttention: [] };
  const keys = new Set(doc.rows.map((r) => rowKey(doc.plan, r.where)));
  // One visibility listing instead of a describe and a query per row: the memo says what the file last said.
  const prefix = `${planKey(doc.plan)}/`;
  const running = new Map<string, string | undefined>();
  for await (const wf of client.workflow.list({ query: "WorkflowType = 'rowWorkflow' AND ExecutionStatus = 'Running'" })) {
    if (wf.workflowId.startsWith(prefix)) running.set(wf.workflowId, wf.memo?.[FINGERPRINT_MEMO] as string | undefined);
  }
  let done = 0;
  for (const row of doc.rows) {
    const key = rowKey(doc.plan, row.where);
    const { spec, contacts, problems } = rowInputs(doc, units, row.where);
    const print = importFingerprint(spec, policy);
    if (running.has(key)) {
      const handle = client.workflow.getHandle(key);
      // Workflows started before the memo carried a fingerprint are asked for their spec.
      const known = running.get(key) ?? importFingerprint((await handle.query(stateQuery)).state.spec);
      if (known !== print) {
        await handle.executeUpdate(updateSpecUpdate, { args: [{ spec, contacts, policy: policy ?? {} }] });
        summary.updated.push(key);
      } else {
        summary.unchanged.push(key);
      }
    } else {
      try {
        await client.workflow.start(rowWorkflow, { taskQueue, workflowId: key, args: [{ spec, contacts, ...(policy ? { policy } : {}) }], memo: { where: row.where, [FINGERPRINT_MEMO]: print }, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
        summary.started.push(key);
      } catch (error) {
        // Closed already (completed or cancelled): history is kept, nothing new starts.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        summary.unchanged.push(key);
      }
    }
    if (problems.length > 0) summary.needsAttention.push({ key, reason: problems.join(' ') });
    progress?.(++done, doc.rows.length);
  }
  for (const key of running.keys()) {
    if (keys.has(key)) continue;
    await client.workflow.getHandle(key).executeUpdate(cancelUpdate, { args: [{ reason: 'Dòng không còn trong kế hoạch nhập lại' }] });
    summary.cancelled.push(key);
  }
  return summary;
}
