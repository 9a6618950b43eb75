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
  teardown(): Promise<void>;
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
    teardown: () => temporal.env.teardown(),
  };
}

export const WORKFLOWS = join(__dirname, 'workflows');
