import { rowWorkflow } from '../../workflows/row';
import { stateQuery } from '../../workflows/definitions';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('reminders-by-mail');
});
afterAll(() => h?.teardown());

const vnDateTime = (d: Date) => new Date(d.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');

describe('a once row reminds and escalates by mail', () => {
  it('sends the first reminder 7 working days before the effective deadline, copying coordinating units, then escalates to the leader', async () => {
    const spec = rowSpec('5.2', 'Trước 30/3/2035', 'Công văn rà soát');
    expect(spec.schedule.dates[0]).toMatchObject({ nominal: '2035-03-29', effective: '2035-03-29' });
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS, policy: {} }] });
      // Nobody submits: let the simulated clock run well past the leader's escalation.
      // Due Thursday 29/03/2035: first escalation Friday 30/03, the leader's three working days later, Wednesday 04/04.
      const target = new Date('2035-04-04T12:00:00+07:00').getTime();
      await h.temporal.env.sleep(target - (await h.temporal.env.currentTimeMs()));
      const view = await handle.query(stateQuery);
      expect(view.statuses.chinh).toBe('dang-thuc-hien-qua-han');

      const subjects = h.smtp.mails.map((m) => m.subject ?? '');
      expect(subjects.filter((s) => s.startsWith('[Nhắc việc]'))).toHaveLength(4);
      expect(subjects.filter((s) => s.startsWith('[Quá hạn]'))).toHaveLength(2);
      const first = h.smtp.mails[0];
      expect(vnDateTime(first.date!)).toBe('2035-03-20 08:00');
      expect((first.to as { text: string }).text).toContain(CONTACTS.head.email);
      expect((first.cc as { text: string }).text).toContain(CONTACTS.coordinating[0].email);
      expect(first.text).toContain('Kế hoạch số 16/KH-SKHCN ngày 05/03/2035, mục 5.2');
      expect(first.text).toContain('Thời hạn ghi trong kế hoạch: Trước 30/3/2035');
      expect(first.html).toContain('Kết quả cần nộp: Công văn rà soát');
      expect(first.text).toContain('Mã nhiệm vụ: 16-KH-SKHCN-2035/5.2, lần thực hiện chính. Gửi minh chứng cho Văn phòng Sở kèm mã này.');
      expect(h.smtp.mails[1].cc).toBeUndefined();
      const leaderMail = h.smtp.mails.find((m) => (m.to as { text: string }).text.includes(CONTACTS.leader.email))!;
      expect(leaderMail.text).toContain('Kính gửi Lãnh đạo Sở phụ trách Văn phòng Sở');
      // One mail per idempotency key.
      const keys = h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
      expect(new Set(keys).size).toBe(keys.length);
      expect(view.planned[0].why).toMatch(/nhắc hằng tuần/);
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
