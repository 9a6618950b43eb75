import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { rowWorkflow } from '../../workflows/row';
import { reassignUpdate, stateQuery } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('reassign');
});
afterAll(() => h?.teardown());

describe('reassignment', () => {
  it('sends the next reminders to the new lead unit after a reassignment, and logs the deciding document', async () => {
    const spec = rowSpec('12.9', 'Quý III năm 2035', 'Công văn rà soát');
    const newHead = { name: 'Võ Thanh Tùng', email: 'ptcn-cds@skhcn-angiang.example' };
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-09-01T09:00');
      await handle.executeUpdate(reassignUpdate, { args: [{ lead: { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }, contacts: { ...CONTACTS, head: newHead, coordinating: [] }, document: 'Quyết định 45/QĐ-SKHCN' }] });
      const effective = spec.schedule.dates[0].effective;
      await h.advanceTo(`${legalCalendar().addWorkingDays(effective, -7)}T09:00`);
      const reminder = h.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).endsWith(`${spec.where}/chinh/nhac-7`))!;
      expect((reminder.to as { text: string }).text).toBe(newHead.email);
      expect(reminder.text).toContain('Kính gửi Phòng Phát triển Công nghệ và Chuyển đổi số,');
      const view = await handle.query(stateQuery);
      expect(view.state.spec.lead.id).toBe('ptcn');
      expect(view.state.log.map((l) => l.text)).toContain('Giao lại từ Văn phòng Sở cho Phòng Phát triển Công nghệ và Chuyển đổi số theo Quyết định 45/QĐ-SKHCN.');
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
