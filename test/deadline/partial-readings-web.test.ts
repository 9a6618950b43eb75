import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { buildWebApp } from '../../client/web/server';
import { ACCOUNTS, addAccounts, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from '../web/support';

/** The web preview of an uploaded plan shows a reading to confirm first on its row, with the form to fix it. */
let db: Store;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openStore({ sqlitePath: join(tempDir('dondoc-web-confirm-'), 'db.sqlite') });
  await addAccounts(db);
  app = await buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'khong-dung', secrets: testSecrets(), evidenceDir: tempDir('dondoc-web-confirm-ev-'), units: await sampleUnits() });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
});

it('marks "8 giờ 00 ngày 17/7/2025" to confirm in the web preview, first among the row problems', async () => {
  const office = new Visitor(app);
  expect((await office.login(ACCOUNTS.find((a) => a.role === 'van-phong')!.email)).statusCode).toBe(302);
  const csv = readFileSync(join(__dirname, '..', '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025.csv'), 'utf8').replace(',Trước 30/3/2025,', ',8 giờ 00 ngày 17/7/2025,');
  const form = await office.get('/ke-hoach');
  const upload = await office.postMultipart('/ke-hoach', { _csrf: Visitor.csrf(form) }, { field: 'tep', name: 'ke-hoach.csv', bytes: Buffer.from(csv, 'utf8') });
  expect(upload.statusCode).toBe(302);
  const page = await office.get(upload.headers.location as string);
  expect(page.statusCode).toBe(200);
  const row = page.body.slice(page.body.indexOf('id="dong-5.2"'));
  const detail = row.slice(row.indexOf('class="problem-detail"'), row.indexOf('</td></tr>'));
  expect(row.slice(0, row.indexOf('</tr>'))).toContain('Một lần (cần xác nhận): hạn 17/07/2025');
  expect(detail.indexOf('Cách đọc cần xác nhận:')).toBeGreaterThan(-1);
  expect(detail.match(/<li><strong>([^<]*)<\/strong>/)?.[1]).toBe('Cách đọc cần xác nhận:');
  expect(detail).toContain('name="thoi_han"');
  expect(page.body).toContain('cách đọc cần xác nhận 1');
}, 60_000);
