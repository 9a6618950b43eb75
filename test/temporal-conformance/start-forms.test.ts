import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { BUNDLED_TEST_SERVER } from '../../testserver/environment';
import * as activities from './activities';
import { startSuite, Suite, workflowBundle } from './support';
import { accumulator, addSignal, scheduleToCloseTimeout, sleeper, totalQuery } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('start-forms');
});
afterAll(() => suite?.teardown());

describe('other ways to start and to time out', () => {
  it('signal-with-start starts a workflow with its signal, then signals the running one', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const client = suite.temporal.env.client;
      const workflowId = suite.id('sws');
      const handle = await client.workflow.signalWithStart(accumulator, { taskQueue: suite.taskQueue, workflowId, args: [10], signal: addSignal, signalArgs: [4] });
      expect(await handle.query(totalQuery)).toBe(4);
      await client.workflow.signalWithStart(accumulator, { taskQueue: suite.taskQueue, workflowId, args: [10], signal: addSignal, signalArgs: [6] });
      expect(await handle.result()).toBe(10);
    });
  });

  it('times out an activity at its schedule-to-close deadline across retries', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      expect(await suite.temporal.env.client.workflow.execute(scheduleToCloseTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('s2c') })).toBe('timed out: TimeoutFailure');
    });
  });

  it('runs as a dev server (server start-dev) with time at wall speed', async () => {
    if (process.env.TEMPORAL_ADDRESS || process.env.TEMPORAL_TEST_SERVER_PATH) return; // only our executable takes this form here
    const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: BUNDLED_TEST_SERVER } } });
    try {
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'dev', workflowBundle: await workflowBundle(), activities });
      await worker.runUntil(async () => {
        const wall = Date.now();
        const elapsed = await env.client.workflow.execute(sleeper, { taskQueue: 'dev', workflowId: suite.id('dev'), args: [1500] });
        expect(elapsed).toBeGreaterThanOrEqual(1500);
        expect(Date.now() - wall).toBeGreaterThanOrEqual(1400);
      });
    } finally {
      await env.teardown();
    }
  });
});
