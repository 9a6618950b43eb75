import { ensureDigestSender } from '../../client/plan-import';
import { rowWorkflow } from '../../workflows/row';
import { EngineHarness, HEAD, rowSpec, startDeliveryHarness } from './support';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';

/**
 * A plan imported just before midnight: the sender's first run waits for the rows to record themselves, and that wait
 * crosses midnight. The first digests go at the new day's hour, not at 00:01 when nobody should be mailed.
 */
let h: EngineHarness;
let units: UnitsDirectory;
beforeAll(async () => {
  ({ h, units } = await startDeliveryHarness('digest-first-run'));
});
afterAll(() => h?.teardown());

const digestKeys = () => h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key'))).filter((k) => k.startsWith('dondoc-tong-hop/'));

describe('a digest sender started at 23:59', () => {
  it('sends its first digests at the next working day\'s hour, not when its wait for the import ends after midnight', async () => {
    // Due in March, imported on 18/04: overdue at import, so the first run has something to say to the office.
    const spec = { ...rowSpec('9.1', 'Tháng 03/2035', 'Báo cáo'), coordinating: [] };
    const worker = await h.worker({ maxCachedWorkflows: 0 });
    await worker.runUntil(async () => {
      await h.advanceTo('2035-04-18T23:59');
      await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/9.1`, args: [{ spec, contacts: rowContacts(units, 'vp', [])!, digest: true }] });
      const first = await ensureDigestSender(h.client, h.taskQueue, 8, 2 * 60 * 1000);
      expect(first?.hour).toBe(8);

      await h.advanceTo('2035-04-19T07:55');
      expect(digestKeys()).toEqual([]);
      await h.advanceTo('2035-04-19T08:30');
      expect(digestKeys()).toEqual([`dondoc-tong-hop/${HEAD.vp}/2035-04-19`]);
      const mail = h.smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).startsWith('dondoc-tong-hop/'))!;
      expect(mail.text).toContain('khi nhập kế hoạch');
    });
  }, 120_000);
});
