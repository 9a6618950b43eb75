import { join } from 'node:path';
import { planRowsQuery, planWorkflowId } from '../../workflows/definitions';
import { GrpcFaultProxy, startGrpcFaultProxy } from '../support/grpc-fault-proxy';
import { runDondoc } from './cli-process';
import { EngineHarness, startEngineHarness, turnPlanFile } from './support';

/**
 * `dondoc plan import` against a busy Temporal (a loaded cluster answered "Failed to start Workflow" and the CLI died
 * with exit 70): starts whose answer is lost are tried again and counted once, and a server busy for longer than the
 * retry budget stops the import with what was done kept and how to go on.
 */
let h: EngineHarness;
let proxy: GrpcFaultProxy | undefined;
beforeAll(async () => {
  h = await startEngineHarness('import-server-busy');
});
afterAll(async () => {
  await proxy?.close();
  await h?.teardown();
});

const units = join(__dirname, '..', '..', 'samples', 'units.json');
const START = 'StartWorkflowExecution';

describe('an import while Temporal is busy', () => {
  it('tries a start again when its answer is lost, starting every row once and counting it once', async () => {
    const file = turnPlanFile('ban-ron', 'Tháng 6/2035', 12, '33/KH-SKHCN');
    // The 3rd and 8th starts happen but their answers are lost; the 5th never reaches the server, twice.
    proxy = await startGrpcFaultProxy(h.temporal.env.address, (method, seen) => {
      if (method !== START) return undefined;
      if (seen === 2 || seen === 7) return 'lost-answer';
      if (seen === 4 || seen === 5) return 'lost-request';
      return undefined;
    });
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const run = await runDondoc(['plan', 'import', file, '--units', units], { TEMPORAL_ADDRESS: proxy!.address, TASK_QUEUE: h.taskQueue });
      expect(run.stderr).not.toContain('Lỗi không mong đợi');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Đã khởi tạo 12, cập nhật 0, không đổi 0, huỷ 0');
      expect(proxy!.faulted(START)).toBe(4);
      // Each fault made one more start: 12 rows, the digest sender, the import's turn, and 4 tries again.
      expect(proxy!.calls(START)).toBe(12 + 2 + 4);
      const registry = await h.client.workflow.getHandle(planWorkflowId('33-KH-SKHCN-2035')).query(planRowsQuery);
      expect(Object.keys(registry)).toHaveLength(12);
      expect(Object.values(registry).every((v) => v !== null)).toBe(true);
    });
    await proxy.close();
    proxy = undefined;
  }, 180_000);

  it('stops an import the server stays busy for, says so in Vietnamese with what was done, and a second import goes on from there', async () => {
    const file = turnPlanFile('qua-tai', 'Tháng 7/2035', 10, '34/KH-SKHCN');
    let busy = true;
    // The import's turn and the first four rows start; then every start is answered busy until the server recovers.
    proxy = await startGrpcFaultProxy(h.temporal.env.address, (method, seen) => (method === START && busy && seen >= 5 ? 'lost-request' : undefined));
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const stopped = await runDondoc(['plan', 'import', file, '--units', units], { TEMPORAL_ADDRESS: proxy!.address, TASK_QUEUE: h.taskQueue });
      expect(stopped.code).toBe(2);
      expect(stopped.stderr).toMatch(/Nhập kế hoạch 34-KH-SKHCN-2035 dừng sau 4\/10 dòng: Temporal không trả lời được trong 60 giây thử lại \(DEADLINE_EXCEEDED: context deadline exceeded\)\. Các dòng đã nhập được giữ; nhập lại tệp sẽ tiếp tục phần còn lại/);
      expect(stopped.stderr).not.toMatch(/Lỗi không mong đợi|at .*\.ts:\d+/);

      busy = false;
      const again = await runDondoc(['plan', 'import', file, '--units', units], { TEMPORAL_ADDRESS: proxy!.address, TASK_QUEUE: h.taskQueue });
      expect(again.stderr).not.toContain('Lỗi không mong đợi');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Đã khởi tạo 6, cập nhật 0, không đổi 4, huỷ 0');
      const registry = await h.client.workflow.getHandle(planWorkflowId('34-KH-SKHCN-2035')).query(planRowsQuery);
      expect(Object.keys(registry)).toHaveLength(10);
      expect(Object.values(registry).every((v) => v !== null)).toBe(true);
    });
  }, 240_000);
});
