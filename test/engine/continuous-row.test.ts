import { rowWorkflow } from '../../workflows/row';
import { stateQuery, triggerUpdate } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('continuous-row');
});
afterAll(() => h?.teardown());

const vnDateTime = (d: Date) => new Date(d.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
const key = (m: { headers: Map<string, unknown> }) => String(m.headers.get('x-dondoc-key'));

describe('a continuous row ("Thường xuyên")', () => {
  it('asks for an update before each monthly cut-off (the 20th), and tracks a triggered case on its own', async () => {
    const spec = rowSpec('4.3', 'Thường xuyên', 'Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị');
    expect(spec.schedule).toMatchObject({ kind: 'continuous', checkIn: { freq: 'monthly', day: 20 } });
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      const before = await handle.query(stateQuery);
      expect(before.state.occurrences).toEqual([]);
      expect(before.planned[0]).toMatchObject({ kind: 'check-in', key: `${spec.planKey}/4.3/ky-2035-03/cap-nhat`, why: 'hỏi tình hình nhiệm vụ thường xuyên trước ngày chốt số liệu 20/03' });

      await h.advanceTo('2035-05-05T09:00');
      // A letter asks for a specific case: it gets its own occurrence, deadline and reminders.
      const caseId = await handle.executeUpdate(triggerUpdate, { args: [{ document: 'Công văn 301/VPUBND-KSTT ngày 05/5/2035', date: '2035-05-05', deadline: '2035-05-15' }] });
      await h.advanceTo('2035-06-25T09:00');

      const mine = h.smtp.mails.filter((m) => key(m).startsWith(`${spec.planKey}/4.3/`));
      const checkIns = mine.filter((m) => key(m).endsWith('/cap-nhat'));
      expect(checkIns.map((m) => key(m).split('/')[2])).toEqual(['ky-2035-03', 'ky-2035-04', 'ky-2035-05', 'ky-2035-06']);
      // Two working days before each 20th (20/05/2035 is a Sunday: the cut-off is Monday 21/05).
      expect(checkIns.map((m) => vnDateTime(m.date!))).toEqual(['2035-03-16 08:00', '2035-04-18 08:00', '2035-05-17 08:00', '2035-06-18 08:00']);
      const april = checkIns[1];
      expect(april.subject).toBe(`[Cập nhật tình hình] 4.3 — kỳ từ 21/03/2035 đến 20/04/2035: ${spec.content}`);
      expect((april.to as { text: string }).text).toBe(CONTACTS.head.email);
      expect(april.text).toContain('Nhiệm vụ thường xuyên: Rà soát, cập nhật thông tin thủ tục hành chính');
      expect(april.text).toContain('chậm nhất ngày 20/04/2035 để tổng hợp vào báo cáo');

      const caseMails = mine.filter((m) => key(m).includes(`/${caseId}/`));
      expect(caseMails.length).toBeGreaterThan(0);
      expect(caseMails[0].subject).toContain('[Nhắc việc] 4.3 — hạn 15/05/2035');

      const view = await handle.query(stateQuery, { planned: 10 });
      expect(view.statuses[caseId]).toBe('dang-thuc-hien-qua-han');
      expect(view.planned.find((p) => p.kind === 'check-in')).toMatchObject({ occurrenceId: 'ky-2035-07' });
      const recorded = await h.db.selectFrom('messages').select(['kind', 'occurrence_id']).where('row_key', '=', view.state.rowKey).where('kind', '=', 'check-in').execute();
      expect(recorded.map((r) => r.occurrence_id).sort()).toEqual(['ky-2035-03', 'ky-2035-04', 'ky-2035-05', 'ky-2035-06']);
      await handle.terminate('kết thúc kiểm thử');
    });
  }, 60_000);
});
