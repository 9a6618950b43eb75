import { run as digestCommand } from '../../client/commands/digest';
import { ensureDigestSender } from '../../client/plan-import';
import { bufferIo } from '../support/io';
import { rowWorkflow } from '../../workflows/row';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

/** The reliability tests of reminders by mail (reliability.test.ts), with the rows delivering through daily digests. */
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('digest-reliability');
});
afterAll(() => h?.teardown());

const OFFICE = 'dondoc-tong-hop/vanphong@skhcn-angiang.example/';
const mailKeys = () => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
const localTime = (d: Date) => new Date(d.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 16);

/** Every item claimed for a row in one person's digests, with the digest's day and whether it went out. */
async function itemsOf(rowKey: string, email = 'vanphong@skhcn-angiang.example') {
  return h.db
    .selectFrom('digest_items')
    .innerJoin('digests', 'digests.digest_key', 'digest_items.digest_key')
    .select(['item_key', 'digests.day', 'digests.state'])
    .where('row_key', '=', rowKey)
    .where('email', '=', email)
    .orderBy('due_at')
    .execute();
}

describe('reliability with daily digests', () => {
  it('holds the digest while the mail server refuses mail for two days, sends it once when it is back, and does not delay the escalation', async () => {
    // As in reliability.test.ts: effective deadline Wednesday 02/05/2035, first reminder Thursday 19/04, first
    // escalation Thursday 03/05.
    const spec = rowSpec('1.1', 'Tháng 04/2035', 'Kế hoạch');
    const rowKey = `${spec.planKey}/${spec.where}`;
    // The digest sender outlives this test: a cached copy would stay on this worker's sticky queue, which the
    // time-skipping server never releases (see reliability.test.ts), so no worker here keeps a cache.
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      // Started the day before, not years ahead: skipping years of daily runs overshoots the time-skipping clock.
      await h.advanceTo('2035-04-18T09:00');
      await ensureDigestSender(h.client, h.taskQueue, 8);
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS, digest: true }] });
      await h.advanceTo('2035-04-19T07:00');
      h.smtp.refuse = true;
      await h.advanceTo('2035-04-23T07:00');
      expect(mailKeys()).toEqual([]);
      // The 19/04 digest is claimed and waits in the database while its send is retried.
      expect(await itemsOf(rowKey)).toEqual([{ item_key: `${rowKey}/chinh/nhac-7`, day: '2035-04-19', state: 'cho-gui' }]);
      h.smtp.refuse = false;
      await h.advanceTo('2035-05-03T09:00');
      const items = await itemsOf(rowKey);
      expect(items.map((i) => i.item_key.split('/').pop())).toEqual(['nhac-7', 'nhac-3', 'nhac-1', 'nhac-0', 'qua-han-1']);
      expect(items.every((i) => i.state === 'da-gui')).toBe(true);
      const keys = mailKeys();
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(expect.arrayContaining(items.map((i) => `${OFFICE}${i.day}`)));
      const escalation = h.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')) === `${OFFICE}2035-05-03`)!;
      expect(localTime(escalation.date!)).toBe('2035-05-03T08:00');
      expect(escalation.subject).toBe('[Tổng hợp nhắc việc] Ngày 03/05/2035: 1 quá hạn');
      // The coordinating unit's copy of the first reminder waited in its own digest and went out once too.
      expect(await itemsOf(rowKey, 'ptcn-cds@skhcn-angiang.example')).toEqual([{ item_key: `${rowKey}/chinh/nhac-7#phoi-hop:ptcn-cds@skhcn-angiang.example`, day: '2035-04-19', state: 'da-gui' }]);
      expect(keys.filter((k) => k.startsWith('dondoc-tong-hop/ptcn-cds@'))).toEqual(['dondoc-tong-hop/ptcn-cds@skhcn-angiang.example/2035-04-19']);
      await handle.terminate('kết thúc kiểm thử');
    });
  }, 240_000);

  it('loses no item and sends no digest twice when the worker is stopped and restarted three times mid-year', async () => {
    const spec = rowSpec('3.4', 'Ngày 05 hàng tháng', 'Danh sách công khai');
    const rowKey = `${spec.planKey}/${spec.where}`;
    const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS, digest: true }] });
    // Stretches as in reliability.test.ts, each ended between two steps; workers without a cache (see there why).
    for (const until of ['2035-06-01T12:00', '2035-06-12T12:00', '2035-06-26T12:00', '2035-07-10T12:00']) {
      const worker = await h.worker({ maxCachedWorkflows: 0 });
      await worker.runUntil(() => h.advanceTo(until));
    }
    const items = await itemsOf(rowKey);
    const keys = items.map((i) => i.item_key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const month of ['06', '07']) {
      expect(keys).toEqual(expect.arrayContaining([`${rowKey}/2035-${month}/nhac-7`, `${rowKey}/2035-${month}/nhac-0`]));
    }
    expect(items.every((i) => i.state === 'da-gui')).toBe(true);
    const mails = mailKeys();
    expect(new Set(mails).size).toBe(mails.length);
    await handle.terminate('kết thúc kiểm thử');
  }, 180_000);

  it('keeps a digest whose address the mail server rejects, with the reason for the office, and sends the next one', async () => {
    // Monthly on the 20th: July's reminders are Wednesday 11/07 (7 working days before Friday 20/07) and Tuesday 17/07.
    const spec = rowSpec('2.2', 'Ngày 20 hàng tháng', 'Báo cáo tình hình');
    const rowKey = `${spec.planKey}/${spec.where}`;
    const contacts = { ...CONTACTS, head: { name: 'Trưởng phòng mới', email: 'phong-moi@skhcn-angiang.example' } };
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts, digest: true }] });
      h.smtp.refuse = true;
      h.smtp.refuseCode = 550;
      await h.advanceTo('2035-07-11T12:00');
      h.smtp.refuse = false;
      await h.advanceTo('2035-07-17T12:00');
      const digests = await h.db.selectFrom('digests').select(['day', 'state', 'error']).where('email', '=', 'phong-moi@skhcn-angiang.example').orderBy('day').execute();
      expect(digests.map((d) => [d.day, d.state])).toEqual([['2035-07-11', 'bi-tu-choi'], ['2035-07-17', 'da-gui']]);
      expect(digests[0].error).toContain('Máy chủ thư từ chối người nhận (550)');
      const mails = h.smtp.mails.filter((m) => String(m.headers.get('x-dondoc-key')).startsWith('dondoc-tong-hop/phong-moi@'));
      expect(mails.map((m) => String(m.headers.get('x-dondoc-key')))).toEqual(['dondoc-tong-hop/phong-moi@skhcn-angiang.example/2035-07-17']);

      const io = { ...bufferIo(), env: { DONDOC_DB_PATH: h.dbPath } };
      expect(await digestCommand(['status', '--ngay', '11/07/2035'], io)).toBe(0);
      expect(io.stdout()).toContain('Trưởng phòng mới <phong-moi@skhcn-angiang.example>  Tổng hợp nhắc việc  5 việc  bị từ chối: Máy chủ thư từ chối người nhận (550)');
      await handle.terminate('kết thúc kiểm thử');
    });
  }, 180_000);
});
