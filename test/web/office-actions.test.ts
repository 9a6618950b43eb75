import { until } from '../support/until';
import type { FastifyInstance } from 'fastify';
import { contactsFor } from '../../client/web/row-actions';
import { rowWorkflow } from '../../workflows/row';
import { stateQuery } from '../../workflows/definitions';
import { EngineHarness, rowSpec } from '../engine/support';
import { ACCOUNTS, loggedInReadModel, sampleUnits, signedInVisitor, startWebHarness, Visitor } from './support';

/** The office's and the unit's actions through the web reach the row workflow's updates, attributed by name. */
let h: EngineHarness;
let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ h, app, close } = await startWebHarness('web-office-actions'));
}, 60_000);
afterAll(() => close?.());

const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const head = ACCOUNTS.find((a) => a.unitId === 'vp')!;

const signedIn = (email: string) => signedInVisitor(app, email);
const recorded = (rowKey: string, text: string) => loggedInReadModel(h, rowKey, text);

describe('actions from the web', () => {
  it('shows the workflow validator’s refusal beside the field, keeps what was typed, then takes the evidence, returns it with a reason, extends, triggers, reassigns and cancels, each logged with its person', async () => {
    const units = await sampleUnits();
    const report = rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát');
    const event = rowSpec('4.2', 'Trong thời hạn 10 ngày kể từ ngày nhận văn bản', 'Báo cáo kết quả');
    for (const spec of [report, event]) await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: contactsFor(units, 'vp', ['ptcn']) }] });
    await h.advanceTo('2035-08-20T09:00');
    const reportKey = `${report.planKey}/2.6`;
    const eventKey = `${event.planKey}/4.2`;
    for (const key of [reportKey, eventKey]) await until(`${key} trong sổ theo dõi`, async () => (await h.db.selectFrom('rows').select('row_key').where('row_key', '=', key).executeTakeFirst()) !== undefined, 30_000);

    const unit = await signedIn(head.email);
    let page = await unit.get(`/nhiem-vu/${reportKey}`);
    expect(page.statusCode).toBe(200);
    const wrongType = await unit.postMultipart(`/nhiem-vu/${reportKey}/minh-chung`, { _csrf: Visitor.csrf(page), lan: 'chinh', so: '45/SKHCN-VP', ngay: '20/8/2035', hanh_dong: 'gui' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('<p class="error-message" id="so-loi">Kết quả cần nộp là Báo cáo (BC), nhưng văn bản 45/SKHCN-VP là Công văn.</p>');
    expect(wrongType.body).toContain('value="45/SKHCN-VP"');
    expect(wrongType.body).toContain('value="20/8/2035"');
    const sent = await unit.postMultipart(`/nhiem-vu/${reportKey}/minh-chung`, { _csrf: Visitor.csrf(wrongType), lan: 'chinh', so: '662/BC-SKHCN', ngay: '20/8/2035', hanh_dong: 'gui' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Chờ xác nhận');
    await recorded(reportKey, `${head.name} nộp minh chứng 662/BC-SKHCN`);

    const desk = await signedIn(office.email);
    page = await desk.get(`/nhiem-vu/${reportKey}`);
    const noReason = await desk.post(`/nhiem-vu/${reportKey}/van-phong/xac-nhan`, { _csrf: Visitor.csrf(page), lan: 'chinh', quyet_dinh: 'tra-lai', ly_do: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Trả lại minh chứng cần ghi lý do để đơn vị biết cần bổ sung gì.');
    const returned = await desk.post(`/nhiem-vu/${reportKey}/van-phong/xac-nhan`, { _csrf: Visitor.csrf(page), lan: 'chinh', quyet_dinh: 'tra-lai', ly_do: 'Thiếu phụ lục số liệu' });
    expect(returned.body).toContain('Đã trả lại minh chứng');
    await recorded(reportKey, `${office.name} trả lại minh chứng 662/BC-SKHCN: Thiếu phụ lục số liệu`);
    const unitPage = await unit.get('/don-vi');
    expect(unitPage.body).toContain('Lý do trả lại: Thiếu phụ lục số liệu');

    const earlier = await desk.post(`/nhiem-vu/${reportKey}/van-phong/gia-han`, { _csrf: Visitor.csrf(page), lan: 'chinh', han: '01/09/2035', van_ban: 'Công văn 9/SKHCN-VP' });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.body).toContain('Hạn mới phải là ngày sau hạn hiện tại (04/09/2035).');
    expect((await desk.post(`/nhiem-vu/${reportKey}/van-phong/gia-han`, { _csrf: Visitor.csrf(page), lan: 'chinh', han: '30/09/2035', van_ban: 'Công văn 123/SKHCN-VP ngày 25/8/2035' })).body).toContain('Đã gia hạn đến 30/09/2035.');
    await recorded(reportKey, `${office.name}: Gia hạn lần thực hiện chính đến 30/09/2035 theo Công văn 123/SKHCN-VP ngày 25/8/2035`);

    expect((await desk.post(`/nhiem-vu/${eventKey}/van-phong/mo-lan`, { _csrf: Visitor.csrf(page), van_ban: 'Công văn 77/VPUBND-KSTT ngày 10/4/2035', ngay: '10/4/2035' })).body).toContain('Đã mở lần 1 theo Công văn 77/VPUBND-KSTT ngày 10/4/2035.');
    await recorded(eventKey, `${office.name}: Mở lần 1 theo Công văn 77/VPUBND-KSTT ngày 10/4/2035, hạn 20/04/2035.`);
    expect((await desk.post(`/nhiem-vu/${eventKey}/van-phong/giao-lai`, { _csrf: Visitor.csrf(page), don_vi: 'ptcn', van_ban: 'Quyết định 5/QĐ-SKHCN' })).body).toContain('Đã giao lại cho Phòng Phát triển Công nghệ và Chuyển đổi số.');
    await recorded(eventKey, `${office.name}: Giao lại từ Văn phòng Sở cho Phòng Phát triển Công nghệ và Chuyển đổi số theo Quyết định 5/QĐ-SKHCN.`);
    // The old unit no longer sees the row once the read model has the new lead.
    const gone = await unit.get(`/nhiem-vu/${eventKey}`);
    expect(gone.statusCode).toBe(403);
    expect((await desk.post(`/nhiem-vu/${eventKey}/van-phong/huy`, { _csrf: Visitor.csrf(page), ly_do: 'Nhiệm vụ đã nhập vào kế hoạch khác' })).body).toContain('Đã huỷ theo dõi nhiệm vụ.');
    await recorded(eventKey, `${office.name}: Huỷ theo dõi nhiệm vụ: Nhiệm vụ đã nhập vào kế hoạch khác`);
    const state = await h.client.workflow.getHandle(eventKey).query(stateQuery);
    expect(state.state.spec.lead.id).toBe('ptcn');
    expect(state.state.cancelled?.reason).toBe('Nhiệm vụ đã nhập vào kế hoạch khác');
  }, 120_000);
});
