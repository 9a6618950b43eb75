import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { hashPassword } from '../../activities/passwords';
import { Role, saveAccount } from '../../activities/store/accounts';
import type { Store } from '../../activities/store/database';
import type { WorkerOptions } from '@temporalio/worker';
import type { WebSecrets } from '../../client/web/config';
import { buildWebApp } from '../../client/web/server';
import { EngineHarness, startEngineHarness } from '../engine/support';
import { until } from '../support/until';

export const PASSWORD = 'mật-khẩu-thử-nghiệm-1';

export const ACCOUNTS: { email: string; name: string; role: Role; unitId: string | null }[] = [
  { email: 'vanphong.thu@skhcn-angiang.example', name: 'Nguyễn Thị Thu Hà', role: 'van-phong', unitId: null },
  { email: 'pgd.nhung@skhcn-angiang.example', name: 'Lê Thị Hồng Nhung', role: 'lanh-dao', unitId: 'pgd1' },
  { email: 'ptcn-cds@skhcn-angiang.example', name: 'Võ Thanh Tùng', role: 'don-vi', unitId: 'ptcn' },
  { email: 'vanphong@skhcn-angiang.example', name: 'Trần Văn Phúc', role: 'don-vi', unitId: 'vp' },
];

export async function addAccounts(db: Store): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  for (const a of ACCOUNTS) await saveAccount(db, { ...a, passwordHash: hash }, Date.now());
}

export const sampleUnits = () => readUnitsFile(join(__dirname, '..', '..', 'samples', 'units.json'));

export function testSecrets(): WebSecrets {
  return { sessionKey: Buffer.alloc(32, 7), linkSecret: 'bí-mật-liên-kết-dùng-trong-thử-nghiệm-0123456789' };
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A Temporal client for pages that must refuse before reaching Temporal: any use fails the test. */
export function unreachableTemporal(): Client {
  return new Proxy({}, { get: (_t, key) => { throw new Error(`Temporal không được gọi tới ở đây (${String(key)})`); } }) as Client;
}

/** A browser's cookie jar for fastify.inject: logs in, keeps the session, reads CSRF tokens from pages. */
export class Visitor {
  private cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    return res;
  }

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'POST', url, headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() }));
  }

  async postMultipart(url: string, fields: Record<string, string>, file?: { field: string; name: string; bytes: Buffer }): Promise<LightMyRequestResponse> {
    const boundary = '----dondoc-test-boundary';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
      parts.push(file.bytes, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.keep(await this.app.inject({ method: 'POST', url, headers: { cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) }));
  }

  /** The CSRF token in a page's forms. */
  static csrf(res: LightMyRequestResponse): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`Trang không có mã CSRF (HTTP ${res.statusCode})`);
    return m[1];
  }

  async login(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const page = await this.get('/dang-nhap');
    return this.post('/dang-nhap', { _csrf: Visitor.csrf(page), email, mat_khau: password, tiep: '/' });
  }
}

/**
 * The web app on a real engine harness (time-skipping server, SQLite file, loopback SMTP), with the test accounts
 * and a worker running until `close`. `workerOptions` for what a test varies (a worker without a cache).
 */
export async function startWebHarness(name: string, workerOptions: Partial<WorkerOptions> = {}): Promise<{ h: EngineHarness; app: FastifyInstance; close(): Promise<void> }> {
  const h = await startEngineHarness(name);
  await addAccounts(h.db);
  const worker = await h.worker(workerOptions);
  let stop: () => void = () => undefined;
  const running = worker.runUntil(new Promise<void>((resolve) => (stop = resolve)));
  const app = await buildWebApp({ db: h.db, temporal: h.client, taskQueue: h.taskQueue, secrets: testSecrets(), evidenceDir: tempDir('dondoc-web-evidence-'), units: await sampleUnits(), now: () => h.temporal.env.currentTimeMs() });
  return {
    h,
    app,
    close: async () => {
      await app.close();
      stop();
      await running;
      await h.teardown();
    },
  };
}

/** A visitor signed in with one of the test accounts. */
export async function signedInVisitor(app: FastifyInstance, email: string): Promise<Visitor> {
  const v = new Visitor(app);
  const answer = await v.login(email);
  if (answer.statusCode !== 302) throw new Error(`Đăng nhập ${email} không được: ${answer.statusCode}`);
  return v;
}

/** Waits until the row's log in the read model has a line containing `text`. */
export const loggedInReadModel = (h: EngineHarness, rowKey: string, text: string) =>
  until(`"${text}" trong nhật ký ${rowKey}`, async () => (await h.db.selectFrom('events').select('text').where('row_key', '=', rowKey).execute()).some((r) => r.text.includes(text)), 30_000);
