import { temporal } from '@temporalio/proto';
import { startSuite, Suite } from './support';
import { addSignal, sleeper, tagged, totalQuery } from './workflows';

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite('visibility', 'dev');
  await suite.temporal.env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes: { DondocTag: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } });
});
afterAll(() => suite?.teardown());

// Listing is the dev server's alone: the time-skipping server answers UNIMPLEMENTED.
describe('describe and list (eventually consistent: polled until they agree)', () => {
  it('describes a run and lists workflows by type, status and a custom search attribute', async () => {
    const worker = await suite.worker();
    await worker.runUntil(async () => {
      const client = suite.client;
      const a = await client.workflow.start(tagged, { taskQueue: suite.taskQueue, workflowId: suite.id('tag-a'), args: ['phong-a'], memo: { owner: 'Văn phòng Sở' } });
      const b = await client.workflow.start(tagged, { taskQueue: suite.taskQueue, workflowId: suite.id('tag-b'), args: ['phong-b'] });
      await client.workflow.execute(sleeper, { taskQueue: suite.taskQueue, workflowId: suite.id('other'), args: [1000] });
      // A round-trip through each workflow makes sure its first task (with the upsert) has completed.
      await Promise.all([a, b].map((h) => h.query(totalQuery).catch(() => undefined)));
      const described = await a.describe();
      expect(described.type).toBe('tagged');
      expect(described.taskQueue).toBe(suite.taskQueue);
      expect(described.memo).toEqual({ owner: 'Văn phòng Sở' });

      const ids = async (query: string) => {
        const out: string[] = [];
        for await (const wf of client.workflow.list({ query })) out.push(wf.workflowId);
        return out.sort();
      };
      const scope = `TaskQueue = '${suite.taskQueue}'`;
      expect(await ids(`${scope} AND WorkflowType = 'tagged'`)).toEqual([a.workflowId, b.workflowId].sort());
      expect(await ids(`${scope} AND ExecutionStatus = 'Completed'`)).toHaveLength(1);
      expect(await ids(`${scope} AND DondocTag = 'phong-b'`)).toEqual([b.workflowId]);
      expect(await ids(`${scope} AND (DondocTag IN ('phong-a', 'khac') OR WorkflowId = '${b.workflowId}')`)).toEqual([a.workflowId, b.workflowId].sort());
      expect((await client.workflow.count(`${scope} AND ExecutionStatus = 'Running'`)).count).toBe(2);
      await Promise.all([a, b].map((h) => h.signal(addSignal, 1)));
      expect(await Promise.all([a.result(), b.result()])).toEqual([a.workflowId, b.workflowId]);
    });
  });
});
