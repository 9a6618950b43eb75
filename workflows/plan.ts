/**
 * One plan as a workflow: the registry of its rows as the last import left them (row key → fingerprint of what the
 * file said). It is what a re-import compares against. Visibility listings are eventually consistent and the
 * time-skipping server has none, so "which rows does this plan have" must not depend on them.
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { toVietnameseDateTime } from '../domain/dates';
import { beginImportUpdate, IMPORT_LEASE_MS, PlanRegistry, planRowsQuery, planRowsSignal } from './definitions';

export interface PlanWorkflowInput {
  planKey: string;
  rows?: PlanRegistry;
  /** The import holding the plan, carried across continue-as-new. */
  importing?: Importing;
}

interface Importing {
  importId: string;
  by: string;
  since: number;
  leaseUntil: number;
}

export async function planWorkflow(input: PlanWorkflowInput): Promise<void> {
  const rows: PlanRegistry = { ...input.rows };
  let importing: Importing | undefined = input.importing;
  setHandler(planRowsSignal, ({ set, remove, release }) => {
    Object.assign(rows, set);
    for (const key of remove) delete rows[key];
    if (release !== undefined && importing?.importId === release) importing = undefined;
  });
  // Two imports of one plan at once would leave each row with whichever update landed last: one at a time.
  setHandler(
    beginImportUpdate,
    ({ importId, by }) => {
      const now = Date.now();
      importing = { importId, by, since: importing?.importId === importId ? importing.since : now, leaseUntil: now + IMPORT_LEASE_MS };
      return { leaseUntil: importing.leaseUntil };
    },
    {
      validator: ({ importId }) => {
        const holder = importing;
        if (!holder || holder.importId === importId || holder.leaseUntil < Date.now()) return;
        throw ApplicationFailure.nonRetryable(
          `Kế hoạch ${input.planKey} đang được nhập (bắt đầu lúc ${toVietnameseDateTime(holder.since)}, ${holder.by}). Hãy nhập lại sau khi lần nhập đó xong; nếu nó đã bị ngắt, kế hoạch được nhả sau ${IMPORT_LEASE_MS / 60000} phút.`,
          'PlanImportInProgress',
        );
      },
    },
  );
  setHandler(planRowsQuery, () => rows);
  // Signals are all it ever receives: it only ends by handing its registry to a fresh run.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof planWorkflow>({ planKey: input.planKey, rows, ...(importing ? { importing } : {}) });
}
