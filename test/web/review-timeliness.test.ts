import type { FastifyInstance } from 'fastify';
import { contactsFor } from '../../client/web/row-actions';
import { rowWorkflow } from '../../workflows/row';
import { EngineHarness, rowSpec } from '../engine/support';
import { until } from '../support/until';
import { ACCOUNTS, loggedInReadModel, sampleUnits, signedInVisitor, startWebHarness, Visitor } from './support';

/**
 * Issue 20.4 on the web: the office sees both dates and what the rule makes of them before it accepts, may decide
 * otherwise with a reason (kept in the row's log), and no page shows an internal id or an engine word.
 */
let h: EngineHarness;
let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ h, app, close } = await startWebHarness('web-review-timeliness'));
}, 60_000);
afterAll(() => close?.());

const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const head = ACCOUNTS.find((a) => a.unitId === 'vp')!;

const signedIn = (email: string) => signedInVisitor(app, email);
const recorded = (rowKey: string, text: string) => loggedInReadModel(h, rowKey, text);

/** What a person reads on a page: the text between tags, without scripts, styles and attribute values. */
const readable = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** Internal occurrence ids and engine words that must never reach a person. */
const NOT_FOR_PEOPLE = [/\bchinh\b/, /\blan-\d+\b/, /\bworkflows?\b/i, /\bworkers?\b/i, /Báo cáo \(Báo cáo\)/];

describe('reviewing evidence dated before its deadline and submitted after it', () => {
  it('shows both dates and the rule’s reading, asks a reason to decide otherwise, logs it, and shows no internal id', async () => {
    const units = await sampleUnits();
    const spec = rowSpec('2.6', 'Chậm nhất ngày 27/4/2035', 'Báo cáo');
    const rowKey = `${spec.planKey}/2.6`;
    await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: contactsFor(units, 'vp', ['ptcn']) }] });
    await h.advanceTo('2035-05-07T09:00');
    await until(`${rowKey} trong sổ theo dõi`, async () => (await h.db.selectFrom('rows').select('row_key').where('row_key', '=', rowKey).executeTakeFirst()) !== undefined, 30_000);

    const unit = await signedIn(head.email);
    const form = await unit.get(`/nhiem-vu/${rowKey}`);
    const sent = await unit.postMultipart(`/nhiem-vu/${rowKey}/minh-chung`, { _csrf: Visitor.csrf(form), lan: 'chinh', so: '662/BC-SKHCN', ngay: '25/4/2035', hanh_dong: 'gui' });
    expect(sent.statusCode).toBe(200);
    await recorded(rowKey, `${head.name} nộp minh chứng 662/BC-SKHCN cho lần thực hiện chính.`);
    await until('minh chứng chờ xác nhận', async () => (await h.db.selectFrom('evidence').select('evidence_id').where('row_key', '=', rowKey).where('review_decision', 'is', null).executeTakeFirst()) !== undefined, 30_000);

    const desk = await signedIn(office.email);
    const queue = await desk.get('/cho-xac-nhan');
    expect(readable(queue.body)).toContain('Văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành đúng hạn.');
    const page = await desk.get(`/nhiem-vu/${rowKey}`);
    expect(readable(page.body)).toContain('Minh chứng có văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành đúng hạn.');
    expect(page.body).toMatch(/value="dung-han" checked/);

    const noReason = await desk.post(`/nhiem-vu/${rowKey}/van-phong/xac-nhan`, { _csrf: Visitor.csrf(page), lan: 'chinh', quyet_dinh: 'xac-nhan', thoi_han: 'qua-han', ly_do_thoi_han: '' });
    expect(noReason.statusCode).toBe(400);
    expect(readable(noReason.body)).toContain('muốn tính hoàn thành quá hạn cần ghi lý do.');
    const decided = await desk.post(`/nhiem-vu/${rowKey}/van-phong/xac-nhan`, { _csrf: Visitor.csrf(page), lan: 'chinh', quyet_dinh: 'xac-nhan', thoi_han: 'qua-han', ly_do_thoi_han: 'Văn bản ký đúng hạn nhưng gửi Sở chậm 10 ngày' });
    expect(readable(decided.body)).toContain('Đã xác nhận minh chứng: Hoàn thành quá hạn.');
    await recorded(rowKey, `${office.name} xác nhận minh chứng 662/BC-SKHCN: hoàn thành quá hạn. Văn bản ngày 25/04/2035, nộp ngày 07/05/2035, hạn 27/04/2035; tính theo ngày văn bản (sớm hơn ngày nộp) thì hoàn thành đúng hạn; Văn phòng quyết định hoàn thành quá hạn, lý do: Văn bản ký đúng hạn nhưng gửi Sở chậm 10 ngày`);
    await until('sổ theo dõi ghi quá hạn', async () => (await h.db.selectFrom('occurrences').select('outcome').where('row_key', '=', rowKey).executeTakeFirst())?.outcome === 'late', 30_000);

    // Every page the office and the unit open on this row reads without internal ids or engine words.
    for (const [who, path] of [[desk, `/nhiem-vu/${rowKey}`], [desk, '/cho-xac-nhan'], [unit, '/don-vi'], [unit, `/nhiem-vu/${rowKey}`], [desk, '/thu-tong-hop']] as const) {
      const text = readable((await who.get(path)).body);
      for (const word of NOT_FOR_PEOPLE) expect({ path, found: word.exec(text)?.[0] }).toEqual({ path, found: undefined });
    }
  });
});
