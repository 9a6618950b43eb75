import { saveUnitsDirectory } from '../../activities/store/accounts';
import { UnitsDirectory } from '../../domain/plan/units';
import { stateQuery } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { buildWebApp } from '../../client/web/server';
import { ACCOUNTS, addAccounts, signedInVisitor, tempDir, testSecrets } from '../web/support';
import { aprilRowsLedBy, atLocal, digestStatusText, EngineHarness, HEAD, startDeliveryHarness } from './support';

/**
 * Rows that mail each step themselves (plans with "digest": false) under the digest's rules, against a mail server
 * that behaves as real ones do: a full mailbox is retried for 3 working days and then listed to the office; an unknown address
 * is listed and its mail goes to the address the office saves in the directory, without re-import; the sending side's
 * refusal marks nobody and is shown until a send goes through.
 */
let h: EngineHarness;
let units: UnitsDirectory;
beforeAll(async () => {
  ({ h, units } = await startDeliveryHarness('step-mail-policy'));
});
afterAll(() => h?.teardown());

const VP = HEAD.vp;
const PTCN = HEAD.ptcn;
const TT = HEAD.tt;
const TT_NEW = HEAD.ttNew;
const at = atLocal;
const sent = () => h.smtp.mails.map((m) => ({ key: String(m.headers.get('x-dondoc-key')), to: (m.to as { text: string }).text }));
const failures = () => h.db.selectFrom('step_mail_failures').select(['message_key', 'state', 'recipients']).orderBy('message_key').execute();

describe('a row that mails each step, when the mail server refuses', () => {
  it('lists a mailbox full for 3 working days and an unknown address, sends both once the directory is saved, follows a new head without re-import, and holds through a relay refusal', async () => {
    const rows = aprilRowsLedBy(units, ['vp', 'ptcn', 'tt'], '8');
    const [vp, ptcn, tt] = rows;
    await saveUnitsDirectory(h.db, units, 'kiểm thử', at('2035-04-18T08:00'));
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      await h.advanceTo('2035-04-18T09:00');
      for (const r of rows) await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: r.key, args: [{ spec: r.spec, contacts: r.contacts, digest: false }] });
      h.smtp.recipientReplies.set(PTCN, '452 4.2.2 Mailbox full');
      h.smtp.recipientReplies.set(TT, '550 5.1.1 <thanhtra@skhcn-angiang.example>: Recipient address rejected: User unknown');

      await h.advanceTo('2035-04-19T09:00');
      // The full mailbox and the unknown address cost nobody else their reminder.
      expect(sent()).toEqual([{ key: `${vp.key}/chinh/nhac-7`, to: VP }]);
      expect(await failures()).toEqual([{ message_key: `${tt.key}/chinh/nhac-7`, state: 'bi-tu-choi', recipients: JSON.stringify([TT]) }]);
      expect(await digestStatusText(h, '19/04/2035')).toMatch(/Thư nhắc từng bước chưa đến được người nhận: 1 thư\n {2}thanhtra@skhcn-angiang\.example {2}".*" {2}bị từ chối: Máy chủ thư từ chối người nhận \(550\)/);

      // Two working days of "mailbox full" (Friday, Monday): still tried, not listed yet.
      await h.advanceTo('2035-04-23T09:00');
      expect(await failures()).toEqual([{ message_key: `${tt.key}/chinh/nhac-7`, state: 'bi-tu-choi', recipients: JSON.stringify([TT]) }]);
      // The third working day ends at the reminder hour on Tuesday 24/04: the reminder is listed as undelivered.
      await h.advanceTo('2035-04-24T09:00');
      expect(await failures()).toEqual([
        { message_key: `${ptcn.key}/chinh/nhac-7`, state: 'khong-gui-duoc', recipients: JSON.stringify([PTCN]) },
        { message_key: `${tt.key}/chinh/nhac-7`, state: 'bi-tu-choi', recipients: JSON.stringify([TT]) },
      ]);
      expect(await digestStatusText(h, '24/04/2035')).toContain('không gửi được: Chưa gửi được thư (452): 452 4.2.2 Mailbox full — đã thử lại suốt 3 ngày làm việc');
      const ptcnLog = (await h.client.workflow.getHandle(ptcn.key).query(stateQuery)).state.log.map((l) => l.text);
      expect(ptcnLog.some((t) => t.includes('đã thử lại suốt 3 ngày làm việc') && t.includes('Danh bạ đơn vị'))).toBe(true);
      // The office reads both on its digest page, each with its row and the server's words.
      await addAccounts(h.db);
      const app = await buildWebApp({ db: h.db, temporal: h.client, taskQueue: h.taskQueue, secrets: testSecrets(), evidenceDir: tempDir('dondoc-step-mail-'), units, now: () => h.temporal.env.currentTimeMs() });
      try {
        const office = await signedInVisitor(app, ACCOUNTS.find((a) => a.role === 'van-phong')!.email);
        const page = (await office.get('/thu-tong-hop?ngay=24/04/2035')).body;
        expect(page).toContain('<h2>Thư nhắc từng bước chưa đến được người nhận</h2>');
        expect(page).toMatch(new RegExp(`data-step-mail="${ptcn.key}/chinh/nhac-7">[^]*?Không gửi được<br><small>Chưa gửi được thư \\(452\\)`));
        expect(page).toMatch(new RegExp(`data-step-mail="${tt.key}/chinh/nhac-7">[^]*?Bị từ chối<br><small>Máy chủ thư từ chối người nhận \\(550\\)`));
      } finally {
        await app.close();
      }

      // The mailbox accepts again; at 10:00 the office saves the inspectorate's new head address, without re-importing;
      // at noon the relay starts refusing everyone.
      h.smtp.recipientReplies.delete(PTCN);
      const fixed: UnitsDirectory = { ...units, units: units.units.map((u) => (u.id === 'tt' ? { ...u, head: { ...u.head, email: TT_NEW } } : u)) };
      await saveUnitsDirectory(h.db, fixed, 'Văn phòng Sở', at('2035-04-24T10:00'));
      await h.advanceTo('2035-04-24T12:00');
      h.smtp.senderReply = '554 5.7.1 <vanphong@skhcn-angiang.example>: Relay access denied';
      // Wednesday 25/04: the listed reminders are owed again and the second reminders fall due, but the relay refuses:
      // nothing more is put on the recipients, and the office reads the server's words.
      await h.advanceTo('2035-04-25T10:00');
      expect(sent()).toHaveLength(1);
      expect((await failures()).map((f) => f.state)).toEqual(['khong-gui-duoc', 'bi-tu-choi']);
      expect(await digestStatusText(h, '25/04/2035')).toContain('Máy chủ thư từ chối: 554 5.7.1 <vanphong@skhcn-angiang.example>: Relay access denied.');
      // The relay accepts again: everything owed goes out once, the inspectorate's to the address saved.
      h.smtp.senderReply = undefined;
      await h.advanceTo('2035-04-25T14:00');
      expect(sent().slice(1)).toEqual(
        expect.arrayContaining([
          { key: `${ptcn.key}/chinh/nhac-7`, to: PTCN },
          { key: `${tt.key}/chinh/nhac-7`, to: TT_NEW },
          { key: `${vp.key}/chinh/nhac-3`, to: VP },
          { key: `${ptcn.key}/chinh/nhac-3`, to: PTCN },
          { key: `${tt.key}/chinh/nhac-3`, to: TT_NEW },
        ]),
      );
      expect(await failures()).toEqual([]);
      expect(await digestStatusText(h, '25/04/2035')).not.toContain('Máy chủ thư từ chối');
      const ttState = await h.client.workflow.getHandle(tt.key).query(stateQuery);
      expect(ttState.state.messages.filter((m) => m.state === 'sent').map((m) => m.to)).toEqual([[TT_NEW], [TT_NEW]]);

      const keys = sent().map((m) => m.key);
      expect(keys).toHaveLength(6);
      expect(new Set(keys).size).toBe(keys.length);
      for (const r of rows) expect((await h.client.workflow.getHandle(r.key).describe()).status.name).toBe('RUNNING');
      for (const r of rows) await h.client.workflow.getHandle(r.key).terminate('kết thúc kiểm thử');
    });
  }, 240_000);
});

