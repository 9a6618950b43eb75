import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PENDING_DIR } from '../../activities/evidence-files';
import { contactsFor } from '../../client/web/row-actions';
import { rowWorkflow } from '../../workflows/row';
import { EngineHarness, rowSpec } from '../engine/support';
import { until } from '../support/until';
import { ACCOUNTS, sampleUnits, startWebHarness, Visitor } from './support';

/** The evidence store keeps a web upload only once a real row workflow has accepted the submission that carries it. */
let h: EngineHarness;
let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ h, app, close } = await startWebHarness('web-evidence-store-on-accept'));
}, 60_000);
afterAll(() => close?.());

const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)])) : []);

it('keeps an upload pending while the workflow refuses the submission, and stores it when it accepts', async () => {
  const spec = rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát');
  const rowKey = `${spec.planKey}/2.6`;
  await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: contactsFor(await sampleUnits(), 'vp', []) }] });
  await h.advanceTo('2035-08-20T09:00');
  await until(`${rowKey} trong sổ theo dõi`, async () => (await h.db.selectFrom('rows').select('row_key').where('row_key', '=', rowKey).executeTakeFirst()) !== undefined, 30_000);
  const store = app.web.evidenceDir;

  const unit = new Visitor(app);
  expect((await unit.login(ACCOUNTS.find((a) => a.unitId === 'vp')!.email)).statusCode).toBe(302);
  let page = await unit.get(`/nhiem-vu/${rowKey}`);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh chụp báo cáo')]);
  const read = await unit.postMultipart(`/nhiem-vu/${rowKey}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', hanh_dong: 'doc-tep' }, { field: 'tep', name: 'bao-cao.png', bytes: png });
  expect(read.statusCode).toBe(200);
  const ref = /name="tep_da_tai" value="([^"]+)"/.exec(read.body)![1];
  const pendingOnly = () => filesUnder(store).every((f) => f.includes(`/${PENDING_DIR}/`));
  expect(filesUnder(store)).toHaveLength(1);
  expect(pendingOnly()).toBe(true);

  // The workflow's validator refuses a Công văn where a Báo cáo is due: nothing enters the store.
  page = await unit.get(`/nhiem-vu/${rowKey}`);
  const refused = await unit.postMultipart(`/nhiem-vu/${rowKey}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '45/SKHCN-VP', ngay: '20/8/2035', tep_da_tai: ref, hanh_dong: 'gui' });
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('Kết quả cần nộp là Báo cáo (BC), nhưng văn bản 45/SKHCN-VP là Công văn.');
  expect(filesUnder(store)).toHaveLength(1);
  expect(pendingOnly()).toBe(true);

  page = await unit.get(`/nhiem-vu/${rowKey}`);
  const accepted = await unit.postMultipart(`/nhiem-vu/${rowKey}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '45/BC-VP', ngay: '20/8/2035', tep_da_tai: ref, hanh_dong: 'gui' });
  expect(accepted.statusCode).toBe(200);
  expect(accepted.body).toContain('Đã gửi minh chứng');
  const stored = filesUnder(store);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatch(/\/[0-9a-f]{2}\/[0-9a-f]{64}\/bao-cao\.png$/);
  expect(existsSync(join(store, PENDING_DIR)) ? readdirSync(join(store, PENDING_DIR)) : []).toEqual([]);
}, 120_000);
