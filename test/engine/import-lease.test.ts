import { join } from 'node:path';
import { run as planCommand } from '../../client/commands/plan';
import { IMPORT_TURN_MEMO, importTurnId, importTurnWorkflow } from '../../workflows/import-turn';
import { bufferIo } from '../support/io';
import { EngineHarness, startEngineHarness, turnPlanFile } from './support';

/** An import killed while it holds its plan blocks the next one only until its lease runs out (workflows/plan.ts). */
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('import-lease');
});
afterAll(() => h?.teardown());

const samples = join(__dirname, '..', '..', 'samples');


describe('an import cut short', () => {
  it('frees the plan of an import that was cut short once its lease runs out, and the CLI says who holds it meanwhile', async () => {
    const units = join(samples, 'units.json');
    const file = turnPlanFile('cat-ngang', 'Tháng 6/2035', 3, '32/KH-SKHCN');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const io = () => ({ ...bufferIo(), env: { TEMPORAL_ADDRESS: h.temporal.env.address, TASK_QUEUE: h.taskQueue } });
      const first = io();
      expect(await planCommand(['import', file, '--units', units], first)).toBe(0);
      // An import killed after taking its turn: it never releases the plan.
      await h.client.workflow.start(importTurnWorkflow, { taskQueue: h.taskQueue, workflowId: importTurnId('32-KH-SKHCN-2035'), workflowExecutionTimeout: 5_000, memo: { [IMPORT_TURN_MEMO]: 'máy của Văn phòng' } });
      const blocked = io();
      expect(await planCommand(['import', file, '--units', units], blocked)).toBe(2);
      expect(blocked.stderr()).toContain('đang được nhập');
      expect(blocked.stderr()).toContain('máy của Văn phòng');
      expect(blocked.stderr()).not.toMatch(/at .*\.ts:\d+/);
      // Its lease (IMPORT_LEASE_MS in a real import; 5 s here) runs out: the plan is free again.
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      await h.temporal.env.sleep(10_000);
      const after = io();
      expect(await planCommand(['import', file, '--units', units], after)).toBe(0);
      expect(after.stdout()).toContain('không đổi 3');
    });
  }, 180_000);
});
