import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { buildWebApp } from '../../client/web/server';
import { isoDateAt, toVietnameseDate } from '../../domain/dates';
import { ACCOUNTS, addAccounts, PASSWORD, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

/** Sessions follow the account as the server holds it now: what the cookie says at login is not trusted later. */
let db: Store;
let dbPath: string;
let app: FastifyInstance;

beforeAll(async () => {
  dbPath = join(tempDir('dondoc-web-sessions-'), 'db.sqlite');
  db = await openStore({ sqlitePath: dbPath });
  await addAccounts(db);
  app = await buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets: testSecrets(), evidenceDir: tempDir('dondoc-web-evidence-'), units: await sampleUnits() });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

/** `dondoc …` as a person runs it, on this test's database. */
function dondoc(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'dondoc'), ...args], { env: { ...process.env, DONDOC_DB_PATH: dbPath, DATABASE_URL: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(stdin);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;
const unitHead = ACCOUNTS.find((a) => a.unitId === 'ptcn')!;
const vpHead = ACCOUNTS.find((a) => a.unitId === 'vp')!;

async function signedIn(email: string, password = PASSWORD): Promise<Visitor> {
  const v = new Visitor(app);
  expect((await v.login(email, password)).statusCode).toBe(302);
  return v;
}

/** A copy of a browser's cookie, taken by someone else. */
const copied = (v: Visitor) => (url: string) => app.inject({ method: 'GET', url, headers: { cookie: v.cookie } });

describe('sessions end when the account changes on the server', () => {
  it('a copied cookie stops working when its owner logs out', async () => {
    const v = await signedIn(leader.email);
    const thief = copied(v);
    expect((await thief('/qua-han')).statusCode).toBe(200);
    const page = await v.get('/qua-han');
    expect((await v.post('/dang-xuat', { _csrf: Visitor.csrf(page) })).headers.location).toBe('/dang-nhap');
    const after = await thief('/qua-han');
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/dang-nhap?tiep=%2Fqua-han');
  });

  it('a change of unit or role made in the database, or a deleted account, ends the session at its next request', async () => {
    const v = await signedIn(unitHead.email);
    expect((await v.get('/don-vi')).statusCode).toBe(200);
    await db.updateTable('users').set({ unit_id: 'tt' }).where('email', '=', unitHead.email).execute();
    expect((await v.get('/don-vi')).statusCode).toBe(302);
    await db.updateTable('users').set({ unit_id: 'ptcn' }).where('email', '=', unitHead.email).execute();

    const l = await signedIn(leader.email);
    await db.updateTable('users').set({ role: 'don-vi' }).where('email', '=', leader.email).execute();
    expect((await l.get('/qua-han')).headers.location).toBe('/dang-nhap?tiep=%2Fqua-han');
    await db.updateTable('users').set({ role: 'lanh-dao' }).where('email', '=', leader.email).execute();

    const gone = await signedIn(vpHead.email);
    const row = await db.selectFrom('users').selectAll().where('email', '=', vpHead.email).executeTakeFirstOrThrow();
    await db.deleteFrom('users').where('email', '=', vpHead.email).execute();
    expect((await gone.get('/don-vi')).statusCode).toBe(302);
    await db.insertInto('users').values(row).execute();
  });

  it('a new password set with `dondoc user add` ends every session of the account; the new password signs in', async () => {
    const v = await signedIn(office.email);
    const thief = copied(v);
    const added = await dondoc(['user', 'add', '--name', office.name, '--email', office.email, '--role', 'van-phong'], 'mật-khẩu-mới-đủ-dài\n');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect((await v.get('/cho-xac-nhan')).statusCode).toBe(302);
    expect((await thief('/cho-xac-nhan')).statusCode).toBe(302);
    expect((await new Visitor(app).login(office.email)).statusCode).toBe(401);
    const again = await signedIn(office.email, 'mật-khẩu-mới-đủ-dài');
    expect((await again.get('/cho-xac-nhan')).statusCode).toBe(200);
  }, 60_000);

  it('`dondoc user disable --email` ends the sessions and refuses the next login; `dondoc user list` shows who is on and off', async () => {
    const v = await signedIn(vpHead.email);
    expect((await v.get('/don-vi')).statusCode).toBe(200);
    const disabled = await dondoc(['user', 'disable', '--email', vpHead.email.toUpperCase()]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain(`Đã tắt tài khoản ${vpHead.email}: không đăng nhập được nữa, mọi phiên đang mở đã kết thúc.`);
    expect((await v.get('/don-vi')).statusCode).toBe(302);
    const refused = await new Visitor(app).login(vpHead.email);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Tài khoản này đã bị tắt. Hãy liên hệ Văn phòng Sở');

    const listed = await dondoc(['user', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toBe('Thư điện tử\tHọ tên\tVai trò\tĐơn vị\tTrạng thái');
    expect(lines).toContain(`${vpHead.email}\t${vpHead.name}\tĐơn vị (don-vi)\tvp\tđã tắt ngày ${toVietnameseDate(isoDateAt(Date.now()))}`);
    expect(lines).toContain(`${unitHead.email}\t${unitHead.name}\tĐơn vị (don-vi)\tptcn\tđang dùng`);
    expect(lines).toContain(`${office.email}\t${office.name}\tVăn phòng Sở (van-phong)\t—\tđang dùng`);
    expect(lines).toHaveLength(ACCOUNTS.length + 1);

    const unknown = await dondoc(['user', 'disable', '--email', 'khong-co@skhcn-angiang.example']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có tài khoản khong-co@skhcn-angiang.example. Xem các tài khoản bằng: dondoc user list');
    const missing = await dondoc(['user', 'disable']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Thiếu --email của tài khoản cần tắt.');

    // Added again with a new password, the account is on again.
    expect((await dondoc(['user', 'add', '--name', vpHead.name, '--email', vpHead.email, '--role', 'don-vi', '--unit', 'vp'], `${PASSWORD}\n`)).code).toBe(0);
    expect((await (await signedIn(vpHead.email)).get('/don-vi')).statusCode).toBe(200);
  }, 90_000);
});
