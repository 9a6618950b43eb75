import { startSuite, Suite } from './support';
import { accumulator, addSignal, scheduleToCloseTimeout, totalQuery } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('start-forms', 'time-skipping');
});
afterAll(() => suite?.teardown());

describe('other ways to start and to time out', () => {
  it('signal-with-start starts a workflow with its signal, then signals the running one', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const client = suite.client;
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
      expect(await suite.client.workflow.execute(scheduleToCloseTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('s2c') })).toBe('timed out: TimeoutFailure');
    });
  });

});
