/**
 * `dondoc web` while Temporal is down: it starts, leadership reads the overdue board (read model only) under a
 * banner, and when Temporal and the worker come back the banner goes by itself, without a restart. In Chromium,
 * against `dondoc web` run as a process, as the office runs it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../activities/store/database';
import { TEMPORAL_DOWN } from '../../client/temporal-client';
import { ENGINE_BANNER } from '../../client/web/server';
import { DevServerProcess, spawnDevServer } from '../../worker/temporal-servers';
import { launchChromium, screenshots } from '../support/browser';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { until } from '../support/until';
import { engineBundle } from '../engine/support';
import { ACCOUNTS, addAccounts, PASSWORD, tempDir } from './support';
import { freeLoopbackPort } from '../../worker/loopback-ports';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Installed already by another file in this process.
}

const root = join(__dirname, '..', '..');
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;
const taskQueue = `outage-${randomUUID()}`;

let webProcess: ChildProcess | undefined;
let devServer: DevServerProcess | undefined;
let browser: Browser | undefined;
let holder: Server | undefined;

afterAll(async () => {
  await release(holder);
  await browser?.close();
  if (webProcess && webProcess.exitCode === null) {
    const exited = new Promise((r) => webProcess!.once('exit', r));
    webProcess.kill('SIGTERM');
    await exited;
  }
  if (devServer && devServer.process.exitCode === null) {
    devServer.process.kill('SIGKILL');
    await devServer.exited;
  }
});

/**
 * Where Temporal is down, a listener that hangs up at once keeps its port: the other tests (and a CI run beside this
 * one) pick their servers' ports from the same range, and one that took this port would answer for Temporal.
 */
async function holdPort(port: number): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((listening, failed) => server.once('error', failed).listen(port, '127.0.0.1', listening));
  return server;
}
async function release(server: Server | undefined): Promise<void> {
  if (server?.listening) await new Promise<void>((closed) => server.close(() => closed()));
}

async function bannerShown(page: Page, url: string): Promise<boolean> {
  await page.goto(url);
  return (await page.locator('[data-test="he-thong-tam-ngung"]').count()) > 0;
}

describe('dondoc web with Temporal down', () => {
  it('starts, serves the board with a banner, and drops the banner by itself when Temporal and the worker return', async () => {
    const dbPath = join(tempDir('dondoc-outage-'), 'dondoc.sqlite');
    const db = await openStore({ sqlitePath: dbPath });
    await addAccounts(db);
    const now = Date.now();
    // One occurrence overdue today, as the worker would have recorded it.
    await recorder(db)(rowState('3.4', 'Công khai danh sách chậm, muộn hồ sơ', { id: 'vp', name: 'Văn phòng Sở' }, 'Ngày 05 hàng tháng', [occurrence('chinh', '', '2025-03-05', '2025-04-05', '2025-04-07')]), now);
    await db.destroy();

    const temporalPort = await freeLoopbackPort();
    holder = await holdPort(temporalPort);
    webProcess = spawn(process.execPath, [join(root, 'bin', 'dondoc'), 'web', '--port', '0', '--units', 'samples/units.json'], {
      cwd: root,
      env: { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, DONDOC_DB_PATH: dbPath, TASK_QUEUE: taskQueue, DONDOC_EVIDENCE_DIR: tempDir('dondoc-outage-ev-') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    webProcess.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    webProcess.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const url = await until('dondoc web to say where it listens', () => /chạy ở (http:\/\/\S+) /.exec(out)?.[1], 60_000);
    await until('the warning that Temporal does not answer', () => err.includes(`Chú ý: chưa kết nối được Temporal ở 127.0.0.1:${temporalPort}. Trang web vẫn mở để xem danh sách và số liệu`), 30_000);

    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${url}/dang-nhap`);
    await expect(page.locator('[data-test="he-thong-tam-ngung"]').count()).resolves.toBe(1);
    await page.getByLabel('Thư điện tử').fill(leader.email);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    await page.goto(`${url}/qua-han`);
    expect(await page.locator('[data-test="he-thong-tam-ngung"]').innerText()).toContain(ENGINE_BANNER);
    expect(await page.locator('[data-test="he-thong-tam-ngung"]').innerText()).toContain('Không kết nối được Temporal');
    expect(await page.locator('tr[data-row="16-KH-SKHCN-2025/3.4"]').count()).toBe(1);
    expect(await page.locator('[data-test="tong-qua-han"]').innerText()).toBe('1');
    await screenshots(page, 'temporal-tam-ngung');
    const figures = await page.goto(`${url}/so-lieu`);
    expect(figures?.status()).toBe(200);
    expect(await page.locator('[data-test="he-thong-tam-ngung"]').count()).toBe(1);

    // A unit's submission while Temporal is down: answered at once that nothing was recorded, what was typed kept.
    const unitPage = await browser.newPage();
    await unitPage.goto(`${url}/dang-nhap`);
    await unitPage.getByLabel('Thư điện tử').fill('vanphong@skhcn-angiang.example');
    await unitPage.getByLabel('Mật khẩu').fill(PASSWORD);
    await unitPage.getByRole('button', { name: 'Đăng nhập' }).click();
    await unitPage.waitForLoadState();
    await unitPage.goto(`${url}/nhiem-vu/16-KH-SKHCN-2025/3.4?lan=chinh`);
    await unitPage.getByLabel('Số, ký hiệu văn bản').fill('662/BC-SKHCN');
    await unitPage.getByLabel('Ngày văn bản').fill('01/12/2026');
    const started = Date.now();
    await unitPage.getByRole('button', { name: 'Gửi minh chứng' }).click();
    await unitPage.getByText(TEMPORAL_DOWN.write).first().waitFor({ timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await unitPage.getByLabel('Số, ký hiệu văn bản').inputValue()).toBe('662/BC-SKHCN');
    await unitPage.close();

    // Temporal comes back on the same address: the web finds it again by itself; the banner now names the worker.
    await release(holder);
    devServer = await spawnDevServer({ dbFilename: join(tempDir('dondoc-outage-temporal-'), 'temporal.sqlite'), port: temporalPort, headless: true });
    await until('the banner to name the worker', async () => (await bannerShown(page, `${url}/qua-han`)) && (await page.locator('[data-test="he-thong-tam-ngung"]').innerText()).includes('Máy chủ nhắc việc đang không chạy'), 60_000);
    const connection = await NativeConnection.connect({ address: `127.0.0.1:${temporalPort}` });
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: await engineBundle(), activities: {} });
    const running = worker.run();
    try {
      await until('the banner to go', async () => !(await bannerShown(page, `${url}/qua-han`)), 60_000);
      expect(await page.locator('tr[data-row="16-KH-SKHCN-2025/3.4"]').count()).toBe(1);
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
    }

    // Temporal stops again: the banner returns, the board stays.
    devServer.process.kill('SIGKILL');
    await devServer.exited;
    holder = await holdPort(temporalPort);
    await until('the banner to return', () => bannerShown(page, `${url}/qua-han`), 60_000);
    expect(await page.locator('tr[data-row="16-KH-SKHCN-2025/3.4"]').count()).toBe(1);
    expect(webProcess.exitCode).toBeNull();
    expect(err).not.toMatch(/\n\s+at /);
  }, 300_000);
});
