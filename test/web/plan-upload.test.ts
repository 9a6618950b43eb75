import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { openStore, Store } from '../../activities/store/database';
import { run as plan } from '../../client/commands/plan';
import { buildWebApp } from '../../client/web/server';
import { bufferIo } from '../support/io';
import { ACCOUNTS, addAccounts, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

const samples = join(__dirname, '..', '..', 'samples');
const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;

let db: Store;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-web-plan-'), 'db.sqlite') });
  await addAccounts(db);
  // Reading and previewing a plan needs no Temporal: any call to it fails the test.
  app = await buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets: testSecrets(), evidenceDir: tempDir('dondoc-web-plan-evidence-'), units: await sampleUnits() });
});
afterAll(async () => {
  await app.close();
  await db.destroy();
});

async function upload(file: { name: string; bytes: Buffer }, nam = '') {
  const v = new Visitor(app);
  await v.login(office.email);
  const form = await v.get('/ke-hoach');
  const res = await v.postMultipart('/ke-hoach', { _csrf: Visitor.csrf(form), nam }, { field: 'tep', ...file });
  return { v, res };
}

/** What `dondoc plan preview` prints as its last line: the same summary the web's preview shows. */
async function cliSummary(file: string, extra: string[] = []): Promise<string> {
  const io = { ...bufferIo(), env: {} };
  expect(await plan(['preview', file, '--units', join(samples, 'units.json'), ...extra], io)).toBe(0);
  return io.stdout().trim().split('\n').at(-1)!;
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#34;|&quot;/g, '"').replace(/\s+/g, ' ');

describe('the plan upload of the web app', () => {
  it('reads a Word (DOCX) plan, with the same preview as dondoc plan preview', async () => {
    const file = join(samples, 'ke-hoach-16-KH-SKHCN-2025.docx');
    const { v, res } = await upload({ name: 'ke-hoach-16.docx', bytes: readFileSync(file) });
    expect(res.statusCode).toBe(302);
    const page = await v.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain(await cliSummary(file));
    expect(page.body).toContain('Nhập 112 dòng và bắt đầu theo dõi');
    expect(page.body).toContain('id="dong-2.6"');
  });

  it('tries the sample as the plan of a chosen year: every date moves, the title says it is a trial, as plan preview --nam does', async () => {
    const file = join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx');
    const { v, res } = await upload({ name: 'ke-hoach-16.xlsx', bytes: readFileSync(file) }, '2031');
    expect(res.statusCode).toBe(302);
    const page = text((await v.get(res.headers.location as string)).body);
    expect(page).toContain('năm 2031 của Sở Khoa học và Công nghệ (bản thử: kế hoạch năm 2025, mọi ngày tháng chuyển sang năm 2031) — số 16/KH-SKHCN ngày 05/03/2031');
    expect(page).toContain('Trước ngày 05/9/2031');
    expect(page).not.toMatch(/Trước ngày \d+\/\d+\/2025/);
    expect(page).toContain(await cliSummary(file, ['--nam', '2031']));
  });

  it('says what is wrong with the year beside its field, keeping what was typed', async () => {
    const { res } = await upload({ name: 'ke-hoach-16.xlsx', bytes: readFileSync(join(samples, 'ke-hoach-16-KH-SKHCN-2025.xlsx')) }, '26');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<a href="#nam">Năm &quot;26&quot; không dùng được: ghi một năm có bốn chữ số từ 2000 đến 2100, hoặc để trống.</a>');
    expect(res.body).toContain('name="nam" class="input--short" inputmode="numeric" autocomplete="off" value="26"');
  });

  it('refuses a small DOCX that unpacks to a huge text, before reading it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    zip.file('word/document.xml', `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${'9'.repeat(60 * 1024 * 1024)}</w:t></w:r></w:p></w:body></w:document>`);
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const { res } = await upload({ name: 'ke-hoach.docx', bytes });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Tệp "ke-hoach.docx" giải nén ra hơn 40 MB, quá lớn cho một kế hoạch');
  });
});
