import { until } from '../support/until';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Worker } from '@temporalio/worker';
import { TaskLinkConfig } from '../../activities/task-links';
import { startWebServer, RunningWebServer } from '../../client/web/server';
import { contactsFor } from '../../client/web/row-actions';
import { run as overdue } from '../../client/commands/overdue';
import { run as report } from '../../client/commands/report';
import { addDays, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { RowSpec } from '../../domain/tracking/row-state';
import { rowWorkflow } from '../../workflows/row';
import { EngineHarness, startEngineHarness } from '../engine/support';
import { bufferIo } from '../support/io';
import { administrativePdf, launchChromium, screenshots, SCREENSHOTS } from '../support/browser';
import { ACCOUNTS, addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets } from './support';

/**
 * The whole path through real Chromium: the office imports the sample plan, a leader reads the board, a unit head
 * opens the signed link of a real reminder and submits a PDF, the office accepts it, the board and figures change.
 */
const secrets = testSecrets();
const links: TaskLinkConfig = { linkSecret: secrets.linkSecret };
let h: EngineHarness;
let worker: Worker;
let web: RunningWebServer;
let browser: Browser;
let running: Promise<void>;
let stopWorker: () => void;

const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;

beforeAll(async () => {
  h = await startEngineHarness('web-browser-path', { links });
  await addAccounts(h.db);
  worker = await h.worker();
  running = worker.runUntil(new Promise<void>((resolve) => (stopWorker = resolve)));
  web = await startWebServer({ port: 0, db: h.db, temporal: h.client, taskQueue: h.taskQueue, secrets, evidenceDir: tempDir('dondoc-web-evidence-'), units: await sampleUnits(), now: () => h.temporal.env.currentTimeMs() });
  // The mails link to this server: the activities read the address when they send.
  links.webBaseUrl = web.url;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  stopWorker?.();
  await running;
  await h?.teardown();
});

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${web.url}/dang-nhap`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
  return page;
}


const boardKeys = async (page: Page) =>
  page.$$eval('tr[data-row]', (rows) => rows.map((r) => `${r.getAttribute('data-row')} ${r.getAttribute('data-occ')} ${r.getAttribute('data-days')} ${r.getAttribute('data-working-days')}`).sort());

const totalCell = async (page: Page, key: string) => Number(await page.locator(`[data-test="so-lieu"] td[data-col="${key}"]`).innerText());

describe('the web app, in Chromium', () => {
  it('walks the path: import, board, signed link with a PDF, acceptance, and the board and figures change', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // A wrong password: the error summary takes the focus, as the error pattern asks.
    const wrong = await desk.newPage();
    await wrong.goto(`${web.url}/dang-nhap`);
    await wrong.getByLabel('Thư điện tử').fill(office.email);
    await wrong.getByLabel('Mật khẩu').fill('không đúng mật khẩu');
    await wrong.getByRole('button', { name: 'Đăng nhập' }).click();
    await wrong.waitForSelector('.error-summary:focus');
    expect(await wrong.locator('.error-summary').innerText()).toContain('Thư điện tử hoặc mật khẩu không đúng.');
    expect(await wrong.getByLabel('Thư điện tử').inputValue()).toBe(office.email);
    await screenshots(wrong, '00-dang-nhap-sai');
    await wrong.close();
    const officePage = await signIn(desk, office.email);
    await screenshots(officePage, '01-van-phong-dang-nhap-xong');

    // The office uploads the sample plan, fixes an unread deadline in place, and imports the 112 rows.
    await officePage.goto(`${web.url}/ke-hoach`);
    await screenshots(officePage, '02-nhap-ke-hoach');
    await officePage.getByLabel('Tệp kế hoạch').setInputFiles(join(__dirname, '..', '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'));
    await officePage.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await officePage.waitForSelector('[data-test="tom-tat"]');
    expect(await officePage.locator('[data-test="tom-tat"]').innerText()).toContain('Tổng cộng 112 dòng');
    await screenshots(officePage, '03-xem-truoc-ke-hoach');
    // Empty deadline cells now get an implied schedule the office confirms or corrects in place.
    const firstUnread = officePage.locator('tr.problem-detail', { hasText: 'suy ra' }).first();
    const where = await firstUnread.locator('input[name="dong"]').inputValue();
    await firstUnread.screenshot({ path: join(SCREENSHOTS, '03b-dong-can-sua.png') });
    await firstUnread.getByLabel('Thời hạn').fill('Quý IV năm 2025');
    await firstUnread.getByRole('button', { name: 'Sửa và đọc lại' }).click();
    await officePage.waitForLoadState();
    const fixedRow = officePage.locator(`tr[data-where="${where}"]`);
    expect(await fixedRow.innerText()).toContain('đã sửa');
    expect(await fixedRow.innerText()).toContain('31/12/2025');
    await officePage.getByRole('button', { name: /Nhập 112 dòng/ }).click();
    await officePage.waitForSelector('[data-test="ket-qua-nhap"]', { timeout: 120_000 });
    expect(await officePage.locator('[data-test="ket-qua-nhap"]').innerText()).toContain('Khởi tạo 112');
    await screenshots(officePage, '04-ket-qua-nhap');
    await until('sổ theo dõi có 112 dòng', async () => Number((await h.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n) === 112);

    // A leader sees the overdue board, equal to `dondoc overdue --json` for the same day.
    const today = isoDateAt(await h.temporal.env.currentTimeMs());
    const boardRoom = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const leaderPage = await signIn(boardRoom, leader.email);
    expect(leaderPage.url()).toBe(`${web.url}/qua-han`);
    await leaderPage.goto(`${web.url}/qua-han?ngay=${toVietnameseDate(today)}`);
    const cli = bufferIo();
    expect(await overdue(['--json', '--as-of', toVietnameseDate(today)], { ...cli, env: { DONDOC_DB_PATH: h.dbPath } })).toBe(0);
    const listed = JSON.parse(cli.stdout()) as { items: { rowKey: string; occurrenceId: string; daysOverdue: number; workingDaysOverdue: number }[] };
    expect(listed.items.length).toBeGreaterThan(20);
    expect(await boardKeys(leaderPage)).toEqual(listed.items.map((i) => `${i.rowKey} ${i.occurrenceId} ${i.daysOverdue} ${i.workingDaysOverdue}`).sort());
    expect(await leaderPage.locator('[data-test="tong-qua-han"]').innerText()).toBe(String(listed.items.length));
    await screenshots(leaderPage, '05-lanh-dao-danh-sach-qua-han');
    // From the keyboard, the first stop skips to the content; printed, the board keeps its table and drops the rest.
    await leaderPage.keyboard.press('Tab');
    expect(await leaderPage.locator(':focus').innerText()).toBe('Chuyển đến nội dung chính');
    await leaderPage.emulateMedia({ media: 'print' });
    expect(await leaderPage.locator('header.top').isVisible()).toBe(false);
    expect(await leaderPage.locator('form.filters').isVisible()).toBe(false);
    expect(await leaderPage.locator('tr[data-row]').first().isVisible()).toBe(true);
    await leaderPage.emulateMedia({ media: 'screen' });

    // A row of the current year for Phòng PTCN&CĐS, due in three days: its reminders carry a signed link.
    const units = await sampleUnits();
    const due = addDays(today, 3);
    const year = Number(today.slice(0, 4));
    const spec: RowSpec = {
      planKey: `21-KH-SKHCN-${year}`,
      plan: { number: '21/KH-SKHCN', title: 'Kế hoạch chuyển đổi số', date: today, year },
      where: '2.1',
      content: 'Báo cáo kết quả số hoá hồ sơ thủ tục hành chính',
      lead: { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' },
      coordinating: [],
      deadlineText: `Chậm nhất ngày ${toVietnameseDate(due)}`,
      expectedOutput: 'Báo cáo kết quả số hoá',
      evidenceType: 'BC',
      schedule: parseDeadline({ text: `Chậm nhất ngày ${toVietnameseDate(due)}`, year, planStart: today }),
    };
    const rowKey = `${spec.planKey}/2.1`;
    await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: contactsFor(units, 'ptcn', []) }] });
    // Days pass until the row is overdue and escalated; the first reminder's link is the one the head keeps.
    let escalation;
    for (let day = 1; day <= 12 && !escalation; day++) {
      await h.advanceTo(`${addDays(today, day)}T09:00`);
      escalation = h.smtp.mails.find((m) => m.subject?.startsWith('[Quá hạn] 2.1') && m.text?.includes('Kế hoạch số 21/KH-SKHCN'));
    }
    expect(escalation).toBeDefined();
    const reminder = h.smtp.mails.find((m) => m.subject?.startsWith('[Nhắc việc] 2.1') && m.text?.includes('Kế hoạch số 21/KH-SKHCN'))!;
    expect(reminder.text).not.toContain('dondoc task');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/lien-ket\/\S+)/.exec(reminder.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(escalation!.text).toContain(`${web.url}/lien-ket/`);
    await until('dòng 2.1 quá hạn trong sổ theo dõi', async () => (await h.db.selectFrom('occurrences').select('effective').where('row_key', '=', rowKey).executeTakeFirst()) !== undefined);

    const asOf = toVietnameseDate(isoDateAt(await h.temporal.env.currentTimeMs()));
    await leaderPage.goto(`${web.url}/qua-han?ngay=${asOf}&don_vi=ptcn`);
    expect(await leaderPage.locator(`tr[data-row="${rowKey}"]`).count()).toBe(1);
    const period = `tu=01/01/2025&den=31/12/${year + 1}&ngay=${asOf}`;
    await leaderPage.goto(`${web.url}/so-lieu?${period}`);
    const lateBefore = await totalCell(leaderPage, 'hoan-thanh-qua-han');
    const overdueBefore = await totalCell(leaderPage, 'dang-thuc-hien-qua-han');

    // The unit head opens the link on a phone, uploads a PDF: the number and date are read from it.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const headPage = await phone.newPage();
    await headPage.goto(link!);
    // The link's page changes no session until its button is pressed.
    await headPage.getByRole('button', { name: 'Mở nhiệm vụ' }).click();
    await headPage.waitForURL(/\/nhiem-vu\//);
    expect(decodeURIComponent(new URL(headPage.url()).pathname)).toBe(`/nhiem-vu/${rowKey}`);
    expect(await headPage.locator('[data-test="trang-thai"]').innerText()).toBe('Đang thực hiện quá hạn');
    await screenshots(headPage, '06-don-vi-mo-lien-ket');
    // Dated the day it is submitted, after the deadline: late by the document's date and by the submission alike.
    const [dd, mm, yyyy] = asOf.split('/');
    const pdf = await administrativePdf(browser, '662/BC-SKHCN', `An Giang, ngày ${Number(dd)} tháng ${Number(mm)} năm ${yyyy}`, 'BÁO CÁO');
    await headPage.getByLabel('Tệp văn bản').setInputFiles({ name: 'bao-cao-so-hoa.pdf', mimeType: 'application/pdf', buffer: pdf });
    await headPage.getByRole('button', { name: 'Tải lên và đọc số, ngày từ tệp' }).click();
    await headPage.waitForLoadState();
    expect(await headPage.getByLabel('Số, ký hiệu văn bản').inputValue()).toBe('662/BC-SKHCN');
    expect(await headPage.getByLabel('Ngày văn bản').inputValue()).toBe(asOf);
    expect(await headPage.locator('.file-kept').innerText()).toContain('bao-cao-so-hoa.pdf');
    await screenshots(headPage, '07-don-vi-doc-so-ngay-tu-tep');
    await headPage.getByRole('button', { name: 'Gửi minh chứng' }).click();
    await headPage.waitForLoadState();
    expect(await headPage.locator('h1').innerText()).toBe('Đã gửi minh chứng');
    expect(await headPage.locator('[data-test="trang-thai"]').innerText()).toBe('Chờ xác nhận');
    await screenshots(headPage, '08-don-vi-da-gui');

    // The office finds it in the queue, downloads the file, and accepts it.
    await until('minh chứng vào hàng chờ', async () => (await h.db.selectFrom('evidence').select('evidence_id').where('row_key', '=', rowKey).where('review_decision', 'is', null).executeTakeFirst()) !== undefined);
    await officePage.goto(`${web.url}/cho-xac-nhan`);
    const item = officePage.locator(`section[data-row="${rowKey}"]`);
    expect(await item.innerText()).toContain('662/BC-SKHCN');
    await screenshots(officePage, '09-van-phong-cho-xac-nhan');
    const [download] = await Promise.all([officePage.waitForEvent('download'), item.getByRole('link', { name: 'Tải bao-cao-so-hoa.pdf' }).click()]);
    expect(readFileSync(await download.path())).toEqual(pdf);
    await item.getByRole('button', { name: 'Xác nhận' }).click();
    await officePage.waitForLoadState();
    expect(await officePage.locator('main').innerText()).toContain('Đã xác nhận minh chứng: Hoàn thành quá hạn.');

    // The board loses the row and the figures count it as completed late, as `dondoc report` does.
    await until('sổ theo dõi ghi nhận hoàn thành', async () => (await h.db.selectFrom('occurrences').select('outcome').where('row_key', '=', rowKey).executeTakeFirst())?.outcome === 'late');
    await leaderPage.goto(`${web.url}/qua-han?ngay=${asOf}&don_vi=ptcn`);
    expect(await leaderPage.locator(`tr[data-row="${rowKey}"]`).count()).toBe(0);
    await leaderPage.goto(`${web.url}/so-lieu?${period}`);
    expect(await totalCell(leaderPage, 'hoan-thanh-qua-han')).toBe(lateBefore + 1);
    expect(await totalCell(leaderPage, 'dang-thuc-hien-qua-han')).toBe(overdueBefore - 1);
    const sums = bufferIo();
    expect(await report(['--json', '--from', '01/01/2025', '--to', `31/12/${year + 1}`, '--as-of', asOf], { ...sums, env: { DONDOC_DB_PATH: h.dbPath } })).toBe(0);
    expect(await leaderPage.locator('[data-test="cau-bao-cao"]').innerText()).toBe((JSON.parse(sums.stdout()) as { sentence: string }).sentence);
    await screenshots(leaderPage, '10-lanh-dao-so-lieu');

    // Every action is in the row's log with the person who did it.
    await officePage.goto(`${web.url}/nhiem-vu/${rowKey}`);
    const timeline = await officePage.locator('.timeline').innerText();
    expect(timeline).toContain('Võ Thanh Tùng (Phòng Phát triển Công nghệ và Chuyển đổi số, qua liên kết trong thư) nộp minh chứng 662/BC-SKHCN');
    expect(timeline).toContain(`${office.name} xác nhận minh chứng 662/BC-SKHCN: hoàn thành quá hạn.`);
    await screenshots(officePage, '11-van-phong-trang-nhiem-vu');

    // The unit's own page, signed in with its account.
    const unitRoom = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const unitPage = await signIn(unitRoom, ACCOUNTS.find((a) => a.unitId === 'ptcn')!.email);
    expect(unitPage.url()).toBe(`${web.url}/don-vi`);
    expect(await unitPage.locator('h1').innerText()).toBe('Việc của đơn vị');
    await screenshots(unitPage, '12-don-vi-viec-cua-don-vi');
    await officePage.goto(`${web.url}/danh-ba`);
    await screenshots(officePage, '13-van-phong-danh-ba');
  }, 300_000);
});
