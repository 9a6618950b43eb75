import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openStore } from '../../activities/store/database';
import { launchChromium, screenshots } from '../support/browser';
import { freeOfficePorts, OfficeProcess, processesMentioning, startOffice } from '../support/office';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { until } from '../support/until';
import { isoDateAt, yearAt } from '../../domain/dates';

const root = join(__dirname, '..', '..');
const PASSWORD = 'mật-khẩu-văn-phòng-2026';

jest.setTimeout(900_000);

/**
 * The first hour of a new office, as the README's "Run it for real" tells it: `dondoc up` (a real subprocess, with
 * Temporal's dev server, the worker and the web app), the office account made with the exact command it prints, the
 * sample plan uploaded in Chromium and tried as this year's plan, and a leader's board showing its overdue rows.
 */
describe('the first hour: dondoc up, an office account, the sample as this year\'s plan, a leader\'s board', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-first-hour-')), 'data');
  let smtp: LoopbackSmtp;
  let office: OfficeProcess;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (office && office.process.exitCode === null) {
      office.process.kill('SIGTERM');
      await office.exited;
    }
    await smtp?.close();
  });

  async function signIn(context: BrowserContext, url: string, email: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${url}/dang-nhap`);
    await page.getByLabel('Thư điện tử').fill(email);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    return page;
  }

  it('walks it, and every overdue row of the trial plan reaches the board', async () => {
    const ports = await freeOfficePorts();
    office = startOffice(dataDir, ports, ['--units', join(root, 'samples', 'units.json')], { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>' });
    await office.ready();
    const url = `http://127.0.0.1:${ports.web}`;
    expect(office.output()).toContain(`Trang web:             ${url}`);
    expect(office.output()).not.toContain('Chưa đặt máy chủ thư');

    // The office account, with the very command dondoc up printed (its placeholders as they are).
    const printed = /^ {5}(printf '%s' "\$MAT_KHAU" \| .*dondoc user add .*)$/m.exec(office.output())![1];
    const made = spawnSync('sh', ['-c', printed], { cwd: root, env: { ...process.env, MAT_KHAU: PASSWORD }, encoding: 'utf8', timeout: 120_000 });
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('Đã lưu tài khoản vanphong@so.example (Họ và tên, van-phong).');
    const leader = spawnSync(process.execPath, [join(root, 'bin', 'dondoc'), 'user', 'add', '--name', 'Trần Minh Khoa', '--email', 'giamdoc@skhcn-angiang.example', '--role', 'lanh-dao', '--unit', 'gd'], {
      cwd: root,
      env: { ...process.env, DONDOC_DB_PATH: join(dataDir, 'dondoc.sqlite') },
      input: PASSWORD,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(leader.status).toBe(0);

    // The office uploads the sample, tried as this year's plan, and imports it.
    const year = yearAt(Date.now());
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const officePage = await signIn(desk, url, 'vanphong@so.example');
    await officePage.goto(`${url}/ke-hoach`);
    await officePage.getByLabel('Tệp kế hoạch').setInputFiles(join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
    await officePage.getByLabel('Thử như kế hoạch của năm (không bắt buộc)').fill(String(year));
    await officePage.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await officePage.waitForSelector('[data-test="tom-tat"]');
    expect(await officePage.locator('p.lead').innerText()).toContain(`(bản thử: kế hoạch năm 2025, mọi ngày tháng chuyển sang năm ${year}) — số 16/KH-SKHCN ngày 05/03/${year}`);
    await screenshots(officePage, 'gio-dau-xem-truoc-ke-hoach-nam-nay');
    await officePage.getByRole('button', { name: /Nhập 112 dòng/ }).click();
    await officePage.waitForSelector('[data-test="ket-qua-nhap"]', { timeout: 300_000 });
    expect(await officePage.locator('[data-test="ket-qua-nhap"]').innerText()).toContain('Khởi tạo 112');
    // The first import started the digest sender: the page says when its first digests go, and where to send sooner.
    expect(await officePage.locator('[data-test="thu-tong-hop-dau-tien"]').innerText()).toMatch(/^Thư tổng hợp đầu tiên sẽ gửi lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}, sau đó lúc 8 giờ mỗi ngày làm việc\./);

    // The overdue rows, as the CLI lists them from the same read model, once the worker has recorded every row and
    // the list has settled (each row records its overdue occurrences as it starts).
    const db = await openStore({ sqlitePath: join(dataDir, 'dondoc.sqlite') });
    try {
      await until('the worker has recorded the 112 rows', async () => Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).where('row_key', 'like', `16-KH-SKHCN-${year}/%`).executeTakeFirstOrThrow()).n) === 112, 300_000);
    } finally {
      await db.destroy();
    }
    const overdueKeys = () => {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'dondoc'), 'overdue', '--json'], { cwd: root, env: { ...process.env, DONDOC_DB_PATH: join(dataDir, 'dondoc.sqlite') }, encoding: 'utf8', timeout: 120_000 });
      expect(r.status).toBe(0);
      const items = (JSON.parse(r.stdout) as { items: { rowKey: string }[] }).items.filter((i) => i.rowKey.startsWith(`16-KH-SKHCN-${year}/`));
      return [...new Set(items.map((i) => i.rowKey))].sort();
    };
    let previous: string[] = [];
    const listed = await until(
      'the overdue list settles',
      async () => {
        const now = overdueKeys();
        const settled = now.length > 0 && now.join() === previous.join();
        previous = now;
        if (!settled) await new Promise((r) => setTimeout(r, 3000));
        return settled && now;
      },
      300_000,
    ).catch(() => previous);
    // Nothing of this year's plan is due before April (row 1.1: "Tháng 03"); from then on the board shows live items.
    if (isoDateAt(Date.now()) >= `${year}-04-02`) expect(listed.length).toBeGreaterThan(10);

    const boardRoom = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const failed: string[] = [];
    boardRoom.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const leaderPage = await signIn(boardRoom, url, 'giamdoc@skhcn-angiang.example');
    await leaderPage.goto(`${url}/qua-han`);
    const onBoard = await leaderPage.locator(`[data-row^="16-KH-SKHCN-${year}/"]`).evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-row')))]);
    expect(onBoard.sort()).toEqual(listed);
    if (listed.length > 0) {
      // The board opens with its summary, whose counts add up to the list; a unit's list opens to live rows.
      const total = Number(await leaderPage.locator('[data-test="tong-qua-han"]').innerText());
      const counts = await leaderPage.locator('[data-test="tom-tat-qua-han"] tbody td[data-label="Số quá hạn"]').allInnerTexts();
      expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBe(total);
      const firstUnit = leaderPage.locator('details.group').first();
      await firstUnit.locator('summary').click();
      const firstRow = firstUnit.locator(`tr[data-row^="16-KH-SKHCN-${year}/"]`).first();
      expect(await firstRow.isVisible()).toBe(true);
      await firstRow.locator('td[data-label="Mục"] a').click();
      await leaderPage.waitForLoadState();
      expect(leaderPage.url()).toContain(`/nhiem-vu/16-KH-SKHCN-${year}/`);
      await leaderPage.goto(`${url}/qua-han`);
    }
    // Every page the leader opened came whole: no 404, not even for /favicon.ico.
    expect(failed).toEqual([]);
    await screenshots(leaderPage, 'gio-dau-lanh-dao-danh-sach-qua-han');

    office.process.kill('SIGTERM');
    expect(await office.exited).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
