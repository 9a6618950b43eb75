import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { importPlan } from '../../client/plan-import';
import { stateQuery } from '../../workflows/definitions';
import { run as calendarCommand } from '../../client/commands/calendar';
import { run as planCommand } from '../../client/commands/plan';
import { bufferIo } from '../support/io';
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
      const first = await importPlan(h.client, doc, units, { taskQueue: h.taskQueue });
      expect(first.started).toHaveLength(112);
      expect(first.started).toContain('16-KH-SKHCN-2025/3.4');
      expect(first.needsAttention.map((n) => n.key)).toEqual(expect.arrayContaining(['16-KH-SKHCN-2025/8.5', '16-KH-SKHCN-2025/10.5']));
      const second = await importPlan(h.client, doc, units, { taskQueue: h.taskQueue });
      expect(second.started).toEqual([]);
      expect(second.updated).toEqual([]);
      expect(second.cancelled).toEqual([]);
      expect(second.unchanged).toHaveLength(112);
    });
  }, 120_000);

  it('updates a changed row keeping its history, and cancels a row that disappeared, with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-reimport-'));
    const plan = { number: '21/KH-SKHCN', title: 'Kế hoạch thử', issuer: 'Sở KH&CN', date: '2035-03-05', year: 2035 };
    const row = (order: string, deadline: string) => ({ section: '1', order, content: `Nhiệm vụ ${order}`, lead: 'Văn phòng Sở', coordinating: '', deadline, output: 'Công văn rà soát', note: '' });
    const write = (rows: object[]) => {
      const path = join(dir, `plan-${rows.length}.json`);
      writeFileSync(path, JSON.stringify({ plan, sections: [{ id: '1', title: 'Mục 1' }], rows }));
      return path;
    };
    const units = await readUnitsFile(join(samples, 'units.json'));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const client = h.client;
      await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2035'), row('2', 'Quý III năm 2035'), row('3', 'Năm 2035')])), units, { taskQueue: h.taskQueue });
      const again = await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2035'), row('2', 'Tháng 10/2035')])), units, { taskQueue: h.taskQueue });
      expect(again).toMatchObject({ started: [], updated: ['21-KH-SKHCN-2035/1.2'], unchanged: ['21-KH-SKHCN-2035/1.1'], cancelled: ['21-KH-SKHCN-2035/1.3'] });
      const moved = await client.workflow.getHandle('21-KH-SKHCN-2035/1.2').query(stateQuery);
      expect(moved.state.spec.deadlineText).toBe('Tháng 10/2035');
      expect(moved.state.occurrences[0]).toMatchObject({ id: 'chinh', nominal: '2035-10-31' });
      expect(moved.state.log.map((l) => l.text)).toContain('Cập nhật theo kế hoạch nhập lại: thêm 0, đổi hạn 1, huỷ 0 lần thực hiện.');
      const gone = await client.workflow.getHandle('21-KH-SKHCN-2035/1.3').result();
      expect(gone.cancelled?.reason).toBe('Dòng không còn trong kế hoạch nhập lại');
      // The updated row remembers what the file now says: the same file a third time changes nothing.
      const third = await importPlan(client, await readPlanFile(write([row('1', 'Quý II năm 2035'), row('2', 'Tháng 10/2035')])), units, { taskQueue: h.taskQueue });
      expect(third).toMatchObject({ started: [], updated: [], cancelled: [], unchanged: ['21-KH-SKHCN-2035/1.1', '21-KH-SKHCN-2035/1.2'] });
      // Every running row of the plan takes the calendar as shipped now; no deadline of these moves.
      const applied = { ...bufferIo(), env: { TEMPORAL_ADDRESS: h.temporal.env.address } };
      expect(await calendarCommand(['apply', '--ke-hoach', '21-KH-SKHCN-2035', '--van-ban', 'Quyết định thử 02/QĐ-TTg'], applied)).toBe(0);
      expect(applied.stdout()).toContain('Đã áp dụng lịch nghỉ theo Quyết định thử 02/QĐ-TTg cho 2 nhiệm vụ của kế hoạch 21-KH-SKHCN-2035: 0 hạn thay đổi.');
      expect(applied.stderr()).toBe('');
      expect((await client.workflow.getHandle('21-KH-SKHCN-2035/1.1').query(stateQuery)).state.log.at(-1)?.text).toBe('Áp dụng lịch nghỉ theo Quyết định thử 02/QĐ-TTg: không hạn nào thay đổi.');
    });
  });

  it('applies the plan\'s own reminder policy from --policy, and a changed policy updates the running rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-policy-'));
    const plan = { number: '22/KH-SKHCN', title: 'Kế hoạch thử chính sách', issuer: 'Sở KH&CN', date: '2035-03-05', year: 2035 };
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ plan, sections: [{ id: '1', title: 'Mục 1' }], rows: [{ section: '1', order: '1', content: 'Báo cáo rà soát', lead: 'Văn phòng Sở', coordinating: '', deadline: 'Trước ngày 30/6/2035', output: 'Công văn rà soát', note: '' }] }));
    const policyFile = join(dir, 'policy.json');
    const io = () => ({ ...bufferIo(), env: { TEMPORAL_ADDRESS: h.temporal.env.address, TASK_QUEUE: h.taskQueue } });
    const unitsFile = join(samples, 'units.json');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      writeFileSync(policyFile, JSON.stringify({ remindWorkingDaysBefore: [5, 0], hour: 9, gioGui: 8 }));
      const bad = io();
      expect(await planCommand(['import', planFile, '--units', unitsFile, '--policy', policyFile], bad)).toBe(2);
      expect(bad.stderr()).toContain('Không đọc được tệp policy.json: chính sách nhắc việc sai: (gốc): trường không có trong chính sách nhắc việc (gioGui)');

      writeFileSync(policyFile, JSON.stringify({ remindWorkingDaysBefore: [5, 0], hour: 9 }));
      const first = io();
      expect(await planCommand(['import', planFile, '--units', unitsFile, '--policy', policyFile], first)).toBe(0);
      expect(first.stdout()).toContain('Đã khởi tạo 1, cập nhật 0, không đổi 0');
      const handle = h.client.workflow.getHandle('22-KH-SKHCN-2035/1.1');
      const planned = (await handle.query(stateQuery, { planned: 10 })).planned;
      const local = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
      expect(planned.filter((p) => p.kind === 'reminder').map((p) => [p.step, local(p.at)])).toEqual([
        ['nhac-5', '2035-06-22T09:00'],
        ['nhac-0', '2035-06-29T09:00'],
      ]);

      writeFileSync(policyFile, JSON.stringify({ remindWorkingDaysBefore: [2], hour: 14 }));
      const changed = io();
      expect(await planCommand(['import', planFile, '--units', unitsFile, '--policy', policyFile], changed)).toBe(0);
      expect(changed.stdout()).toContain('Đã khởi tạo 0, cập nhật 1, không đổi 0');
      expect((await handle.query(stateQuery, { planned: 10 })).planned.filter((p) => p.kind === 'reminder').map((p) => [p.step, local(p.at)])).toEqual([['nhac-2', '2035-06-27T14:00']]);
      const again = io();
      await planCommand(['import', planFile, '--units', unitsFile, '--policy', policyFile], again);
      expect(again.stdout()).toContain('Đã khởi tạo 0, cập nhật 0, không đổi 1');
      await handle.terminate('kết thúc kiểm thử');
    });
  });
});
