import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { SERVER_KINDS, startSuite, Suite } from './support';
import { counterWithContinueAsNew, waitForever } from './workflows';



describe.each(SERVER_KINDS)('on the %s server', (kind) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startSuite(`lifecycle (${kind})`, kind);
  });
  afterAll(() => suite?.teardown());
  const run = <T>(fn: () => Promise<T>) => suite.worker().then((w) => w.runUntil(fn));

  describe('workflow lifecycle', () => {
    it('continues as new carrying state, and result() follows the chain to the last run', async () => {
      await run(async () => {
        const handle = await suite.client.workflow.start(counterWithContinueAsNew, { taskQueue: suite.taskQueue, workflowId: suite.id('can'), args: [0, 4, kind === 'time-skipping' ? 3600_000 : 100] });
        expect(await handle.result()).toBe(4);
        const described = await handle.describe();
        expect(described.runId).not.toBe(handle.firstExecutionRunId);
        expect(described.status.name).toBe('COMPLETED');
      });
    });

    it('terminates a running workflow and reports it as terminated', async () => {
      await run(async () => {
        const handle = await suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId: suite.id('term') });
        await handle.terminate('không cần nữa');
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
        expect((await handle.describe()).status.name).toBe('TERMINATED');
      });
    });

    it('cancels a running workflow, which ends as cancelled', async () => {
      await run(async () => {
        const handle = await suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId: suite.id('cancel') });
        await handle.cancel();
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
        expect((await handle.describe()).status.name).toBe('CANCELLED');
      });
    });

    it('refuses a second start with the id of a running workflow', async () => {
      await run(async () => {
        const workflowId = suite.id('dup');
        const first = await suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId });
        await expect(suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
        const reused = await suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });
        expect(reused.firstExecutionRunId).toBe(first.firstExecutionRunId);
        await first.terminate();
        const after = await suite.client.workflow.start(waitForever, { taskQueue: suite.taskQueue, workflowId, workflowIdReusePolicy: 'REJECT_DUPLICATE' }).catch((e: unknown) => e);
        expect(after).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      });
    });
  });
});
