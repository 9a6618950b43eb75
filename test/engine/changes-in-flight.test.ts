import type { RowChange } from '../../domain/tracking/row-change';
import { rowWorkflow } from '../../workflows/row';
import { newRowState } from '../../workflows/row-entity';
import { submitEvidenceUpdate, triggerUpdate, updateSpecUpdate } from '../../workflows/definitions';
import { until } from '../support/until';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('changes-in-flight');
});
afterAll(() => h?.teardown());

const keys = () => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));

describe('changes that arrive while the row is busy with an activity', () => {
  it('records evidence submitted while the read model is being written, without anyone acting on the row again', async () => {
    const spec = rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát');
    const rowKey = `${spec.planKey}/${spec.where}`;
    // The first recordRow of the row waits until the test has submitted evidence.
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const recordRow = async (change: RowChange) => {
      if (!held) {
        held = true;
        entered();
        await released;
      }
      return h.activities.recordRow(change);
    };
    const worker = await h.worker({ activities: { ...h.activities, recordRow } });
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS }] });
      await inFlight;
      await handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: 'chinh', documentNumber: '662/BC-SKHCN', documentDate: '2035-04-10', title: 'Báo cáo kết quả rà soát', submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' } }] });
      release();
      const evidence = await until('the evidence in the read model', async () => h.db.selectFrom('evidence').select(['document_number', 'occurrence_id']).where('row_key', '=', rowKey).executeTakeFirst(), 20_000);
      expect(evidence).toEqual({ document_number: '662/BC-SKHCN', occurrence_id: 'chinh' });
      const occurrence = await h.db.selectFrom('occurrences').select('pending_evidence').where('row_key', '=', rowKey).executeTakeFirstOrThrow();
      expect(Number(occurrence.pending_evidence)).toBe(1);
      await handle.terminate('kết thúc kiểm thử');
    });
  });

  it('keeps going when a re-import turns a continuous row into a one-off while a reminder waits on SMTP, and mails no check-in the row no longer has', async () => {
    // Monday 18/06/2035 08:00: the check-in before the 20th (a Wednesday) and the last reminder of the case due that day.
    const spec = rowSpec('4.3', 'Thường xuyên', 'Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị');
    const rowKey = `${spec.planKey}/${spec.where}`;
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-06-01T09:00');
      expect(await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Công văn 301/VPUBND-KSTT ngày 01/6/2035', date: '2035-06-01', deadline: '2035-06-18' }] })).toBe('lan-1');
      await h.advanceTo('2035-06-18T07:00');
      h.smtp.refuse = true;
      await h.advanceTo('2035-06-18T08:30');
      const oneOff = rowSpec('4.3', 'Trước ngày 30/6/2035', 'Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị');
      await handle.executeUpdate(updateSpecUpdate, { args: [{ spec: oneOff, contacts: CONTACTS }] });
      h.smtp.refuse = false;
      // The one-off's deadline is Friday 29/06/2035: its reminder 7 working days before is Wednesday 20/06.
      await h.advanceTo('2035-06-20T09:00');
      const sent = keys().filter((k) => k.startsWith(`${rowKey}/`));
      expect(sent).toEqual(expect.arrayContaining([`${rowKey}/lan-1/nhac-0`, `${rowKey}/chinh/nhac-7`]));
      expect(sent).not.toContain(`${rowKey}/ky-2035-06/cap-nhat`);
      expect(new Set(sent).size).toBe(sent.length);
      await handle.terminate('kết thúc kiểm thử');
    });
  });

  it('sends, after continue-as-new, a step that fell due while the previous run was finishing', async () => {
    // A run continued at 09:00 on Thursday 21/06/2035 from a row started the day before: the reminder 7 working
    // days before Monday 02/07, due at 08:00 that Thursday, was not yet sent.
    const spec = rowSpec('5.9', 'Chậm nhất ngày 02/7/2035', 'Báo cáo kết quả');
    const rowKey = `${spec.planKey}/${spec.where}`;
    await h.advanceTo('2035-06-20T09:00');
    const rowStarted = await h.temporal.env.currentTimeMs();
    await h.advanceTo('2035-06-21T09:00');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS, state: newRowState(spec), sentKeys: [], trackingFrom: rowStarted }] });
      await until('the owed reminder', () => keys().find((k) => k === `${rowKey}/chinh/nhac-7`), 20_000);
      const reminder = h.smtp.mails.find((m) => m.headers.get('x-dondoc-key') === `${rowKey}/chinh/nhac-7`)!;
      expect(reminder.subject).toContain('hạn 02/07/2035');
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
