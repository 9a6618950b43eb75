import { rowWorkflow } from '../../workflows/row';
import { stateQuery, submitEvidenceUpdate, reviewEvidenceUpdate } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('monthly-row');
});
afterAll(() => h?.teardown());

describe('a monthly row over a year', () => {
  it('tracks each month on its own: a missed March stays overdue while April is completed', async () => {
    const spec = rowSpec('10.3', 'Hàng tháng', 'Báo cáo', 'gửi báo cáo về UBND tỉnh trước ngày 22 hàng tháng');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      const view0 = await handle.query(stateQuery);
      expect(view0.state.occurrences.map((o) => o.id)).toEqual(['2035-03', '2035-04', '2035-05', '2035-06', '2035-07', '2035-08', '2035-09', '2035-10', '2035-11', '2035-12']);
      expect(view0.state.occurrences[1]).toMatchObject({ opensOn: '2035-03-22', nominal: '2035-04-21' });

      await h.advanceTo('2035-04-15T10:00');
      await handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: '2035-04', documentNumber: '88/BC-SKHCN', documentDate: '2035-04-15', title: 'Báo cáo tháng 4', submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' } }] });
      await handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId: '2035-04', decision: 'accept', reviewer: 'Văn phòng Sở' }] });
      await h.advanceTo('2035-05-02T10:00');
      const view = await handle.query(stateQuery);
      expect(view.statuses['2035-03']).toBe('dang-thuc-hien-qua-han');
      expect(view.statuses['2035-04']).toBe('hoan-thanh-dung-han');
      expect(view.statuses['2035-05']).toBe('dang-thuc-hien-trong-han');
      expect(view.statuses['2035-06']).toBe('chua-den-han');
      const marchKeys = h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key'))).filter((k) => k.includes('/2035-03/'));
      expect(marchKeys).toEqual(expect.arrayContaining([expect.stringContaining('qua-han-1'), expect.stringContaining('lanh-dao')]));

      await h.advanceTo('2035-08-01T09:00');
      const later = await handle.query(stateQuery);
      expect(Object.entries(later.statuses).filter(([, s]) => s === 'dang-thuc-hien-qua-han').map(([id]) => id)).toEqual(['2035-03', '2035-05', '2035-06', '2035-07']);
      expect(later.statuses['2035-08']).toBe('dang-thuc-hien-trong-han');

      // The read model has caught up with every change: messages, log and occurrences as the workflow holds them.
      const rowKey = later.state.rowKey;
      const messages = await h.db.selectFrom('messages').select('message_key').where('row_key', '=', rowKey).execute();
      expect(messages.map((m) => m.message_key).sort()).toEqual(later.state.messages.map((m) => m.key).sort());
      const events = await h.db.selectFrom('events').select('text').where('row_key', '=', rowKey).orderBy('seq').execute();
      expect(events.map((e) => e.text)).toEqual(later.state.log.map((l) => l.text));
      const april = await h.db.selectFrom('occurrences').selectAll().where('row_key', '=', rowKey).where('occurrence_id', '=', '2035-04').executeTakeFirstOrThrow();
      expect(april).toMatchObject({ outcome: 'on-time', nominal: '2035-04-21', pending_evidence: 0 });
      const evidence = await h.db.selectFrom('evidence').selectAll().where('row_key', '=', rowKey).execute();
      expect(evidence).toEqual([expect.objectContaining({ occurrence_id: '2035-04', document_number: '88/BC-SKHCN', review_decision: 'accept', reviewer: 'Văn phòng Sở' })]);
      await handle.terminate('kết thúc kiểm thử');
    });
  }, 120_000);
});
