import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { importPlan } from '../../client/plan-import';
import { stateQuery } from '../../workflows/definitions';
import { EngineHarness, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('plan-import');
});
afterAll(() => h?.teardown());

const samples = join(__dirname, '..', '..', 'samples');

describe('dondoc plan import', () => {
  it('starts one workflow per row of the sample plan keyed by plan and row, starts nothing new the second time, and lists rows needing attention', async () => {
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
    const units = await readUnitsFile(join(samples, 'units.json'));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const first = await importPlan(h.temporal.env.client, doc, units, h.taskQueue);
      expect(first.started).toHaveLength(112);
      expect(first.started).toContain('16-KH-SKHCN-2025/3.4');
      expect(first.needsAttention.map((n) => n.key)).toEqual(expect.arrayContaining(['16-KH-SKHCN-2025/8.5', '16-KH-SKHCN-2025/10.5']));
      const second = await importPlan(h.temporal.env.client, doc, units, h.taskQueue);
      expect(second.started).toEqual([]);
      expect(second.updated).toEqual([]);
      expect(second.cancelled).toEqual([]);
      expect(second.unchanged).toHaveLength(112);
    });
  }, 120_000);

  it('updates a changed row keeping its history, and cancels a row that disappeared, with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-reimport-'));
    const plan = { number: '21/KH-SKHCN', title: 'Kế hoạch thử', issuer: 'Sở KH&CN', date: '2099-03-05', year: 2099 };
    const row = (order: string, deadline: string) => ({ section: '1', order, content: `Nhiệm vụ ${order}`, lead: 'Văn phòng Sở', coordinating: '', deadline, output: 'Công văn rà soát', note: '' });
    const write = (rows: object[]) => {
      const path = join(dir, `plan-${rows.length}.json`);
      writeFileSync(path, JSON.stringify({ plan, sections: [{ id: '1', title: 'Mục 1' }], rows }));
      return path;
    };
    const units = await readUnitsFile(join(samples, 'units.json'));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const client = h.temporal.env.client;
      await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2099'), row('2', 'Quý III năm 2099'), row('3', 'Năm 2099')])), units, h.taskQueue);
      const again = await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2099'), row('2', 'Tháng 10/2099')])), units, h.taskQueue);
      expect(again).toMatchObject({ started: [], updated: ['21-KH-SKHCN-2099/1.2'], unchanged: ['21-KH-SKHCN-2099/1.1'], cancelled: ['21-KH-SKHCN-2099/1.3'] });
      const moved = await client.workflow.getHandle('21-KH-SKHCN-2099/1.2').query(stateQuery);
      expect(moved.state.spec.deadlineText).toBe('Tháng 10/2099');
      expect(moved.state.occurrences[0]).toMatchObject({ id: 'chinh', nominal: '2099-10-31' });
      expect(moved.state.log.map((l) => l.text)).toContain('Cập nhật theo kế hoạch nhập lại: thêm 0, đổi hạn 1, huỷ 0 lần thực hiện.');
      const gone = await client.workflow.getHandle('21-KH-SKHCN-2099/1.3').result();
      expect(gone.cancelled?.reason).toBe('Dòng không còn trong kế hoạch nhập lại');
      // The updated row remembers what the file now says: the same file a third time changes nothing.
      const third = await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2099'), row('2', 'Tháng 10/2099')])), units, h.taskQueue);
      expect(third).toMatchObject({ started: [], updated: [], cancelled: [], unchanged: ['21-KH-SKHCN-2099/1.1', '21-KH-SKHCN-2099/1.2'] });
    });
  });
});
