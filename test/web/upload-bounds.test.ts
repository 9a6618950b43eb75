import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PENDING_DIR, sweepPendingUploads } from '../../activities/evidence-files';
import { openStore, Store } from '../../activities/store/database';
import { signTaskLink } from '../../activities/task-links';
import { readDocument, READ_BOUNDS, READ_NOTES } from '../../client/web/document-text';
import { buildWebApp } from '../../client/web/server';
import { UPLOAD_LIMITS } from '../../client/web/uploads';
import { atLocalHour } from '../../domain/policy/reminders';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { until } from '../support/until';
import { inflatingDocx } from './inflating-docx';
import { ACCOUNTS, addAccounts, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

/**
 * Uploads cannot hurt the server: what is read from a file is bounded, a reading thread that dies is a failed read,
 * uploads are counted per session and unit, and files nobody submitted leave the store after a day. The server here
 * that reads the largest files runs in a process of its own, so that its peak resident memory is its own.
 */
const NOW = atLocalHour('2025-04-01', 10);
const ROW = rowState('2.6', 'Báo cáo kết quả rà soát thủ tục hành chính', { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }, 'Trước ngày 30/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-29', '2025-04-29')]);
const ROW_PATH = `/nhiem-vu/${ROW.rowKey}`;
const secrets = testSecrets();
const LINK = `/lien-ket/${signTaskLink({ unitId: 'ptcn', rowKey: ROW.rowKey, occurrenceId: 'chinh', expiresOn: '2025-05-29' }, secrets.linkSecret)}`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh chụp công văn')]);
const MB = 1024 * 1024;

let db: Store;
let app: FastifyInstance;
let evidenceDir: string;
let dbPath: string;

const build = async (dir: string) => buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets, evidenceDir: dir, units: await sampleUnits(), now: () => NOW });

beforeAll(async () => {
  dbPath = join(tempDir('dondoc-web-uploads-'), 'db.sqlite');
  db = await openStore({ sqlitePath: dbPath });
  await recorder(db)(ROW, NOW);
  await addAccounts(db);
  evidenceDir = tempDir('dondoc-web-evidence-');
  app = await build(evidenceDir);
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

/** A unit head who opened the mail's link: no password, the row's page. */
async function linkHolder(on = app): Promise<Visitor> {
  const v = new Visitor(on);
  const page = await v.get(LINK);
  expect((await v.post(LINK, { _csrf: Visitor.csrf(page) })).statusCode).toBe(302);
  return v;
}

async function upload(v: Visitor, name: string, bytes: Buffer, fields: Record<string, string> = { hanh_dong: 'doc-tep' }) {
  const page = await v.get(ROW_PATH);
  return v.postMultipart(`${ROW_PATH}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', ...fields }, { field: 'tep', name, bytes });
}

const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)])) : []);

/** A browser's cookie jar over real HTTP, for the server in its own process. */
class HttpVisitor {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private async send(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; location: string | null }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${this.base}${path}`, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }

  get = (path: string) => this.send(path);
  static csrf = (page: { body: string }) => /name="_csrf" value="([^"]+)"/.exec(page.body)![1];

  async openLink(link: string): Promise<void> {
    const page = await this.get(link);
    expect((await this.send(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: HttpVisitor.csrf(page) }).toString() })).status).toBe(302);
  }

  async upload(name: string, bytes: Buffer) {
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: HttpVisitor.csrf(await this.get(ROW_PATH)), lan: 'chinh', hanh_dong: 'doc-tep' })) form.append(k, v);
    form.append('tep', new Blob([bytes]), name);
    return this.send(`${ROW_PATH}/minh-chung`, { method: 'POST', body: form });
  }
}

/** The server's peak resident memory so far, from Linux's own count (VmHWM), in bytes. */
const peakResident = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describe('reading an uploaded file, on a web server process of its own', () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'upload-server.ts')], {
      env: { ...process.env, DONDOC_DB_PATH: dbPath, DONDOC_EVIDENCE_DIR: tempDir('dondoc-web-evidence-'), DONDOC_LINK_SECRET: secrets.linkSecret, NOW_MS: String(NOW) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim()));
      server.once('exit', (code) => reject(new Error(`máy chủ web thử nghiệm dừng (mã ${code})`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('reads a DOCX holding 200 MB of text, posted through a passwordless link, up to the bound, and the server answers on', async () => {
    const v = new HttpVisitor(url);
    await v.openLink(LINK);
    const bomb = await inflatingDocx(200, 'Số: 662/BC-SKHCN\nAn Giang, ngày 27 tháng 4 năm 2025');
    expect(bomb.length).toBeLessThan(MB);
    const res = await v.upload('bao-cao.docx', bomb);
    expect(res.status).toBe(200);
    expect(res.body).toContain(READ_NOTES.truncated);
    expect(res.body).toContain('Đã đọc từ tệp: số 662/BC-SKHCN, ngày 27/04/2025.');
    expect(res.body).toContain('value="662/BC-SKHCN"');
    expect((await v.get(ROW_PATH)).status).toBe(200);
    // The audit's other file: 150 KB returning 63 million characters to the main thread.
    const wide = await v.upload('bao-cao-2.docx', await inflatingDocx(60));
    expect(wide.status).toBe(200);
    expect(wide.body).toContain(`${READ_NOTES.truncated} Không đọc được số và ngày văn bản từ tệp: hãy ghi vào hai ô dưới đây.`);
  }, 120_000);

  it('reads several large files posted at once one after another', async () => {
    const bombs = await Promise.all([0, 1, 2, 3].map(() => inflatingDocx(100)));
    const visitors = bombs.map(() => new HttpVisitor(url));
    for (const v of visitors) await v.openLink(LINK);
    const answers = await Promise.all(visitors.map((v, i) => v.upload(`bao-cao-${i}.docx`, bombs[i])));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const a of answers) expect(a.body).toContain(READ_NOTES.truncated);
  }, 180_000);

  it('kept its resident memory under 512 MB through these uploads', () => {
    expect(server.exitCode).toBe(null);
    const peak = peakResident(server.pid!);
    console.info(`bộ nhớ thường trú (RSS) cao nhất của máy chủ web qua các lần tải lên: ${(peak / MB).toFixed(0)} MB`);
    expect(peak).toBeLessThan(512 * MB);
  });
});

describe('a reading thread that dies', () => {
  it('is a failed read, and the server goes on serving', async () => {
    const heap = READ_BOUNDS.heapMb;
    READ_BOUNDS.heapMb = 1;
    try {
      const v = await linkHolder();
      const res = await upload(v, 'cong-van.docx', await inflatingDocx(1, 'Số: 45/BC-SKHCN'));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`${READ_NOTES.failed} Không đọc được số và ngày văn bản từ tệp: hãy ghi vào hai ô dưới đây.`);
      expect(res.body).toContain('Đã tải lên: <strong>cong-van.docx</strong>');
    } finally {
      READ_BOUNDS.heapMb = heap;
    }
    expect((await (await linkHolder()).get(ROW_PATH)).statusCode).toBe(200);
  }, 60_000);
});

describe('reading files one at a time', () => {
  it('answers a read that takes too long as failed, and one past the waiting line as busy, without reading it', async () => {
    const docx = await inflatingDocx(1, 'Số: 45/BC-SKHCN');
    expect(await readDocument('docx', docx, 1)).toEqual({ text: '', note: READ_NOTES.failed });
    const reads = await Promise.all(Array.from({ length: READ_BOUNDS.concurrent + READ_BOUNDS.waiting + 2 }, () => readDocument('docx', docx)));
    expect(reads.filter((r) => r.note === READ_NOTES.busy)).toHaveLength(2);
    expect(reads.filter((r) => r.text.startsWith('Số: 45/BC-SKHCN'))).toHaveLength(READ_BOUNDS.concurrent + READ_BOUNDS.waiting);
  }, 120_000);
});

describe('evidence files wait until a submission carries them', () => {
  it('keeps an upload outside the content store, and removes it after a day', async () => {
    const dir = tempDir('dondoc-web-evidence-');
    const own = await build(dir);
    try {
      const res = await upload(await linkHolder(own), 'anh-cong-van.png', PNG);
      expect(res.statusCode).toBe(200);
      const files = filesUnder(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`/${PENDING_DIR}/[0-9a-f]{32}/anh-cong-van\\.png$`));
      expect(await sweepPendingUploads(dir, Date.now() + 23 * 3600 * 1000)).toBe(0);
      expect(await sweepPendingUploads(dir, Date.now() + 25 * 3600 * 1000)).toBe(1);
      expect(filesUnder(dir)).toEqual([]);
      // The form still carries the file: sending it now asks for the file again, before reaching Temporal.
      const v = await linkHolder(own);
      const ref = /name="tep_da_tai" value="([^"]+)"/.exec(res.body)![1];
      const page = await v.get(ROW_PATH);
      const late = await v.postMultipart(`${ROW_PATH}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '662/BC-SKHCN', ngay: '27/4/2025', tep_da_tai: ref, hanh_dong: 'gui' });
      expect(late.statusCode).toBe(400);
      expect(late.body).toContain('Tệp &quot;anh-cong-van.png&quot; tải lên đã quá một ngày nên không còn giữ: hãy chọn tệp và tải lên lại.');
    } finally {
      await own.close();
    }
  });

  it('removes day-old uploads when the web app starts', async () => {
    const dir = tempDir('dondoc-web-evidence-');
    const old = join(dir, PENDING_DIR, 'a'.repeat(32));
    const fresh = join(dir, PENDING_DIR, 'b'.repeat(32));
    for (const d of [old, fresh]) mkdirSync(d, { recursive: true }), writeFileSync(join(d, 'bao-cao.pdf'), '%PDF-1.4\n');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const own = await build(dir);
    try {
      await until('tệp tải lên đã quá một ngày bị xoá', async () => !existsSync(old), 10_000);
      expect(existsSync(join(fresh, 'bao-cao.pdf'))).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('upload allowances', () => {
  it(`refuses uploads past ${UPLOAD_LIMITS.perSessionPerHour} a session and ${UPLOAD_LIMITS.perUnitPerHour} a unit in an hour, with a message`, async () => {
    const own = await build(tempDir('dondoc-web-evidence-'));
    try {
      const sessions = [await linkHolder(own), await linkHolder(own), await linkHolder(own)];
      const head = new Visitor(own);
      expect((await head.login(ACCOUNTS.find((a) => a.unitId === 'ptcn')!.email)).statusCode).toBe(302);
      const statuses: number[] = [];
      for (let i = 0; i < UPLOAD_LIMITS.perSessionPerHour; i++) statuses.push((await upload(sessions[0], `anh-${i}.png`, PNG)).statusCode);
      expect(new Set(statuses)).toEqual(new Set([200]));
      const over = await upload(sessions[0], 'anh-them.png', PNG);
      expect(over.statusCode).toBe(400);
      expect(over.body).toContain(`Phiên làm việc này đã tải lên ${UPLOAD_LIMITS.perSessionPerHour} tệp trong một giờ, mức tối đa. Hãy thử lại sau 60 phút.`);
      for (const v of sessions.slice(1)) for (let i = 0; i < UPLOAD_LIMITS.perSessionPerHour; i++) expect((await upload(v, `anh-${i}.png`, PNG)).statusCode).toBe(200);
      // The unit's own account counts against the same unit.
      const unitOver = await upload(head, 'anh-tai-khoan.png', PNG);
      expect(unitOver.statusCode).toBe(400);
      expect(unitOver.body).toContain(`Đơn vị đã tải lên ${UPLOAD_LIMITS.perUnitPerHour} tệp trong một giờ, mức tối đa.`);
    } finally {
      await own.close();
    }
  }, 120_000);
});
