import { startSuite, Suite } from './support';
import { sleeper, timersAndActivity } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('timers', 'time-skipping');
});
afterAll(() => suite?.teardown());

describe('timers and time skipping', () => {
  it('skips a 30-day timer while the client awaits the result: the server clock moves 30 days', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const before = await suite.temporal.env.currentTimeMs();
      const elapsed = await suite.client.workflow.execute(sleeper, { taskQueue: suite.taskQueue, workflowId: suite.id('sleeper'), args: [30 * 24 * 3600 * 1000] });
      expect(elapsed).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
      expect((await suite.temporal.env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    });
  });

  it('runs timers around an activity and returns its result', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const result = await suite.client.workflow.execute(timersAndActivity, { taskQueue: suite.taskQueue, workflowId: suite.id('timers-activity'), args: ['Văn phòng'] });
      expect(result).toBe('xin chào Văn phòng');
    });
  });

  it('moves the clock by env.sleep without a workflow', async () => {
    const before = suite.temporal.env.currentTimeMs ? await suite.temporal.env.currentTimeMs() : 0;
    await suite.temporal.env.sleep('3 days');
    const after = await suite.temporal.env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
  });
});
