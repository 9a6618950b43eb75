import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Runtime, Worker, DefaultLogger, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ServerKind, StartedEnvironment, startDevEnvironment, startTimeSkippingEnvironment } from '../../worker/temporal-servers';
import { replayWorkflows, startedWorkflows } from '../support/replay';
import * as activities from './activities';

/** Both official servers: what dondoc relies on must hold on the one the tests use and the one offices run. */
export const SERVER_KINDS: ServerKind[] = ['time-skipping', 'dev'];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Bundles the suite's workflows once per test file (bundling takes seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return (bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('WARN') }));
}

export interface Suite {
  temporal: StartedEnvironment;
  /** A client that remembers what it starts, for the replay at teardown. */
  client: Client;
  taskQueue: string;
  /** A wait long enough to matter: a week where time skips, two seconds at wall speed. */
  longWaitMs: number;
  worker(): Promise<Worker>;
  id(prefix: string): string;
  /** Replays every workflow this suite started with the same bundle, then stops the server. */
  teardown(): Promise<void>;
}

export async function startSuite(name: string, kind: ServerKind): Promise<Suite> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const { interceptors, started } = startedWorkflows();
  const temporal = kind === 'time-skipping' ? await startTimeSkippingEnvironment({ client: { interceptors } }) : await startDevEnvironment({ client: { interceptors } });
  console.info(`[${name}] Temporal server: ${temporal.server}`);
  const namespace = temporal.env.namespace ?? 'default';
  const client = temporal.env.client;
  const taskQueue = `conformance-${randomUUID()}`;
  return {
    temporal,
    client,
    taskQueue,
    longWaitMs: kind === 'time-skipping' ? 7 * 24 * 3600 * 1000 : 2000,
    worker: async () => Worker.create({ connection: temporal.env.nativeConnection, namespace, taskQueue, workflowBundle: await workflowBundle(), activities }),
    id: (prefix) => `${prefix}-${randomUUID()}`,
    teardown: async () => {
      try {
        const replayed = await replayWorkflows(client, await workflowBundle(), started);
        console.info(`[${name}] replayed ${replayed} workflow histories without non-determinism`);
      } finally {
        await temporal.env.teardown();
      }
    },
  };
}
