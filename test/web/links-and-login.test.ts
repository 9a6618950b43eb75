import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { officeReviewLines, signTaskLink } from '../../activities/task-links';
import { buildWebApp, startWebServer, RunningWebServer } from '../../client/web/server';
import { atLocalHour } from '../../domain/policy/reminders';
import { launchChromium, screenshots } from '../support/browser';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { ACCOUNTS, addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

/** A link does one thing: the office's opens its review page; a unit's opens one occurrence, and asks first. */
const NOW = atLocalHour('2025-04-01', 10);
const ROW = rowState('2.6', 'Báo cáo kết quả rà soát thủ tục hành chính', { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }, 'Trước ngày 30/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-29', '2025-04-29')]);
const ROW_PATH = `/nhiem-vu/${ROW.rowKey}`;
const secrets = testSecrets();
const unitLink = `/lien-ket/${signTaskLink({ unitId: 'ptcn', rowKey: ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2025-05-29' }, secrets.linkSecret)}`;
const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const otherUnit = ACCOUNTS.find((a) => a.unitId === 'vp')!;

let db: Store;
let app: FastifyInstance;
const build = async (loginLimits = {}) =>
  buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets, evidenceDir: tempDir('dondoc-web-evidence-'), units: await sampleUnits(), now: () => NOW, loginLimits });

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-web-links-'), 'db.sqlite') });
  await recorder(db)(ROW, NOW);
  await addAccounts(db);
  app = await build();
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

async function signedIn(email: string, on = app): Promise<Visitor> {
  const v = new Visitor(on);
  expect((await v.login(email)).statusCode).toBe(302);
  return v;
}

describe("a unit's link", () => {
  it('changes no session on GET: the page shows what it opens and a button that POSTs', async () => {
    const v = new Visitor(app);
    const page = await v.get(unitLink);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Mở nhiệm vụ từ thư</h1>');
    expect(page.body).toContain('Phòng Phát triển Công nghệ và Chuyển đổi số');
    expect(page.body).toContain('<dd>Mục 2.6: Báo cáo kết quả rà soát thủ tục hành chính</dd>');
    expect(page.body).toContain('<dd>Lần thực hiện chính</dd>');
    expect(page.body).toMatch(new RegExp(`<form method="post" action="${unitLink}">`));
    expect((await v.get(ROW_PATH)).statusCode).toBe(302);
    // A POST without the page's token changes nothing either.
    expect((await new Visitor(app).post(unitLink, {})).statusCode).toBe(403);
    const opened = await v.post(unitLink, { _csrf: Visitor.csrf(page) });
    expect(opened.headers.location).toBe(`${ROW_PATH}?lan=chinh`);
    expect((await v.get(ROW_PATH)).statusCode).toBe(200);
    // Opened again in the same browser: the page says so and links to the row.
    expect((await v.get(unitLink)).body).toContain(`<a class="button" href="${ROW_PATH}?lan=chinh">Mở nhiệm vụ</a>`);
  });

  it("never replaces a signed-in office's session unasked; the office may open the row as itself", async () => {
    const v = await signedIn(office.email);
    const page = await v.get(unitLink);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Anh/chị đang đăng nhập là <strong>${office.name}</strong>`);
    expect(page.body).toContain(`<a class="button" href="${ROW_PATH}?lan=chinh">Mở nhiệm vụ bằng tài khoản đang đăng nhập</a>`);
    // A form that forgot to ask keeps the office's session.
    const unasked = await v.post(unitLink, { _csrf: Visitor.csrf(page) });
    expect(unasked.headers.location).toBe(unitLink);
    expect((await v.get('/cho-xac-nhan')).statusCode).toBe(200);
    const row = await v.get(ROW_PATH);
    expect(row.body).not.toContain('Nộp minh chứng');
    expect(row.body).toContain('Việc của Văn phòng');
  });

  it('asks a signed-in person of another unit, and replaces the session only when they say so', async () => {
    const v = await signedIn(otherUnit.email);
    const page = await v.get(unitLink);
    expect(page.body).toContain('tài khoản đang đăng nhập không xem được nhiệm vụ này');
    expect(page.body).toContain(`Đăng xuất ${otherUnit.name} và mở bằng liên kết`);
    expect((await v.get('/don-vi')).statusCode).toBe(200);
    const replaced = await v.post(unitLink, { _csrf: Visitor.csrf(page), thay_phien: 'co' });
    expect(replaced.headers.location).toBe(`${ROW_PATH}?lan=chinh`);
    expect((await v.get(ROW_PATH)).body).toContain('Nộp minh chứng');
    expect((await v.get('/don-vi')).statusCode).toBe(403);
  });
});

describe("the office's digest link", () => {
  const lines = officeReviewLines(ROW.rowKey, { webBaseUrl: 'https://dondoc.skhcn-angiang.example/', linkSecret: secrets.linkSecret });

  it('is the review page, with no unit scope in it', () => {
    expect(lines.url).toBe('https://dondoc.skhcn-angiang.example/cho-xac-nhan');
    expect(lines.text).toBe('Xác nhận minh chứng (đăng nhập tài khoản Văn phòng): https://dondoc.skhcn-angiang.example/cho-xac-nhan');
    expect(lines.text).not.toContain('lien-ket');
    expect(officeReviewLines(ROW.rowKey, {}).text).toBe(`Mã nhiệm vụ: ${ROW.rowKey}. Xác nhận bằng: dondoc task review ${ROW.rowKey} --accept (hoặc --return "<lý do>").`);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let web: RunningWebServer;
    beforeAll(async () => {
      browser = await launchChromium();
      web = await startWebServer({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets, evidenceDir: tempDir('dondoc-web-evidence-'), units: await sampleUnits(), now: () => NOW, port: 0 });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await web?.close();
    });

    it("opens the review page in the office's own session, before and after a unit's link was shown", async () => {
      const page = await (await browser.newContext()).newPage();
      const reviewUrl = `${web.url}${new URL(lines.url!).pathname}`;
      await page.goto(reviewUrl);
      expect(new URL(page.url()).pathname).toBe('/dang-nhap');
      await page.getByLabel('Thư điện tử').fill(office.email);
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL(reviewUrl);
      expect(await page.locator('h1').innerText()).toBe('Minh chứng chờ xác nhận');
      // The unit's link, opened by the office in the same browser, asks and changes nothing.
      await page.goto(`${web.url}${unitLink}`);
      expect(await page.locator('[data-test="dang-dang-nhap"]').innerText()).toContain(`Anh/chị đang đăng nhập là ${office.name}`);
      await screenshots(page, 'lien-ket-hoi-truoc-khi-doi-phien');
      await page.goto(reviewUrl);
      expect(await page.locator('h1').innerText()).toBe('Minh chứng chờ xác nhận');
    }, 60_000);
  });
});

describe('login', () => {
  const attempt = async (on: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1', tiep = '/') => {
    const v = new Visitor(on);
    const page = await v.get('/dang-nhap');
    return on.inject({ method: 'POST', url: '/dang-nhap', remoteAddress, headers: { cookie: v.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: Visitor.csrf(page), email, mat_khau: password, tiep }).toString() });
  };

  it('limits one address across accounts, one account across addresses, and the whole server', async () => {
    const limited = await build({ perAccount: 3, perAddress: 5, global: 9 });
    try {
      const byAddress = [];
      for (let i = 0; i < 6; i++) byAddress.push((await attempt(limited, `nguoi-${i}@skhcn-angiang.example`, 'sai-mật-khẩu', '10.0.0.1')).statusCode);
      expect(byAddress).toEqual([401, 401, 401, 401, 401, 429]);
      const refused = await attempt(limited, office.email, PASSWORD, '10.0.0.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.body).toContain('Máy của anh/chị đã thử đăng nhập quá nhiều lần. Hãy đợi 1 phút rồi thử lại.');
      const byAccount = [];
      for (const address of ['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.4']) byAccount.push((await attempt(limited, otherUnit.email, 'sai-mật-khẩu', address)).statusCode);
      expect(byAccount).toEqual([401, 401, 401, 429]);
      // Nine attempts were counted (five, and three, and the refused one from 10.0.0.1 was not): the tenth is over the ceiling.
      const first = await attempt(limited, office.email, PASSWORD, '10.0.2.1');
      expect(first.statusCode).toBe(302);
      const ceiling = await attempt(limited, office.email, PASSWORD, '10.0.2.2');
      expect(ceiling.statusCode).toBe(429);
      expect(ceiling.body).toContain('Máy chủ đang nhận quá nhiều lượt đăng nhập');
    } finally {
      await limited.close();
    }
  });

  it('answers an unknown e-mail as slowly as a wrong password, without running scrypt each time', async () => {
    // scrypt runs on libuv's threads: the process's CPU time counts it, whatever else the machine is doing.
    const timed = async (email: string) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      expect((await attempt(app, email, 'sai-mật-khẩu', `10.1.0.${Math.floor(Math.random() * 250)}`)).statusCode).toBe(401);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    };
    const known = [];
    for (let i = 0; i < 3; i++) known.push(await timed(office.email));
    const unknown = [];
    for (let i = 0; i < 5; i++) unknown.push(await timed(`khong-co-${i}@skhcn-angiang.example`));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.info(`đăng nhập sai: thư có thật ${median(known.map((k) => k.ms)).toFixed(0)} ms (CPU ${median(known.map((k) => k.cpuMs)).toFixed(0)} ms); thư không có ${median(unknown.map((u) => u.ms)).toFixed(0)} ms (CPU ${median(unknown.map((u) => u.cpuMs)).toFixed(0)} ms)`);
    expect(median(unknown.map((u) => u.cpuMs))).toBeLessThan(median(known.map((k) => k.cpuMs)) / 3);
    // The answer waits about as long as the real check measured (a lower bound only: a loaded machine is slower).
    expect(Math.min(...unknown.map((u) => u.ms))).toBeGreaterThan(median(known.map((k) => k.ms)) * 0.3);
  });

  it('treats SQL and markup in what is typed as data', async () => {
    const injected = await attempt(app, "x' OR '1'='1", "' OR ''='", '10.3.0.1');
    expect(injected.statusCode).toBe(401);
    expect(injected.body).toContain('value="x&#39; OR &#39;1&#39;=&#39;1"');
    const page = await new Visitor(app).get(`/dang-nhap?tiep=${encodeURIComponent('/"><script>alert(1)</script>')}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('name="tiep" value="/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"');
  });

  it('returns to a page whose address has Vietnamese letters, percent-encoded, instead of failing after login', async () => {
    const res = await attempt(app, office.email, PASSWORD, '10.2.0.1', '/so-lieu?ghi_chu=Báo-cáo-tháng-4&x=đ');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/so-lieu?ghi_chu=B%C3%A1o-c%C3%A1o-th%C3%A1ng-4&x=%C4%91');
    const spaced = await attempt(app, office.email, PASSWORD, '10.2.0.2', '/ke-hoach?tên=Kế hoạch');
    expect(spaced.headers.location).toBe('/ke-hoach?t%C3%AAn=K%E1%BA%BF%20ho%E1%BA%A1ch');
    const page = await new Visitor(app).get(`/dang-nhap?tiep=${encodeURIComponent('/ke-hoach?tên=Kế hoạch')}`);
    expect(page.statusCode).toBe(200);
  });
});
