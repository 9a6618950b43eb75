import { rowWorkflow } from '../../workflows/row';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('reliability');
});
afterAll(() => h?.teardown());

const keysOf = (prefix: string) => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key'))).filter((k) => k.startsWith(prefix));

describe('reliability', () => {
  it('delivers every reminder in order after the mail server refuses mail for two days, without delaying the escalation', async () => {
    // April 2035 ends on Monday 30/04, a holiday like Tuesday 01/05: the effective deadline is Wednesday 02/05.
    // Its first reminder, 7 working days before, is Thursday 19/04; the first escalation Thursday 03/05.
    const spec = rowSpec('1.1', 'Tháng 04/2035', 'Kế hoạch');
    expect(spec.schedule.dates[0].effective).toBe('2035-05-02');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-04-19T07:00');
      h.smtp.refuse = true;
      await h.advanceTo('2035-04-23T07:00');
      expect(keysOf(`${spec.planKey}/1.1/`)).toEqual([]);
      h.smtp.refuse = false;
      await h.advanceTo('2035-05-03T09:00');
      const keys = keysOf(`${spec.planKey}/1.1/`).map((k) => k.split('/').pop());
      expect(keys).toEqual(['nhac-7', 'nhac-3', 'nhac-1', 'nhac-0', 'qua-han-1']);
      const escalation = h.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).endsWith('/qua-han-1'))!;
      expect(new Date(escalation.date!.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 16)).toBe('2035-05-03T08:00');
      await handle.terminate('kết thúc kiểm thử');
    });
  });

  it('loses no reminder and sends none twice when the worker is stopped and restarted three times mid-year', async () => {
    const spec = rowSpec('3.4', 'Ngày 05 hàng tháng', 'Danh sách công khai');
    const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
    // The row starts after the first test's clock (early May 2035); each worker runs a stretch and is shut down
    // between two steps: June's first reminder is Friday 25/05, its last Tuesday 05/06; July's Tuesday 26/06 and
    // Thursday 05/07. Workers here keep no workflow cache: the time-skipping server neither times out a stopped
    // worker's sticky queue nor implements ResetStickyTaskQueue, so a cached row would wait on the dead worker for
    // good (a real server moves it back to the shared queue). Every task is then a full replay of the row's history.
    for (const until of ['2035-06-01T12:00', '2035-06-12T12:00', '2035-06-26T12:00', '2035-07-10T12:00']) {
      const worker = await h.worker({ maxCachedWorkflows: 0 });
      await worker.runUntil(() => h.advanceTo(until));
    }
    const keys = keysOf(`${spec.planKey}/3.4/`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const month of ['06', '07']) {
      expect(keys).toEqual(expect.arrayContaining([`${spec.planKey}/3.4/2035-${month}/nhac-7`, `${spec.planKey}/3.4/2035-${month}/nhac-0`]));
    }
    await handle.terminate('kết thúc kiểm thử');
  }, 180_000);
});
