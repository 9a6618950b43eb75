import { startSuite, Suite } from './support';
import { sleeper } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('concurrency');
});
afterAll(() => suite?.teardown());

describe('many workflows at once', () => {
  it('runs 200 concurrent workflows that each sleep 30 simulated days', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const client = suite.temporal.env.client;
      const days30 = 30 * 24 * 3600 * 1000;
      const handles = await Promise.all(Array.from({ length: 200 }, (_, i) => client.workflow.start(sleeper, { taskQueue: suite.taskQueue, workflowId: suite.id(`many-${i}`), args: [days30] })));
      const elapsed = await Promise.all(handles.map((h) => h.result()));
      expect(elapsed).toHaveLength(200);
      for (const ms of elapsed) expect(ms).toBeGreaterThanOrEqual(days30);
    });
  }, 120_000);
});
