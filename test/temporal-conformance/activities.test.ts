import { temporal } from '@temporalio/proto';
import { startSuite, Suite } from './support';
import { cancelActivity, heartbeatTimeout, nonRetryable, retries, startToCloseTimeout } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('activities', 'time-skipping');
});
afterAll(() => suite?.teardown());

const run = <T>(fn: () => Promise<T>) => suite.worker().then((w) => w.runUntil(fn));

describe('activities', () => {
  it('retries a failing activity with backoff until it succeeds on the third attempt', async () => {
    await run(async () => {
      const handle = await suite.client.workflow.start(retries, { taskQueue: suite.taskQueue, workflowId: suite.id('retries'), args: [2] });
      expect(await handle.result()).toBe(3);
      const history = await handle.fetchHistory();
      const EventType = temporal.api.enums.v1.EventType;
      const types = history.events!.map((e) => e.eventType);
      // Server-side retries leave no trace between attempts: scheduled, started (attempt 3), completed.
      expect(types.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || t === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED || t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toEqual([
        EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      ]);
      const started = history.events!.find((e) => e.activityTaskStartedEventAttributes)!;
      expect(started.activityTaskStartedEventAttributes!.attempt).toBe(3);
    });
  });

  it('stops at a non-retryable failure and gives the workflow its message', async () => {
    await run(async () => {
      const result = await suite.client.workflow.execute(nonRetryable, { taskQueue: suite.taskQueue, workflowId: suite.id('nonretryable') });
      expect(result).toBe('failed: dữ liệu sai, không thử lại');
    });
  });

  it('times out an activity that outlives its start-to-close timeout', async () => {
    await run(async () => {
      const result = await suite.client.workflow.execute(startToCloseTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('stc') });
      expect(result).toBe('timed out: TimeoutFailure');
    });
  });

  it('times out an activity that stops heartbeating', async () => {
    await run(async () => {
      const result = await suite.client.workflow.execute(heartbeatTimeout, { taskQueue: suite.taskQueue, workflowId: suite.id('hb') });
      expect(result).toBe('timed out: TimeoutFailure');
    });
  });

  it('cancels a heartbeating activity and waits for it to acknowledge', async () => {
    await run(async () => {
      const result = await suite.client.workflow.execute(cancelActivity, { taskQueue: suite.taskQueue, workflowId: suite.id('cancel-activity') });
      expect(result).toBe('cancelled');
    });
  });
});
