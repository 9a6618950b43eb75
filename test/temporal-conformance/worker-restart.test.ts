import { startSuite, Suite } from './support';
import { accumulator, addSignal, totalQuery } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('worker-restart');
});
afterAll(() => suite?.teardown());

describe('a worker restarted mid-workflow', () => {
  it('continues the workflow from its history on a fresh worker', async () => {
    const client = suite.temporal.env.client;
    const handle = await client.workflow.start(accumulator, { taskQueue: suite.taskQueue, workflowId: suite.id('restart'), args: [9] });
    const first = await suite.worker();
    await first.runUntil(async () => {
      await handle.signal(addSignal, 4);
      expect(await handle.query(totalQuery)).toBe(4);
    });
    // The first worker is shut down; the workflow waits with its state only in the server's history.
    await handle.signal(addSignal, 2);
    const second = await suite.worker();
    await second.runUntil(async () => {
      expect(await handle.query(totalQuery)).toBe(6);
      await handle.signal(addSignal, 3);
      expect(await handle.result()).toBe(9);
    });
  });
});
