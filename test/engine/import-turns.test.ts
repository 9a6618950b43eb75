import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { importPlan, PlanImportInProgress } from '../../client/plan-import';
import { planRowsQuery, planWorkflowId, stateQuery } from '../../workflows/definitions';
import { EngineHarness, startEngineHarness, turnPlanFile } from './support';

/** Imports of one plan take turns: from the CLI and the web at once, the rows never end up half one file, half the other. */
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('import-turns');
});
afterAll(() => h?.teardown());

const samples = join(__dirname, '..', '..', 'samples');
const PLAN_KEY = '31-KH-SKHCN-2035';


describe('imports of one plan', () => {
  it('refuses a second import while the first runs, saying since when, and leaves every row as the first file says', async () => {
    const units = await readUnitsFile(join(samples, 'units.json'));
    const june = await readPlanFile(turnPlanFile('thang-6', 'Tháng 6/2035', 40));
    const october = await readPlanFile(turnPlanFile('thang-10', 'Tháng 10/2035', 30));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const outcomes = await Promise.allSettled([importPlan(h.client, june, units, { taskQueue: h.taskQueue, by: 'dondoc plan import' }), importPlan(h.client, october, units, { taskQueue: h.taskQueue, by: 'Nguyễn Thị Thu Hà (web)' })]);
      const done = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toBeInstanceOf(PlanImportInProgress);
      expect(refused[0].reason.message).toMatch(/^Kế hoạch 31-KH-SKHCN-2035 đang được nhập \(bắt đầu lúc \d\d:\d\d \d\d\/\d\d\/\d{4}, (dondoc plan import|Nguyễn Thị Thu Hà \(web\))\)\. Hãy nhập lại sau khi lần nhập đó xong/);
      const winner = outcomes[0].status === 'fulfilled' ? { doc: june, nominal: '2035-06-30', rows: 40 } : { doc: october, nominal: '2035-10-31', rows: 30 };
      const registry = await h.client.workflow.getHandle(planWorkflowId(PLAN_KEY)).query(planRowsQuery);
      expect(Object.keys(registry)).toHaveLength(winner.rows);
      expect(Object.values(registry).every((v) => v !== null)).toBe(true);
      for (const key of Object.keys(registry).slice(0, 5)) {
        expect((await h.client.workflow.getHandle(key).query(stateQuery)).state.occurrences[0].nominal).toBe(winner.nominal);
      }
      // Once the first is done the plan is free: importing its file again changes nothing.
      const again = await importPlan(h.client, winner.doc, units, { taskQueue: h.taskQueue });
      expect(again.unchanged).toHaveLength(winner.rows);
    });
  }, 180_000);
});
