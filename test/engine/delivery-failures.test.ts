import { saveUnitsDirectory } from '../../activities/store/accounts';
import { ensureDigestSender } from '../../client/plan-import';
import { UnitsDirectory } from '../../domain/plan/units';
import { digestWorkflowId } from '../../workflows/digest';
import { rowWorkflow } from '../../workflows/row';
import { aprilRowsLedBy, atLocal, digestStatusText, EngineHarness, HEAD, startDeliveryHarness } from './support';

/**
 * The daily digest sender against a mail server that behaves as real ones do: one full mailbox, one unknown address,
 * and a relay that refuses everyone for a day. Each failure stays with its own recipient or, for the sending side,
 * with nobody: what is owed goes out once, when it can.
 */
let h: EngineHarness;
let units: UnitsDirectory;
beforeAll(async () => {
  ({ h, units } = await startDeliveryHarness('delivery-failures'));
});
afterAll(() => h?.teardown());

const VP = HEAD.vp;
const PTCN = HEAD.ptcn;
const TT = HEAD.tt;
const TT_NEW = HEAD.ttNew;
const keysTo = (email: string) => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key'))).filter((k) => k.startsWith(`dondoc-tong-hop/${email}/`));
const allKeys = () => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
const digestsOf = (email: string) => h.db.selectFrom('digests').select(['day', 'state', 'error']).where('email', '=', email).where('list', '=', 'tong-hop').orderBy('day').execute();
const at = atLocal;

describe('delivery when the mail server refuses', () => {
  it('delays only the full mailbox, keeps the unknown address owed until the office saves a new one, and holds everything through a relay refusal', async () => {
    const rows = aprilRowsLedBy(units, ['vp', 'ptcn', 'tt'], '7');
    await saveUnitsDirectory(h.db, units, 'kiểm thử', at('2035-04-18T08:00'));
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      await h.advanceTo('2035-04-18T09:00');
      await ensureDigestSender(h.client, h.taskQueue, 8);
      for (const r of rows) await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: r.key, args: [{ spec: r.spec, contacts: r.contacts, digest: true }] });
      h.smtp.recipientReplies.set(PTCN, '452 4.2.2 Mailbox full');
      h.smtp.recipientReplies.set(TT, '550 5.1.1 <thanhtra@skhcn-angiang.example>: Recipient address rejected: User unknown');

      await h.advanceTo('2035-04-19T09:00');
      // The full mailbox and the unknown address cost nobody else their digest of the day.
      expect(keysTo(VP)).toEqual([`dondoc-tong-hop/${VP}/2035-04-19`]);
      expect(await digestsOf(PTCN)).toEqual([{ day: '2035-04-19', state: 'cho-gui', error: expect.stringContaining('Mailbox full') }]);
      expect(await digestsOf(TT)).toEqual([{ day: '2035-04-19', state: 'bi-tu-choi', error: expect.stringContaining('5.1.1') }]);
      expect(await digestStatusText(h, '19/04/2035')).toContain(`<${PTCN}>  Tổng hợp nhắc việc  1 việc  chờ gửi: Chưa gửi được thư (452)`);

      // The mailbox accepts again on Friday afternoon: Monday's run delivers the 19/04 digest, once.
      await h.advanceTo('2035-04-20T12:00');
      h.smtp.recipientReplies.delete(PTCN);
      await h.advanceTo('2035-04-23T09:00');
      expect(keysTo(PTCN)).toEqual([`dondoc-tong-hop/${PTCN}/2035-04-19`]);
      expect(await digestsOf(PTCN)).toEqual([{ day: '2035-04-19', state: 'da-gui', error: null }]);
      // The unknown address is listed to the office on any day's status until it is fixed.
      expect(await digestStatusText(h, '23/04/2035')).toContain(`Đặng Văn Lợi <${TT}>  Tổng hợp nhắc việc  1 việc  bị từ chối: Máy chủ thư từ chối người nhận (550)`);

      // The office saves the inspectorate's new head address: the next run sends what the old address refused.
      const fixed: UnitsDirectory = { ...units, units: units.units.map((u) => (u.id === 'tt' ? { ...u, head: { ...u.head, email: TT_NEW } } : u)) };
      await saveUnitsDirectory(h.db, fixed, 'Văn phòng Sở', at('2035-04-23T10:00'));
      await h.advanceTo('2035-04-24T09:00');
      expect(keysTo(TT_NEW)).toEqual([`dondoc-tong-hop/${TT_NEW}/2035-04-24`]);
      const toNew = h.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')) === `dondoc-tong-hop/${TT_NEW}/2035-04-24`)!;
      expect(toNew.text).toContain('Mục 7.3: Rà soát');
      expect(toNew.text?.match(/Mục 7.3/g)).toHaveLength(1);
      expect((await digestsOf(TT)).map((d) => d.state)).toEqual(['da-chuyen']);
      expect(await h.db.selectFrom('messages').select('recipients').where('message_key', '=', `${rows[2].key}/chinh/nhac-7`).executeTakeFirst()).toEqual({ recipients: JSON.stringify([TT_NEW]) });

      // A relay that refuses everyone for a day: nothing is marked rejected, the office is told, and all goes out after.
      await h.advanceTo('2035-04-24T12:00');
      h.smtp.senderReply = '554 5.7.1 <vanphong@skhcn-angiang.example>: Relay access denied';
      await h.advanceTo('2035-04-25T09:00');
      // (the new address had its second reminder early, in the digest of 24/04 that went anyway)
      for (const email of [VP, PTCN]) expect((await digestsOf(email)).pop()).toMatchObject({ day: '2035-04-25', state: 'cho-gui' });
      expect(await h.db.selectFrom('digests').select('digest_key').where('state', '=', 'bi-tu-choi').execute()).toEqual([]);
      expect(await digestStatusText(h, '25/04/2035')).toContain('Máy chủ thư từ chối: 554 5.7.1 <vanphong@skhcn-angiang.example>: Relay access denied.');
      await h.advanceTo('2035-04-25T12:00');
      h.smtp.senderReply = undefined;
      await h.advanceTo('2035-04-26T09:00');
      for (const email of [VP, PTCN]) expect(keysTo(email)).toContain(`dondoc-tong-hop/${email}/2035-04-25`);
      expect(await digestStatusText(h, '26/04/2035')).not.toContain('Máy chủ thư từ chối');

      const keys = allKeys();
      expect(new Set(keys).size).toBe(keys.length);
      expect((await h.client.workflow.getHandle(digestWorkflowId(h.taskQueue)).describe()).status.name).toBe('RUNNING');
      for (const r of rows) expect((await h.client.workflow.getHandle(r.key).describe()).status.name).toBe('RUNNING');
      for (const r of rows) await h.client.workflow.getHandle(r.key).terminate('kết thúc kiểm thử');
    });
  }, 240_000);
});
