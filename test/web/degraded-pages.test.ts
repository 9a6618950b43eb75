import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { buildWebApp, ENGINE_BANNER } from '../../client/web/server';
import type { EngineState } from '../../client/temporal-client';
import { ACCOUNTS, addAccounts, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;
const unit = ACCOUNTS.find((a) => a.role === 'don-vi')!;

async function app(db: Store, options: { units?: boolean; engine?: EngineState } = {}): Promise<FastifyInstance> {
  const engine = options.engine;
  return buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets: testSecrets(), evidenceDir: tempDir('dondoc-deg-ev-'), ...(options.units ? { units: await sampleUnits() } : {}), ...(engine ? { engine: { state: () => engine } } : {}), now: () => Date.UTC(2025, 9, 31, 3) });
}

async function freshDb(): Promise<Store> {
  const db = await openStore({ sqlitePath: join(tempDir('dondoc-deg-'), 'dondoc.sqlite') });
  await addAccounts(db);
  return db;
}

const UNEXPECTED = 'Trang web gặp lỗi không mong đợi';

describe('pages for a state the office can fix', () => {
  it('reads the board and the figures without a units directory, saying what is missing and how to add it', async () => {
    const db = await freshDb();
    const web = await app(db);
    try {
      const v = new Visitor(web);
      await v.login(leader.email);
      for (const path of ['/qua-han', '/so-lieu']) {
        const page = await v.get(path);
        expect(page.statusCode).toBe(200);
        expect(page.body).not.toContain(UNEXPECTED);
        expect(page.body).toContain('Chưa có danh bạ đơn vị');
        expect(page.body).toContain('dondoc web --units samples/units.json');
      }
      expect((await v.get('/qua-han.xlsx')).statusCode).toBe(200);
    } finally {
      await web.close();
      await db.destroy();
    }
  });

  it('answers the pages that need the directory with what to do, never a server error', async () => {
    const db = await freshDb();
    const web = await app(db);
    try {
      const o = new Visitor(web);
      await o.login(office.email);
      const units = await o.get('/danh-ba');
      expect(units.statusCode).toBe(503);
      expect(units.body).toContain('Chưa có danh bạ đơn vị');
      expect(units.body).toContain('Cách khắc phục: Văn phòng Sở khởi động lại trang web một lần với tệp danh bạ');
      const save = await o.post('/danh-ba', { _csrf: Visitor.csrf(units), ma: 'vp', ten: 'Văn phòng Sở' });
      expect(save.statusCode).toBe(503);
      expect(save.body).toContain('Chưa có danh bạ đơn vị');
      const u = new Visitor(web);
      await u.login(unit.email);
      const mine = await u.get('/don-vi');
      expect(mine.statusCode).toBe(503);
      expect(mine.body).toContain('Chưa có danh bạ đơn vị');
      for (const page of [units, save, mine]) expect(page.body).not.toContain(UNEXPECTED);
    } finally {
      await web.close();
      await db.destroy();
    }
  });

  it('shows every list of an empty read model as empty, not as an error', async () => {
    const db = await freshDb();
    const web = await app(db, { units: true });
    try {
      const o = new Visitor(web);
      await o.login(office.email);
      for (const path of ['/qua-han', '/so-lieu', '/cho-xac-nhan', '/thu-tong-hop', '/danh-ba', '/ke-hoach', '/qua-han.xlsx', '/so-lieu.xlsx']) {
        const page = await o.get(path);
        expect([path, page.statusCode]).toEqual([path, 200]);
      }
      expect((await o.get('/qua-han')).body).toContain('Không có nhiệm vụ nào quá hạn.');
      const u = new Visitor(web);
      await u.login(unit.email);
      expect((await u.get('/don-vi')).statusCode).toBe(200);
    } finally {
      await web.close();
      await db.destroy();
    }
  });

  it('previews a plan file without rows as a plan of 0 rows, not a server error', async () => {
    const db = await freshDb();
    const web = await app(db, { units: true });
    try {
      const o = new Visitor(web);
      await o.login(office.email);
      const form = await o.get('/ke-hoach');
      // The sample plan's header lines and column names, without a single row.
      const lines = readFileSync(join(__dirname, '..', '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025.csv'), 'utf8').split('\n');
      const header = [...lines.filter((l) => l.startsWith('#')), lines.find((l) => !l.startsWith('#'))!].join('\n');
      const res = await o.postMultipart('/ke-hoach', { _csrf: Visitor.csrf(form) }, { field: 'tep', name: 'ke-hoach-trong.csv', bytes: Buffer.from(header) });
      const page = res.statusCode === 302 ? await o.get(res.headers.location as string) : res;
      expect(page.body).not.toContain(UNEXPECTED);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Tổng cộng 0 dòng');
    } finally {
      await web.close();
      await db.destroy();
    }
  });
});

describe('the banner while actions cannot be recorded', () => {
  it('is on every page while Temporal or the worker is down, and gone when both answer', async () => {
    const db = await freshDb();
    for (const [state, shown] of [['temporal-down', true], ['worker-down', true], ['ok', false], ['unknown', false]] as const) {
      const web = await app(db, { units: true, engine: state });
      try {
        const v = new Visitor(web);
        expect((await v.get('/dang-nhap')).body.includes(ENGINE_BANNER)).toBe(shown);
        await v.login(leader.email);
        const board = await v.get('/qua-han');
        expect(board.statusCode).toBe(200);
        expect([state, board.body.includes(ENGINE_BANNER)]).toEqual([state, shown]);
        expect(board.body).not.toContain('<!--dondoc:');
      } finally {
        await web.close();
      }
    }
    await db.destroy();
  });
});
