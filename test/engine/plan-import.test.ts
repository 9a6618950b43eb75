import { join } from 'node:path';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { importPlan } from '../../client/plan-import';
import { startTemporalEnvironment, TemporalEnvironment } from '../../testserver/environment';

let temporal: TemporalEnvironment;
beforeAll(async () => {
  temporal = await startTemporalEnvironment();
  console.info(`[plan-import] Temporal service: ${temporal.server}`);
});
afterAll(() => temporal?.env.teardown());

describe('dondoc plan import', () => {
  it('starts one workflow per row keyed by plan and row, starts nothing new the second time, and lists rows needing attention', async () => {
    const samples = join(__dirname, '..', '..', 'samples');
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
    const units = await readUnitsFile(join(samples, 'units.json'));
    const first = await importPlan(temporal.env.client, doc, units, 'dondoc-import-test');
    expect(first.started).toHaveLength(112);
    expect(first.started).toContain('16-KH-SKHCN-2025/3.4');
    expect(first.needsAttention.map((n) => n.key)).toEqual(expect.arrayContaining(['16-KH-SKHCN-2025/8.5', '16-KH-SKHCN-2025/10.5']));
    const second = await importPlan(temporal.env.client, doc, units, 'dondoc-import-test');
    expect(second.started).toEqual([]);
    expect(second.unchanged).toHaveLength(112);
    const described = await temporal.env.client.workflow.getHandle('16-KH-SKHCN-2025/3.4').describe();
    expect(described.type).toBe('rowWorkflow');
  });
});
