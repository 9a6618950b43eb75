import { WorkflowUpdateFailedError } from '@temporalio/client';
import { rowWorkflow } from '../../workflows/row';
import { extendDeadlineUpdate, stateQuery, triggerUpdate } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('event-row');
});
afterAll(() => h?.teardown());

describe('an event row', () => {
  it('opens one occurrence per trigger, with the SLA counted from the day after (Điều 147) and moved past holidays (Điều 148)', async () => {
    const spec = rowSpec('6.2', 'Trong thời gian 10 ngày kể từ ngày tiếp nhận', 'Phản ánh, kiến nghị được trả lời');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-04-20T09:00');
      // Received Friday 20/04/2035: 10 days later is Monday 30/04, a holiday; Tuesday 01/05 too; the next working day is Wednesday 02/05.
      const first = await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Phiếu tiếp nhận PAKN số 12', date: '2035-04-20' }] });
      const second = await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Công văn 55/VPUBND-KSTT', date: '2035-04-20', deadline: '2035-05-15' }] });
      expect([first, second]).toEqual(['lan-1', 'lan-2']);
      const view = await handle.query(stateQuery);
      expect(view.state.occurrences.map((o) => [o.id, o.nominal, o.effective, o.trigger?.document])).toEqual([
        ['lan-1', '2035-04-30', '2035-05-02', 'Phiếu tiếp nhận PAKN số 12'],
        ['lan-2', '2035-05-15', '2035-05-15', 'Công văn 55/VPUBND-KSTT'],
      ]);
      expect(view.statuses['lan-1']).toBe('dang-thuc-hien-trong-han');
      // Let the opening reminder's activities finish first: the time-skipping server keeps time locked for good
      // when a workflow is terminated while one of its activities is in flight.
      await h.advanceTo('2035-04-20T10:00');
      await handle.terminate('kết thúc kiểm thử');
    });
  });

  it('extends a deadline with its deciding document, keeping the original for reports', async () => {
    const spec = rowSpec('2.7', 'Khi VPUBND tỉnh có Công văn yêu cầu rà soát', 'Công văn rà soát');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-06-01T09:00');
      const noSla = await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Công văn 77/VPUBND', date: '2035-06-01' }] }).then(() => null, (e: unknown) => e as WorkflowUpdateFailedError);
      expect(noSla!.cause?.message).toContain('hãy ghi hạn do văn bản ấn định');
      const id = await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Công văn 77/VPUBND', date: '2035-06-01', deadline: '2035-06-10' }] });
      await handle.executeUpdate(extendDeadlineUpdate, { args: [{ occurrenceId: id, to: '2035-06-20', document: 'Công văn 80/VPUBND đồng ý gia hạn' }] });
      const occ = (await handle.query(stateQuery)).state.occurrences[0];
      expect(occ).toMatchObject({ originalNominal: '2035-06-10', nominal: '2035-06-20', effective: '2035-06-20' });
      expect(occ.extensions[0]).toMatchObject({ from: '2035-06-10', to: '2035-06-20', document: 'Công văn 80/VPUBND đồng ý gia hạn' });
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
