import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { bundleWorkflowCode, Runtime, Worker, DefaultLogger, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startTemporalEnvironment, TemporalEnvironment, EnvironmentOptions } from '../../testserver/environment';
import * as activities from './activities';

export const TASK_QUEUE = 'conformance';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Bundles the suite's workflows once per test file (bundling takes seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('WARN') }));
}

export interface Suite {
  temporal: TemporalEnvironment;
  taskQueue: string;
  worker(): Promise<Worker>;
  id(prefix: string): string;
  /** Replays every closed workflow of this file with the same bundle, then stops the service. */
  teardown(): Promise<void>;
}

/** Fetches the histories of every closed workflow on a task queue and replays them: any non-determinism throws. */
export async function replayClosedWorkflows(temporal: TemporalEnvironment, taskQueue: string): Promise<number> {
  const client = temporal.env.client;
  const histories = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    if (wf.status.name === 'RUNNING') continue;
    histories.push({ workflowId: wf.workflowId, history: await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory() });
  }
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), replayName: 'conformance' }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  if (failures.length > 0) throw new Error(`replay found non-determinism in ${failures.length} histories:\n${failures.join('\n')}`);
  return histories.length;
}

export async function startSuite(name: string, options: EnvironmentOptions = {}): Promise<Suite> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const temporal = await startTemporalEnvironment(options);
  console.info(`[${name}] Temporal service: ${temporal.server}`);
  const taskQueue = `${TASK_QUEUE}-${randomUUID()}`;
  return {
    temporal,
    taskQueue,
    worker: async () =>
      Worker.create({ connection: temporal.env.nativeConnection, namespace: temporal.env.namespace ?? 'default', taskQueue, workflowBundle: await workflowBundle(), activities }),
    id: (prefix) => `${prefix}-${randomUUID()}`,
    teardown: async () => {
      try {
        const replayed = await replayClosedWorkflows(temporal, taskQueue);
        console.info(`[${name}] replayed ${replayed} closed workflow histories without non-determinism`);
      } finally {
        await temporal.env.teardown();
      }
    },
  };
}

export const WORKFLOWS = join(__dirname, 'workflows');
