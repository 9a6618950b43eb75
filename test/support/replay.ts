import { Client, ClientInterceptors, WorkflowNotFoundError } from '@temporalio/client';
import { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';

/**
 * Client interceptors that remember the id of every workflow started (start, signal-with-start), because the
 * time-skipping server cannot list workflows: their histories are fetched by id for replay. Given to the test
 * environment's own client, so that awaiting a result still lets the time-skipping server skip time.
 */
export function startedWorkflows(): { interceptors: ClientInterceptors; started: Set<string> } {
  const started = new Set<string>();
  const interceptors: ClientInterceptors = {
    workflow: [
      {
        start: (input, next) => (started.add(input.options.workflowId), next(input)),
        signalWithStart: (input, next) => (started.add(input.options.workflowId), next(input)),
      },
    ],
  };
  return { interceptors, started };
}

const GRPC_NOT_FOUND = 5;

/** The plans of row keys ("16-KH-SKHCN-2025/3.4" → "16-KH-SKHCN-2025"): their registry workflows. */
export const withPlans = (ids: Iterable<string>) => new Set([...ids].flatMap((id) => (id.includes('/') ? [id, id.slice(0, id.indexOf('/'))] : [id])));

/**
 * Replays the latest run of each workflow against the given bundle: any non-determinism between the code that
 * wrote a history and the current code throws. Running workflows replay too, up to where they are.
 */
export async function replayWorkflows(client: Client, bundle: WorkflowBundleWithSourceMap, ids: Iterable<string>): Promise<number> {
  const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
  for (const workflowId of withPlans(ids)) {
    try {
      histories.push({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() });
    } catch (error) {
      // fetchHistory passes the server's NOT_FOUND through as a plain gRPC error.
      if (!(error instanceof WorkflowNotFoundError) && (error as { code?: number }).code !== GRPC_NOT_FOUND) throw error;
    }
  }
  return replayHistories(bundle, histories);
}

export async function replayHistories(bundle: WorkflowBundleWithSourceMap, histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[]): Promise<number> {
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'dondoc-replay' }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  if (failures.length > 0) throw new Error(`replay found non-determinism in ${failures.length} of ${histories.length} histories:\n${failures.join('\n')}`);
  return histories.length;
}
