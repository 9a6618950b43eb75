import { WorkflowUpdateFailedError } from '@temporalio/client';
import { SERVER_KINDS, startSuite, Suite } from './support';
import { accumulator, addSignal, conditionWithTimeout, setValueUpdate, totalQuery } from './workflows';


describe.each(SERVER_KINDS)('on the %s server', (kind) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startSuite(`messages (${kind})`, kind);
  });
  afterAll(() => suite?.teardown());

  describe('signals, queries, updates and condition', () => {
    it('wakes a condition by a signal before its timeout, and times out without one', async () => {
      const worker = await suite.worker();
      await worker.runUntil(async () => {
        const client = suite.client;
        const waiting = await client.workflow.start(conditionWithTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('cond-signal'), args: [suite.longWaitMs] });
        await waiting.signal(addSignal, 1);
        expect(await waiting.result()).toBe('signalled');
        const lonely = await client.workflow.execute(conditionWithTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('cond-timeout'), args: [suite.longWaitMs] });
        expect(lonely).toBe('timed out');
      });
    });

    it('delivers signals sent before the first workflow task and after it, and answers queries while running and after completion', async () => {
      const worker = await suite.worker();
      const client = suite.client;
      const handle = await client.workflow.start(accumulator, { taskQueue: suite.taskQueue, workflowId: suite.id('acc'), args: [10] });
      await handle.signal(addSignal, 3); // before any worker runs
      await worker.runUntil(async () => {
        expect(await handle.query(totalQuery)).toBe(3);
        await handle.signal(addSignal, 4);
        expect(await handle.query(totalQuery)).toBe(7);
        await handle.signal(addSignal, 5);
        expect(await handle.result()).toBe(12);
        expect(await handle.query(totalQuery)).toBe(12);
      });
    });

    it('completes an accepted update with its result and rejects one its validator refuses', async () => {
      const worker = await suite.worker();
      await worker.runUntil(async () => {
        const handle = await suite.client.workflow.start(accumulator, { taskQueue: suite.taskQueue, workflowId: suite.id('upd'), args: [100] });
        await handle.signal(addSignal, 2);
        expect(await handle.executeUpdate(setValueUpdate, { args: [50] })).toBe(2);
        expect(await handle.query(totalQuery)).toBe(50);
        const rejected = await handle.executeUpdate(setValueUpdate, { args: [-1] }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((rejected as WorkflowUpdateFailedError).cause?.message)).toContain('giá trị phải không âm');
        expect(await handle.executeUpdate(setValueUpdate, { args: [100] })).toBe(50);
        expect(await handle.result()).toBe(100);
      });
    });
  });
});
