import { saveUnitsDirectory } from '../../activities/store/accounts';
import { ensureDigestSender } from '../../client/plan-import';
import { isoDateAt } from '../../domain/dates';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';
import { rowWorkflow } from '../../workflows/row';
import { atLocal, EngineHarness, HEAD, rowSpec, startDeliveryHarness } from './support';

/**
 * The two delivery bugs the fault-model year found (issue 17), each through the sender on the time-skipping server:
 * a coordinating unit's copy held early in a digest that expired with a full mailbox, and the copies a unit had
 * received sent again to the address the office saved afterwards.
 */
let h: EngineHarness;
let units: UnitsDirectory;
beforeAll(async () => {
  ({ h, units } = await startDeliveryHarness('coordination-copies'));
});
afterAll(() => h?.teardown());

const PTCN = HEAD.ptcn;
const PTCN_NEW = HEAD.ptcnNew;
const at = atLocal;
const mailsTo = (email: string) => h.smtp.mails.filter((m) => String(m.headers.get('x-dondoc-key')).startsWith(`dondoc-tong-hop/${email}/`));
const itemsOf = (email: string) =>
  h.db.selectFrom('digest_items').innerJoin('digests', 'digests.digest_key', 'digest_items.digest_key').select(['item_key', 'due_at', 'digests.day', 'digests.state']).where('digests.email', '=', email).orderBy('due_at').execute();

describe("a coordinating unit's copies", () => {
  it('go out on their own day when a digest that took them early expires, and are never sent again to a new address', async () => {
    // Văn phòng leads both rows, the technology unit coordinates: its copy of 7.1's first reminder is due on 19/04,
    // 7.2's a few working days later, so the digest of 19/04 takes 7.2's early (bundling: up to 20 working days).
    const rows = [
      { where: '7.1', deadline: 'Tháng 04/2035' },
      { where: '7.2', deadline: 'Trước ngày 15/5/2035' },
    ].map(({ where, deadline }) => {
      const spec = { ...rowSpec(where, deadline, 'Kế hoạch'), coordinating: [{ id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }] };
      return { spec, key: `${spec.planKey}/${spec.where}`, contacts: rowContacts(units, 'vp', ['ptcn'])! };
    });
    await saveUnitsDirectory(h.db, units, 'kiểm thử', at('2035-04-18T08:00'));
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      await h.advanceTo('2035-04-18T09:00');
      await ensureDigestSender(h.client, h.taskQueue, 8);
      for (const r of rows) await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: r.key, args: [{ spec: r.spec, contacts: r.contacts, digest: true }] });
      h.smtp.recipientReplies.set(PTCN, '452 4.2.2 Mailbox full');

      await h.advanceTo('2035-04-19T09:00');
      const [dueCopy, earlyCopy] = await itemsOf(PTCN);
      expect(dueCopy).toMatchObject({ item_key: `${rows[0].key}/chinh/nhac-7#phoi-hop:ptcn`, day: '2035-04-19', state: 'cho-gui' });
      expect(earlyCopy).toMatchObject({ item_key: `${rows[1].key}/chinh/nhac-7#phoi-hop:ptcn`, day: '2035-04-19', state: 'cho-gui' });
      const earlyDay = isoDateAt(Number(earlyCopy.due_at));
      expect(earlyDay > '2035-04-26').toBe(true);

      // Refused for more than 3 working days: the digest is given up (listed to the office) and gives back what it
      // took early; the mailbox accepts again the next afternoon.
      await h.advanceTo('2035-04-25T09:00');
      expect(await itemsOf(PTCN)).toEqual([expect.objectContaining({ item_key: dueCopy.item_key, state: 'khong-gui-duoc' })]);
      await h.advanceTo('2035-04-25T15:00');
      h.smtp.recipientReplies.delete(PTCN);

      // 7.2's copy goes out by its own day, without waiting for the office to touch the directory.
      await h.advanceTo(`${earlyDay}T09:00`);
      const sent = mailsTo(PTCN);
      expect(sent).toHaveLength(1);
      expect(sent[0].text).toContain('Mục 7.2');
      expect(sent[0].text).not.toContain('Mục 7.1');

      // The unit's head changes: the copy it never received (7.1's) goes to the new address, the one it had does not.
      const changed: UnitsDirectory = { ...units, units: units.units.map((u) => (u.id === 'ptcn' ? { ...u, head: { ...u.head, email: PTCN_NEW } } : u)) };
      await h.advanceTo(`${earlyDay}T10:00`);
      await saveUnitsDirectory(h.db, changed, 'Văn phòng Sở', at(`${earlyDay}T10:00`));
      // Four days on: at least one working day's run.
      await h.advanceTo(`${isoDateAt(at(`${earlyDay}T12:00`) + 4 * 24 * 3600_000)}T09:00`);
      const toNew = mailsTo(PTCN_NEW);
      expect(toNew).toHaveLength(1);
      expect(toNew[0].text).toContain('Mục 7.1');
      expect(toNew[0].text).not.toContain('Mục 7.2');

      const keys = h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
      expect(new Set(keys).size).toBe(keys.length);
      for (const r of rows) await h.client.workflow.getHandle(r.key).terminate('kết thúc kiểm thử');
    });
  }, 240_000);
});
