import { ensureDigestSender } from '../../client/plan-import';
import { stateQuery, updateSpecUpdate } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

/**
 * A row started before digests existed mails each step; the plan's policy moves it to digests by re-import, and
 * back. Effective deadline Wednesday 02/05/2035 (see reliability.test.ts): reminders 19/04, 25/04, 27/04, 02/05,
 * the head's escalation 03/05, the leader's 08/05, weekly from 15/05.
 */
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('digest-switch');
});
afterAll(() => h?.teardown());

const keys = () => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));

describe('switching a running row between one mail per step and digests', () => {
  it('hands the steps not yet mailed to the digest, and takes them back, never sending one twice or losing one', async () => {
    const spec = rowSpec('1.1', 'Tháng 04/2035', 'Kế hoạch');
    const rowKey = `${spec.planKey}/1.1`;
    // No cache: the digest sender outlives the worker's stretches (see reliability.test.ts).
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      await h.advanceTo('2035-04-18T09:00');
      await ensureDigestSender(h.client, h.taskQueue, 8);
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-04-20T09:00');
      expect(keys()).toEqual([`${rowKey}/chinh/nhac-7`]);

      await handle.executeUpdate(updateSpecUpdate, { args: [{ spec, contacts: CONTACTS, policy: { digest: true } }] });
      await h.advanceTo('2035-05-03T09:00');
      const digestItems = await h.db.selectFrom('digest_items').select(['item_key']).where('row_key', '=', rowKey).orderBy('due_at').execute();
      // The first reminder and its copy went out before the switch: the digest owes the rest, from 25/04 on.
      expect(digestItems.map((i) => i.item_key.slice(rowKey.length + 1))).toEqual(['chinh/nhac-3', 'chinh/nhac-1', 'chinh/nhac-0', 'chinh/qua-han-1']);
      expect(keys().filter((k) => k.startsWith(rowKey))).toEqual([`${rowKey}/chinh/nhac-7`]);
      expect(keys()).toEqual(expect.arrayContaining(['dondoc-tong-hop/vanphong@skhcn-angiang.example/2035-04-25', 'dondoc-tong-hop/vanphong@skhcn-angiang.example/2035-05-03']));

      await handle.executeUpdate(updateSpecUpdate, { args: [{ spec, contacts: CONTACTS, policy: { digest: false } }] });
      await h.advanceTo('2035-05-16T09:00');
      // Back to one mail per step for what falls due from now: the leader's escalation and the first weekly repeat.
      expect(keys().filter((k) => k.startsWith(rowKey))).toEqual([`${rowKey}/chinh/nhac-7`, `${rowKey}/chinh/lanh-dao`, `${rowKey}/chinh/hang-tuan-1`]);
      expect((await h.db.selectFrom('digest_items').select('item_key').where('row_key', '=', rowKey).execute()).length).toBe(4);
      const log = (await handle.query(stateQuery)).state.log.map((l) => l.text);
      expect(log).toEqual(expect.arrayContaining(['Từ nay nhắc việc của nhiệm vụ này được gửi trong thư tổng hợp hằng ngày.', 'Từ nay mỗi lần nhắc việc của nhiệm vụ này được gửi thành một thư riêng.']));
      expect(new Set(keys()).size).toBe(keys().length);
      await handle.terminate('kết thúc kiểm thử');
    });
  }, 180_000);
});
