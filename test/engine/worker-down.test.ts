/**
 * With the worker stopped, every action answers within seconds and says it was not recorded, and nothing of it is
 * applied when the worker comes back. On the real Temporal server (the dev server, at wall speed), where a late
 * update really waits in Temporal for the worker: the web's evidence form in Chromium, and the CLI as a process.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { Browser } from 'playwright-core';
import { createActivities } from '../../activities';
import { openStore, Store } from '../../activities/store/database';
import { rowDetail } from '../../activities/store/web-pages';
import { NOT_READ, NOT_RECORDED, pollersLastSeen, WORKER_SILENCE_MS, workerSeen } from '../../client/temporal-client';
import { RunningWebServer, startWebServer } from '../../client/web/server';
import { stateQuery, submitEvidenceUpdate } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { StartedEnvironment, startDevEnvironment } from '../../worker/temporal-servers';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { until } from '../support/until';
import { launchChromium, screenshots } from '../support/browser';
import { addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets } from '../web/support';
import { runDondoc } from './cli-process';
import { CONTACTS, engineBundle, rowSpec } from './support';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Installed already by another file in this process.
}

const spec = rowSpec('3.4', 'Trước ngày 30/12/2035', 'Báo cáo kết quả kiểm soát TTHC');
const rowKey = `${spec.planKey}/${spec.where}`;
/** The generous bound a loaded CI machine keeps; the budget is 9 s (ACTION_BUDGET_MS). */
const ANSWERED_WITHIN_MS = 20_000;
const STACK = /\n\s+at /;

let dev: StartedEnvironment;
let db: Store;
let smtp: LoopbackSmtp;
let web: RunningWebServer;
let browser: Browser | undefined;
const taskQueue = `worker-down-${randomUUID()}`;
let dbPath: string;

async function startWorker(): Promise<() => Promise<void>> {
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  const worker = await Worker.create({ connection: dev.env.nativeConnection, taskQueue, activities: createActivities({ mailer, db, from: 'dondoc <dondoc@skhcn-angiang.example>' }), workflowBundle: await engineBundle() });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    mailer.close();
  };
}

const cli = (args: string[], env: Record<string, string> = {}) =>
  runDondoc(['task', ...args], { TEMPORAL_ADDRESS: dev.env.address, DONDOC_DB_PATH: dbPath, DONDOC_EVIDENCE_DIR: tempDir('dondoc-wd-ev-'), ...env });

beforeAll(async () => {
  dev = await startDevEnvironment();
  dbPath = join(tempDir('dondoc-worker-down-'), 'dondoc.sqlite');
  db = await openStore({ sqlitePath: dbPath });
  await addAccounts(db);
  smtp = await startLoopbackSmtp();
  web = await startWebServer({ port: 0, db, temporal: dev.env.client, taskQueue, secrets: testSecrets(), evidenceDir: tempDir('dondoc-wd-web-'), units: await sampleUnits() });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await dev?.env.teardown();
  await smtp?.close();
  await db?.destroy();
});

describe('actions while the worker is down', () => {
  it('answer within seconds that nothing was recorded, and nothing is applied when the worker returns', async () => {
    let stopWorker = await startWorker();
    const handle = await dev.env.client.workflow.start(rowWorkflow, { taskQueue, workflowId: rowKey, args: [{ spec, contacts: CONTACTS }] });
    await until('the row in the read model', async () => (await rowDetail(db, rowKey, Date.now())) !== null);
    // On a loaded machine the first query may wait behind the row's first tasks: a person told "try again" does so.
    let running = await cli(['status', rowKey]);
    for (let tries = 1; running.code === 3 && tries < 3; tries++) running = await cli(['status', rowKey]);
    expect([running.code, running.stderr]).toEqual([0, '']);
    expect(running.stdout).toContain('3.4 — Rà soát, cập nhật thông tin thủ tục hành chính');

    await stopWorker();
    const seen = await pollersLastSeen(dev.env.client, taskQueue);
    // Temporal still lists the stopped worker for minutes: its last poll says it has gone once WORKER_SILENCE_MS pass.
    expect(seen?.length).toBeGreaterThan(0);
    expect(workerSeen(seen!, Date.now() + WORKER_SILENCE_MS + 70_000)).toBe(false);

    // The unit's evidence form on the web, in Chromium.
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${web.url}/dang-nhap`);
    await page.getByLabel('Thư điện tử').fill('vanphong@skhcn-angiang.example');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    await page.goto(`${web.url}/nhiem-vu/${encodeURIComponent(spec.planKey)}/${spec.where}?lan=chinh`);
    await page.getByLabel('Số, ký hiệu văn bản').fill('662/BC-SKHCN');
    await page.getByLabel('Ngày văn bản').fill('01/12/2026');
    let started = Date.now();
    await page.getByRole('button', { name: 'Gửi minh chứng' }).click();
    await page.waitForLoadState();
    await page.getByText(NOT_RECORDED).first().waitFor({ timeout: ANSWERED_WITHIN_MS });
    const webMs = Date.now() - started;
    expect(webMs).toBeLessThan(ANSWERED_WITHIN_MS);
    expect(await page.getByLabel('Số, ký hiệu văn bản').inputValue()).toBe('662/BC-SKHCN');
    await screenshots(page, 'may-chu-nhac-viec-ngung');

    // The CLI, as a person runs it.
    const submit = await cli(['submit', rowKey, '--don-vi', 'vp', '--so', '663/BC-SKHCN', '--ngay', '01/12/2026']);
    expect(submit.code).toBe(3);
    expect(submit.stderr).toContain(NOT_RECORDED);
    expect(submit.stderr).not.toMatch(STACK);
    expect(submit.ms).toBeLessThan(ANSWERED_WITHIN_MS);
    const status = await cli(['status', rowKey]);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(NOT_READ);
    expect(status.stderr).not.toMatch(STACK);
    expect(status.ms).toBeLessThan(ANSWERED_WITHIN_MS);
    console.info(`[worker-down] answered in: web submission ${webMs} ms, task submit ${submit.ms} ms, task status ${status.ms} ms (CLI times include starting node and tsx)`);

    // An update of our own with a known id, as the web sends them: it waits in Temporal for the worker.
    started = Date.now();
    await expect(
      dev.env.client.withDeadline(Date.now() + 3_000, () =>
        handle.startUpdate(submitEvidenceUpdate, { updateId: 'gui-tre', waitForStage: WorkflowUpdateStage.ACCEPTED, args: [{ occurrenceId: 'chinh', documentNumber: '664/BC-SKHCN', documentDate: '2026-12-01', title: 'Báo cáo', submitter: { unitId: 'vp', name: 'Văn phòng Sở' }, notAfter: started + 2_000 }] }),
      ),
    ).rejects.toThrow();

    stopWorker = await startWorker();
    try {
      // The waiting update reaches the row now, past its notAfter: the row refuses it.
      const late = await handle.getUpdateHandle('gui-tre').result().then(
        () => null,
        (error: unknown) => error,
      );
      expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((late as WorkflowUpdateFailedError).cause?.message).toMatch(/^Thao tác đến máy chủ nhắc việc lúc .* là lúc người gửi đã được báo "chưa ghi nhận": không ghi nhận, hãy gửi lại\.$/);

      const again = await cli(['submit', rowKey, '--don-vi', 'vp', '--so', '665/BC-SKHCN', '--ngay', '02/12/2026']);
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.stdout).toContain('Đã nhận minh chứng 665/BC-SKHCN cho lần thực hiện chính: Chờ xác nhận.');

      // Only what the person was told was recorded is in the row and its history.
      const view = await handle.query(stateQuery);
      expect(view.state.occurrences[0].evidence.map((e) => e.documentNumber)).toEqual(['665/BC-SKHCN']);
      let accepted = 0;
      for await (const event of (await handle.fetchHistory()).events ?? []) if (event.workflowExecutionUpdateAcceptedEventAttributes) accepted++;
      expect(accepted).toBe(1);
      expect((await until('the evidence in the read model', async () => (await rowDetail(db, rowKey, Date.now()))?.evidence.length))).toBe(1);
      expect((await rowDetail(db, rowKey, Date.now()))!.evidence.map((e) => e.documentNumber)).toEqual(['665/BC-SKHCN']);
    } finally {
      await stopWorker();
    }
  }, 240_000);

  it('says plainly, without a stack trace, when Temporal is down, the row unknown or ended', async () => {
    const down = await cli(['status', rowKey], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('Không kết nối được Temporal ở 127.0.0.1:1');
    const downSubmit = await cli(['submit', rowKey, '--don-vi', 'vp', '--so', '666/BC-SKHCN', '--ngay', '02/12/2026'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(downSubmit.code).toBe(2);
    expect(downSubmit.stderr).toContain('Không kết nối được Temporal ở 127.0.0.1:1');
    const stopWorker = await startWorker();
    try {
      const unknown = await cli(['submit', `${spec.planKey}/9.9`, '--don-vi', 'vp', '--so', '666/BC-SKHCN', '--ngay', '02/12/2026']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`Không có nhiệm vụ mã "${spec.planKey}/9.9"`);
      expect((await cli(['cancel', rowKey, '--ly-do', 'Kế hoạch điều chỉnh'])).code).toBe(0);
      const ended = await cli(['submit', rowKey, '--don-vi', 'vp', '--so', '666/BC-SKHCN', '--ngay', '02/12/2026']);
      expect(ended.code).toBe(1);
      expect(ended.stderr).toMatch(new RegExp(`Nhiệm vụ ${rowKey.replace(/[.]/g, '\\.')} đã kết thúc ngày \\d\\d/\\d\\d/\\d{4}, không nhận thêm thao tác\\.`));
      const noPlan = await runDondoc(['calendar', 'apply', '--ke-hoach', '99-KH-KHONG-CO', '--van-ban', 'Quyết định thử'], { TEMPORAL_ADDRESS: dev.env.address });
      expect(noPlan.code).toBe(1);
      expect(noPlan.stderr).toContain('Không có kế hoạch mã "99-KH-KHONG-CO" đang được theo dõi.');
      const noSender = await runDondoc(['digest', 'send'], { TEMPORAL_ADDRESS: dev.env.address, TASK_QUEUE: taskQueue });
      expect(noSender.code).toBe(1);
      expect(noSender.stderr).toContain('Chưa có bộ gửi thư tổng hợp đang chạy trên hàng đợi này');
      for (const r of [down, downSubmit, unknown, ended, noPlan, noSender]) expect(r.stderr).not.toMatch(STACK);
    } finally {
      await stopWorker();
    }
  }, 180_000);
});
