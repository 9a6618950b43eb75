import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { loadUnitsDirectory } from '../../activities/store/accounts';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { recordRowChange } from '../../activities/store/read-model';
import { signTaskLink } from '../../activities/task-links';
import { MissingSecretError, webSecretsFromEnv } from '../../client/web/config';
import { buildWebApp } from '../../client/web/server';
import { atLocalHour } from '../../domain/policy/reminders';
import { NOTHING_RECORDED, rowChangeSince } from '../../domain/tracking/row-change';
import { RowState } from '../../domain/tracking/row-state';
import { rowSpec } from '../engine/support';
import { ACCOUNTS, addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

/** Two rows on 05/09/2035, one led by Phòng PTCN&CĐS, one by Văn phòng Sở; "today" is 01/09/2035. */
const NOW = atLocalHour('2035-09-01', 10);
function row(where: string, lead: { id: string; name: string }): RowState {
  const spec = { ...rowSpec(where, 'Trước ngày 06/9/2035', 'Báo cáo kết quả rà soát'), lead };
  const occurrence = { id: 'chinh', label: '', opensOn: '2035-03-05', originalNominal: '2035-09-05', nominal: '2035-09-05', effective: '2035-09-07', role: 'deadline' as const, extensions: [], evidence: [] };
  return { rowKey: `${spec.planKey}/${where}`, spec, occurrences: [occurrence], messages: [], log: [{ at: atLocalHour('2035-03-05', 9), text: 'Bắt đầu theo dõi.' }], needsDeadline: false };
}
const PTCN_ROW = row('2.6', { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' });
const VP_ROW = row('2.7', { id: 'vp', name: 'Văn phòng Sở' });
const path = (s: RowState) => `/nhiem-vu/${s.rowKey}`;

const secrets = testSecrets();
let now = NOW;
const logs: string[] = [];
let db: Store;
let app: FastifyInstance;
let evidenceDir: string;

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-web-security-'), 'db.sqlite') });
  for (const s of [PTCN_ROW, VP_ROW]) await recordRowChange(db, rowChangeSince(s, NOTHING_RECORDED, NOW)!.change);
  await addAccounts(db);
  evidenceDir = tempDir('dondoc-web-evidence-');
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  app = await buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets, evidenceDir, units: await sampleUnits(), now: () => now, loginAttemptsPerMinute: 10, maxUploadBytes: 64 * 1024, logStream });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

const unitHead = ACCOUNTS.find((a) => a.unitId === 'ptcn')!;
const link = (scope: { unitId: string; rowKey: string; occurrenceId: string; expiresOn: string }) => `/lien-ket/${signTaskLink(scope, secrets.linkSecret)}`;
const ptcnLink = link({ unitId: 'ptcn', rowKey: PTCN_ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2035-10-07' });

/** Opens a mail's link as a person does: the page, then its button (a GET changes no session). */
async function openLink(v: Visitor, url: string) {
  const page = await v.get(url);
  return page.statusCode === 200 ? v.post(url, { _csrf: Visitor.csrf(page) }) : page;
}

async function signedIn(email: string): Promise<Visitor> {
  const v = new Visitor(app);
  expect((await v.login(email)).statusCode).toBe(302);
  return v;
}

describe('access: every page and action checks role and unit on the server', () => {
  it("refuses another unit's row, unit page and evidence form to a unit's session (403)", async () => {
    const v = await signedIn(unitHead.email);
    expect((await v.get(path(PTCN_ROW))).statusCode).toBe(200);
    const other = await v.get(path(VP_ROW));
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Nhiệm vụ này thuộc đơn vị khác');
    expect(other.body).not.toContain(VP_ROW.spec.content);
    expect((await v.get('/don-vi/vp')).statusCode).toBe(403);
    const own = await v.get(path(PTCN_ROW));
    const post = await v.postMultipart(`${path(VP_ROW)}/minh-chung`, { _csrf: Visitor.csrf(own), lan: 'chinh', so: '662/BC-SKHCN', ngay: '01/09/2035' });
    expect(post.statusCode).toBe(403);
    for (const page of ['/qua-han', '/so-lieu', '/qua-han.xlsx', '/so-lieu.xlsx', '/cho-xac-nhan', '/ke-hoach', '/danh-ba']) expect((await v.get(page)).statusCode).toBe(403);
    expect((await v.get(`${path(VP_ROW)}/tep/chinh~mc-1/0`)).statusCode).toBe(403);
    const office = await v.post(`${path(PTCN_ROW)}/van-phong/huy`, { _csrf: Visitor.csrf(own), ly_do: 'thử' });
    expect(office.statusCode).toBe(403);
  });

  it('shows a unit its own lists only', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get('/don-vi');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-row="${PTCN_ROW.rowKey}"`);
    expect(page.body).not.toContain(`data-row="${VP_ROW.rowKey}"`);
  });

  it('returns after login only to a page of this site', async () => {
    for (const [next, expected] of [['/so-lieu?tu=01/01/2035', '/so-lieu?tu=01/01/2035'], ['//evil.example/', '/'], ['https://evil.example/', '/'], ['/\\evil.example', '/']]) {
      const v = new Visitor(app);
      const page = await v.get('/dang-nhap');
      const res = await v.post('/dang-nhap', { _csrf: Visitor.csrf(page), email: ACCOUNTS[0].email, mat_khau: PASSWORD, tiep: next });
      expect(res.headers.location).toBe(expected);
    }
  });

  it('sends a visitor without a session to the login page, and a leader may read but not act', async () => {
    const anonymous = new Visitor(app);
    const board = await anonymous.get('/qua-han');
    expect(board.statusCode).toBe(302);
    expect(board.headers.location).toBe('/dang-nhap?tiep=%2Fqua-han');
    const leader = await signedIn(ACCOUNTS.find((a) => a.role === 'lanh-dao')!.email);
    const row = await leader.get(path(VP_ROW));
    expect(row.statusCode).toBe(200);
    expect(row.body).not.toContain('Việc của Văn phòng');
    expect((await leader.post(`${path(VP_ROW)}/van-phong/huy`, { _csrf: Visitor.csrf(row), ly_do: 'thử' })).statusCode).toBe(403);
    expect((await leader.get('/cho-xac-nhan')).statusCode).toBe(403);
  });
});

describe('the office and leadership pages', () => {
  it('downloads the overdue board as a workbook, line for line', async () => {
    const leader = await signedIn(ACCOUNTS.find((a) => a.role === 'lanh-dao')!.email);
    const page = await leader.get('/qua-han?ngay=10/09/2035');
    expect(page.body).toContain('data-test="tong-qua-han">2<');
    expect(page.body).toContain('href="/qua-han.xlsx?ngay=10%2F09%2F2035"');
    const file = await leader.get('/qua-han.xlsx?ngay=10/09/2035');
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Quá hạn')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Danh sách nhiệm vụ quá hạn, tính đến ngày 10/09/2035: 2 lần thực hiện');
    const lines = [4, 5].map((n) => (sheet.getRow(n).values as unknown[]).slice(1, 10));
    expect(lines).toEqual([
      ['Phòng Phát triển Công nghệ và Chuyển đổi số', 'Phó Giám đốc Phạm Quốc Bảo', '2.6', PTCN_ROW.spec.content, '', '05/09/2035', '07/09/2035', 3, 1],
      ['Văn phòng Sở', 'Phó Giám đốc Lê Thị Hồng Nhung', '2.7', VP_ROW.spec.content, '', '05/09/2035', '07/09/2035', 3, 1],
    ]);
  });

  it('groups the board by unit or by leader in charge, filters by leader, and stars the units a leader oversees', async () => {
    const leader = await signedIn(ACCOUNTS.find((a) => a.role === 'lanh-dao')!.email);
    const byLeader = await leader.get('/qua-han?ngay=10/09/2035&theo=lanh-dao');
    expect(byLeader.body).toMatch(/<h3 class="group__name">Phó Giám đốc Lê Thị Hồng Nhung <span class="count">\(1\)<\/span><\/h3>/);
    expect(byLeader.body).toMatch(/<h3 class="group__name">Phó Giám đốc Phạm Quốc Bảo <span class="count">\(1\)<\/span><\/h3>/);
    // pgd1 oversees Văn phòng Sở: its line is starred, Phòng PTCN&CĐS's is not.
    expect(byLeader.body).toMatch(new RegExp(`<tr class="oversee" data-row="${VP_ROW.rowKey}"`));
    expect(byLeader.body).toMatch(new RegExp(`<tr class="" data-row="${PTCN_ROW.rowKey}"`));
    const filtered = await leader.get('/qua-han?ngay=10/09/2035&lanh_dao=pgd2');
    expect(filtered.body).toContain('data-test="tong-qua-han">1<');
    expect(filtered.body).toContain(`data-row="${PTCN_ROW.rowKey}"`);
    expect(filtered.body).not.toContain(`data-row="${VP_ROW.rowKey}"`);
  });

  it("saves a unit's entry in the directory as a new version, and refuses an invalid one with the field named", async () => {
    const office = await signedIn(ACCOUNTS.find((a) => a.role === 'van-phong')!.email);
    const page = await office.get('/danh-ba');
    const entry = { _csrf: Visitor.csrf(page), ma: 'ptcn', ten: 'Phòng Phát triển Công nghệ và Chuyển đổi số', ten_khac: 'Phòng PTCN&CĐS; PTCN', truong_don_vi: 'Trần Thị Mới', thu_dien_tu: 'ptcn-moi@skhcn-angiang.example', lanh_dao: 'pgd2' };
    const bad = await office.post('/danh-ba', { ...entry, thu_dien_tu: 'không-phải-thư' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('units › 1 › head › email: phải là địa chỉ email');
    const saved = await office.post('/danh-ba', entry);
    expect(saved.headers.location).toBe('/danh-ba?da_luu=1');
    const units = (await loadUnitsDirectory(db))!;
    expect(units.units.find((u) => u.id === 'ptcn')).toEqual({ id: 'ptcn', name: entry.ten, aliases: ['Phòng PTCN&CĐS', 'PTCN'], head: { name: 'Trần Thị Mới', email: 'ptcn-moi@skhcn-angiang.example', channel: 'both', zaloUserId: '7613208459912047735' }, leader: 'pgd2' });
    const versions = await db.selectFrom('units_directory').select(['version', 'saved_by']).orderBy('version').execute();
    expect(versions).toEqual([{ version: 1, saved_by: 'khởi tạo từ tệp danh bạ' }, { version: 2, saved_by: 'Nguyễn Thị Thu Hà' }]);
    const unit = await signedIn(unitHead.email);
    expect((await unit.post('/danh-ba', { ...entry, _csrf: Visitor.csrf(await unit.get(path(PTCN_ROW))) })).statusCode).toBe(403);
  });
});

describe('signed links', () => {
  it('open exactly one unit’s row and occurrence, and nothing else (403)', async () => {
    const v = new Visitor(app);
    const shown = await v.get(ptcnLink);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<button class="button" type="submit">Mở nhiệm vụ</button>');
    // Showing the link opened nothing: no session yet.
    expect((await v.get(path(PTCN_ROW))).statusCode).toBe(302);
    const opened = await v.post(ptcnLink, { _csrf: Visitor.csrf(shown) });
    expect(opened.statusCode).toBe(302);
    expect(opened.headers.location).toBe('/nhiem-vu/16-KH-SKHCN-2035/2.6?lan=chinh');
    const page = await v.get(path(PTCN_ROW));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nộp minh chứng');
    expect((await v.get(path(VP_ROW))).statusCode).toBe(403);
    expect((await v.get('/don-vi/ptcn')).statusCode).toBe(403);
    expect((await v.get('/qua-han')).statusCode).toBe(403);
    const otherOccurrence = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: '2035-10', so: '662/BC-SKHCN', ngay: '01/09/2035' });
    expect(otherOccurrence.statusCode).toBe(403);
  });

  it("made for another unit's row do not open this row (403)", async () => {
    const v = new Visitor(app);
    await openLink(v, link({ unitId: 'ptcn', rowKey: VP_ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2035-10-07' }));
    expect((await v.get(path(VP_ROW))).statusCode).toBe(403);
  });

  it('refuses a tampered link and an expired one', async () => {
    const [body, mac] = ptcnLink.slice('/lien-ket/'.length).split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString('utf8').replace('ptcn', 'vp')).toString('base64url');
    for (const token of [`${forged}.${mac}`, `${body}.${mac.slice(0, -2)}AA`, body, `${body}.${mac}.x`]) {
      const res = await new Visitor(app).get(`/lien-ket/${token}`);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Liên kết không hợp lệ');
    }
    const expired = await new Visitor(app).get(link({ unitId: 'ptcn', rowKey: PTCN_ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2035-08-31' }));
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('Liên kết đã hết hạn');
    const holder = new Visitor(app);
    const lastDay = await openLink(holder, link({ unitId: 'ptcn', rowKey: PTCN_ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2035-09-01' }));
    expect(lastDay.statusCode).toBe(302);
    expect((await holder.get(path(PTCN_ROW))).statusCode).toBe(200);
    // The session the link opened ends with the link's last day.
    now = NOW + 24 * 3600 * 1000;
    try {
      const nextDay = await holder.get(path(PTCN_ROW));
      expect(nextDay.statusCode).toBe(403);
      expect(nextDay.body).toContain('Liên kết trong thư đã hết hạn');
    } finally {
      now = NOW;
    }
  });
});

describe('forms and uploads', () => {
  it('refuses a form without its CSRF token, before anything is done', async () => {
    const v = await signedIn(unitHead.email);
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { lan: 'chinh', so: '662/BC-SKHCN', ngay: '01/09/2035' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Biểu mẫu đã cũ');
    const login = await new Visitor(app).post('/dang-nhap', { email: unitHead.email, mat_khau: PASSWORD });
    expect(login.statusCode).toBe(403);
    const other = await signedIn(ACCOUNTS.find((a) => a.role === 'van-phong')!.email);
    const foreignToken = Visitor.csrf(await other.get(path(PTCN_ROW)));
    expect((await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: foreignToken, lan: 'chinh', so: '1/BC-X', ngay: '01/09/2035' })).statusCode).toBe(403);
  });

  it('refuses an oversized upload with a message', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get(path(PTCN_ROW));
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', hanh_dong: 'doc-tep' }, { field: 'tep', name: 'bao-cao.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100 * 1024, 32)]) });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Tệp tải lên vượt giới hạn');
  });

  it('refuses a file whose content is not what its name says, beside the field, keeping what was typed', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get(path(PTCN_ROW));
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const docx = await zip.generateAsync({ type: 'nodebuffer' });
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '662/BC-SKHCN', ngay: '27/4/2035', hanh_dong: 'gui' }, { field: 'tep', name: 'bao-cao.pdf', bytes: docx });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Tên tệp &quot;bao-cao.pdf&quot; ghi đuôi .pdf nhưng nội dung là Word (DOCX)');
    expect(res.body).toContain('value="662/BC-SKHCN"');
    expect(res.body).toContain('value="27/4/2035"');
    const program = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(res), lan: 'chinh', hanh_dong: 'gui' }, { field: 'tep', name: 'bao-cao.pdf', bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1') });
    expect(program.statusCode).toBe(400);
    expect(program.body).toContain('có nội dung không rõ loại, không phải loại được nhận');
  });

  it('keeps a file named to climb out of the evidence store inside it, under its last name only', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get(path(PTCN_ROW));
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', hanh_dong: 'doc-tep' }, { field: 'tep', name: '../../../../tmp/..\\..\\dondoc-thoat.pdf', bytes: Buffer.from('%PDF-1.4\n% không có số văn bản\n') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Đã tải lên: <strong>dondoc-thoat.pdf</strong>');
    expect(existsSync('/tmp/dondoc-thoat.pdf')).toBe(false);
    const stored: string[] = [];
    const walk = (dir: string) => readdirSync(dir).forEach((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : stored.push(join(dir, n))));
    walk(evidenceDir);
    expect(stored.filter((f) => f.endsWith('dondoc-thoat.pdf'))).toHaveLength(1);
    expect(stored.every((f) => resolve(f).startsWith(resolve(evidenceDir)))).toBe(true);
  });

  it('asks for the number and the date beside their fields, without reaching the workflow', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get(path(PTCN_ROW));
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '', ngay: '31/02/2035', hanh_dong: 'gui' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<p class="error-message" id="so-loi">Ghi số và ký hiệu văn bản, ví dụ 662/BC-SKHCN.</p>');
    expect(res.body).toContain('&quot;31/02/2035&quot; không phải ngày');
    expect(res.body).toContain('value="31/02/2035"');
  });
});

describe('headers, cookies and errors', () => {
  it('sends security headers on every page and an HttpOnly, SameSite session cookie', async () => {
    const res = await new Visitor(app).get('/dang-nhap');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dondoc_phien='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it('answers an unexpected failure with a plain Vietnamese page, and keeps the details for the log', async () => {
    const v = await signedIn(unitHead.email);
    const page = await v.get(path(PTCN_ROW));
    // This app's Temporal client throws on any use: the submission fails inside the server.
    const res = await v.postMultipart(`${path(PTCN_ROW)}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '662/BC-SKHCN', ngay: '01/09/2035', hanh_dong: 'gui' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Trang web gặp lỗi không mong đợi. Hãy thử lại; nếu vẫn lỗi, báo Văn phòng Sở.');
    expect(res.body).not.toContain('Temporal không được gọi tới');
    expect(res.body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(logs.join('')).toContain('Temporal không được gọi tới');
  });
});

describe('login and secrets', () => {
  it('refuses wrong passwords, then the eleventh attempt on one account within a minute (429), even with the right one', async () => {
    const v = new Visitor(app);
    const email = ACCOUNTS.find((a) => a.unitId === 'vp')!.email;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await v.login(email, 'sai-mật-khẩu-rồi')).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));
    const last = await v.login(email);
    expect(last.statusCode).toBe(429);
    expect(last.body).toContain('Tài khoản này đã được thử đăng nhập quá nhiều lần. Hãy đợi 1 phút rồi thử lại.');
  });

  it('keeps secrets out of pages and logs', async () => {
    const v = await signedIn(ACCOUNTS.find((a) => a.role === 'van-phong')!.email);
    const bodies: string[] = [];
    for (const p of ['/qua-han', '/so-lieu', '/cho-xac-nhan', '/danh-ba', '/ke-hoach', path(PTCN_ROW), '/khong-co']) bodies.push((await v.get(p)).body);
    await openLink(new Visitor(app), ptcnLink);
    const everything = [...bodies, ...logs].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [secrets.linkSecret, secrets.sessionKey.toString('base64'), secrets.sessionKey.toString('hex'), PASSWORD, ptcnLink.slice('/lien-ket/'.length)]) expect(everything).not.toContain(secret);
    expect(logs.join('')).toContain('/lien-ket/***');
  });

  it('will not start in production without secrets, and generates ephemeral ones elsewhere with a warning', () => {
    expect(() => webSecretsFromEnv({ NODE_ENV: 'production', DONDOC_SESSION_SECRET: 'x'.repeat(40) }, () => undefined)).toThrow(MissingSecretError);
    expect(() => webSecretsFromEnv({ NODE_ENV: 'production', DONDOC_SESSION_SECRET: 'x'.repeat(40), DONDOC_LINK_SECRET: 'ngắn' }, () => undefined)).toThrow(/DONDOC_LINK_SECRET quá ngắn/);
    const warnings: string[] = [];
    const a = webSecretsFromEnv({}, (w) => warnings.push(w));
    const b = webSecretsFromEnv({}, () => undefined);
    expect(a.linkSecret).not.toBe(b.linkSecret);
    expect(warnings.join('\n')).toContain('DONDOC_LINK_SECRET chưa được đặt');
    expect(warnings.join('\n')).not.toContain(a.linkSecret);
  });
});
