/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStore, Store } from '../../activities/store/database';
import { RunningWebServer, startWebServer } from '../../client/web/server';
import { launchChromium, screenshots } from '../support/browser';
import { AS_OF, LONG_TASK, PLAN_2025, recordTwoPlans } from '../support/two-plans';
import { ACCOUNTS, addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets, unreachableTemporal } from './support';

jest.setTimeout(240_000);

/**
 * The leaders' board as a leader reads it in Chromium: a summary per unit first (count, longest overdue, a chart),
 * then one list per unit closed to its heading, task texts cut to two lines with the whole on the row's page; every
 * chart label at least 12 px on screen and inside its chart; an icon, so no page asks for something missing.
 */
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;
let db: Store;
let web: RunningWebServer;
let browser: Browser;
let page: Page;
const missing: string[] = [];

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-board-layout-'), 'dondoc.sqlite') });
  await addAccounts(db);
  await recordTwoPlans(db);
  web = await startWebServer({ db, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets: testSecrets(), evidenceDir: tempDir('dondoc-board-layout-ev-'), units: await sampleUnits(), now: () => Date.parse('2026-05-15T10:00:00+07:00'), port: 0 });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${web.url}/dang-nhap`);
  await page.getByLabel('Thư điện tử').fill(leader.email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await db?.destroy();
});

/** Every <text> of every chart on the page: its size on screen and whether it lies inside its chart's box. */
const chartTexts = (p: Page) =>
  p.$$eval('figure.chart svg text', (texts) =>
    texts.map((t) => {
      const svg = (t as SVGTextElement).ownerSVGElement!;
      const scale = svg.getScreenCTM()!.a;
      const box = (t as SVGTextElement).getBBox();
      const view = svg.viewBox.baseVal;
      return { text: t.textContent ?? '', px: Number.parseFloat(getComputedStyle(t).fontSize) * scale, inside: box.x >= view.x - 0.5 && box.x + box.width <= view.x + view.width + 0.5 };
    }),
  );

describe('the leaders\' board, read in Chromium', () => {
  it('opens with a summary per unit, then one closed list per unit with task texts cut to two lines', async () => {
    await page.goto(`${web.url}/qua-han?ngay=${AS_OF}`);
    const order = await page.$$eval('main h2, main details.group', (els) => els.map((e) => (e.tagName === 'H2' ? e.textContent!.trim() : 'danh sách')));
    expect(order.slice(0, 2)).toEqual(['Tóm tắt theo đơn vị', 'Danh sách theo đơn vị']);
    const summary = await page.$$eval('[data-test="tom-tat-qua-han"] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText.trim())));
    expect(summary).toEqual([
      ['Phòng Phát triển Công nghệ và Chuyển đổi số', '2', '380 ngày: mục 5.11, Kế hoạch 16/KH-SKHCN (2025), hạn 30/04/2025'],
      ['Văn phòng Sở', '4', '410 ngày: mục 1.3, Kế hoạch 16/KH-SKHCN (2025), hạn 31/03/2025'],
    ]);
    expect(await page.locator('[data-test="tom-tat-qua-han"] figure.chart svg').count()).toBe(1);

    // Closed: the rows are in the page (the count and the CLI agree) but not shown until the unit is opened.
    const groups = page.locator('details.group');
    expect(await groups.count()).toBe(2);
    expect(await page.locator('tr[data-row]').count()).toBe(6);
    expect(await page.locator('tr[data-row]').first().isVisible()).toBe(false);
    await screenshots(page, 'bang-qua-han-tom-tat');
    await groups.filter({ hasText: 'Văn phòng Sở' }).locator('summary').click();
    const long = page.locator(`tr[data-row="${PLAN_2025}/1.3"] [data-test="noi-dung"]`);
    expect(await long.isVisible()).toBe(true);
    const { height, lineHeight, full } = await long.evaluate((el) => ({ height: el.getBoundingClientRect().height, lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight), full: el.textContent }));
    expect(full).toBe(LONG_TASK);
    expect(height).toBeLessThanOrEqual(2 * lineHeight + 1);
    expect(height).toBeGreaterThan(lineHeight);
    await screenshots(page, 'bang-qua-han-mo-mot-don-vi');

    // The whole text is on the row's page.
    await page.locator(`tr[data-row="${PLAN_2025}/1.3"] td[data-label="Mục"] a`).click();
    await page.waitForLoadState();
    expect(await page.locator('main').innerText()).toContain(LONG_TASK);

    // Printed, every unit's list is open and every text whole.
    await page.goto(`${web.url}/qua-han?ngay=${AS_OF}`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator(`tr[data-row="${PLAN_2025}/5.11"]`).isVisible()).toBe(true);
    const printed = await page.locator(`tr[data-row="${PLAN_2025}/1.3"] [data-test="noi-dung"]`).evaluate((el) => el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight));
    expect(printed).toBeGreaterThan(2);
    await page.emulateMedia({ media: 'screen' });
  });

  it('draws every chart label at 12 px or more, inside its chart, on the board and on Số liệu, at desktop and phone widths', async () => {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of [`/qua-han?ngay=${AS_OF}`, `/so-lieu?tu=01/01/2025&den=31/12/2026&ngay=${AS_OF}`, '/so-lieu?tu=01/01/2026&den=31/12/2026&ngay=01/03/2026']) {
        await page.goto(`${web.url}${path}`);
        const texts = await chartTexts(page);
        expect(texts.length).toBeGreaterThan(3);
        for (const t of texts) {
          expect({ ...t, px: t.px >= 12 }).toEqual({ ...t, px: true });
          expect(t.inside).toBe(true);
        }
      }
    }
    // A period where nothing is due yet: every unit's bar says so, whole.
    const labels = (await chartTexts(page)).map((t) => t.text);
    expect(labels).toContain('chưa có việc đến hạn');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshots(page, 'so-lieu-bieu-do');
  });

  it('links an icon and serves it, so no page answers 404 for /favicon.ico', async () => {
    const icon = await page.request.get(`${web.url}/favicon.ico`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect((await icon.text()).startsWith('<svg')).toBe(true);
    await page.goto(`${web.url}/qua-han`);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect((await page.request.get(`${web.url}${href}`)).status()).toBe(200);
    expect(missing).toEqual([]);
  });
});
