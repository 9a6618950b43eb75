/**
 * One plan as a workflow: the registry of its rows as the last import left them (row key → fingerprint of what the
 * file said). It is what a re-import compares against. Visibility listings are eventually consistent and the
 * time-skipping server has none, so "which rows does this plan have" must not depend on them.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { PlanRegistry, planRowsQuery, planRowsSignal } from './definitions';

export interface PlanWorkflowInput {
  planKey: string;
  rows?: PlanRegistry;
}

export async function planWorkflow(input: PlanWorkflowInput): Promise<void> {
  const rows: PlanRegistry = { ...input.rows };
  setHandler(planRowsSignal, ({ set, remove }) => {
    Object.assign(rows, set);
    for (const key of remove) delete rows[key];
  });
  setHandler(planRowsQuery, () => rows);
  // Signals are all it ever receives: it only ends by handing its registry to a fresh run.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof planWorkflow>({ planKey: input.planKey, rows });
}
