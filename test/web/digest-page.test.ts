import type { FastifyInstance } from 'fastify';
import { ensureDigestSender } from '../../client/plan-import';
import { contactsFor } from '../../client/web/row-actions';
import { submitEvidenceUpdate } from '../../workflows/definitions';
import { rowWorkflow } from '../../workflows/row';
import { EngineHarness, rowSpec } from '../engine/support';
import { until } from '../support/until';
import { ACCOUNTS, sampleUnits, startWebHarness, Visitor } from './support';

/** The office's page of a day's digests: who got what, what the mail server rejected and why, and "send now". */
let h: EngineHarness;
let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  // The digest sender outlives each step of the test: no cached copy on a worker (see reliability.test.ts).
  ({ h, app, close } = await startWebHarness('web-digest-page', { maxCachedWorkflows: 0 }));
}, 60_000);
afterAll(() => close?.());

async function signedIn(role: string): Promise<Visitor> {
  const v = new Visitor(app);
  expect((await v.login(ACCOUNTS.find((a) => a.role === role)!.email)).statusCode).toBe(302);
  return v;
}

describe('the office\'s digest page', () => {
  it('shows each digest of a day with its lines and the server\'s reason for a rejection, and sends today\'s at once', async () => {
    // Effective deadline Wednesday 02/05/2035: the head's first reminder, and the coordinating unit's copy, on Thursday 19/04.
    const spec = rowSpec('1.1', 'Tháng 04/2035', 'Kế hoạch');
    const rowKey = `${spec.planKey}/1.1`;
    await h.advanceTo('2035-04-18T09:00');
    await ensureDigestSender(h.client, h.taskQueue, 8);
    const handle = await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: rowKey, args: [{ spec, contacts: contactsFor(await sampleUnits(), 'vp', ['ptcn']), digest: true }] });
    h.smtp.refuse = true;
    h.smtp.refuseCode = 550;
    await h.advanceTo('2035-04-19T09:00');
    h.smtp.refuse = false;

    const office = await signedIn('van-phong');
    const rejected = await office.get('/thu-tong-hop?ngay=19/04/2035');
    expect(rejected.statusCode).toBe(200);
    expect(rejected.body).toContain('<h1>Thư tổng hợp ngày 19/04/2035</h1>');
    expect(rejected.body).toContain('Nguyễn Thị Thu Hà<br><small>vanphong@skhcn-angiang.example</small>');
    expect(rejected.body).toContain('Sắp đến hạn: <a href="/nhiem-vu/16-KH-SKHCN-2035/1.1?lan=chinh">mục 1.1</a> (Văn phòng Sở) — nhắc trước hạn 7 ngày làm việc');
    expect(rejected.body).toContain('Võ Thanh Tùng<br><small>ptcn-cds@skhcn-angiang.example</small>');
    expect(rejected.body).toContain('Phối hợp: <a href="/nhiem-vu/16-KH-SKHCN-2035/1.1?lan=chinh">mục 1.1</a> (Văn phòng Sở) — Văn phòng Sở chủ trì, đơn vị đồng chí phối hợp');
    expect(rejected.body.match(/Bị từ chối<br><small>Máy chủ thư từ chối người nhận \(550\)/g)).toHaveLength(2);

    // Friday 20/04 nothing is due at 08:00; evidence arrives at 10:00 and the office sends its digest at once.
    await h.advanceTo('2035-04-20T10:00');
    await handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId: 'chinh', documentNumber: '15/SKHCN-VP', documentDate: '2035-04-20', title: 'Kế hoạch', submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' } }] });
    await until('the evidence in the read model', () => h.db.selectFrom('evidence').select('evidence_id').where('row_key', '=', rowKey).executeTakeFirst(), 30_000);
    // Only today's page offers "send now".
    expect((await office.get('/thu-tong-hop?ngay=19/04/2035')).body).not.toContain('/thu-tong-hop/gui-ngay');
    const today = await office.get('/thu-tong-hop');
    expect(today.body).toContain('<h1>Thư tổng hợp ngày 20/04/2035</h1>');
    expect(today.body).toContain('0 thư trong ngày.');
    const sent = await office.post('/thu-tong-hop/gui-ngay', { _csrf: Visitor.csrf(today) });
    expect(sent.statusCode).toBe(302);
    expect(sent.headers.location).toBe('/thu-tong-hop?ngay=20%2F04%2F2035&da_gui=1');
    const after = await office.get(sent.headers.location as string);
    expect(after.body).toContain('Đã chạy gửi thư tổng hợp: 1 thư được gửi.');
    expect(after.body).toContain('Chờ xác nhận: <a href="/nhiem-vu/16-KH-SKHCN-2035/1.1?lan=chinh">mục 1.1</a> (Văn phòng Sở) — Nguyễn Thị Thu Hà nộp 15/SKHCN-VP, chờ Văn phòng xác nhận');
    expect(after.body).toMatch(/Đã gửi, 20\/04\/2035 \d\d:\d\d/);
    expect(h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')))).toEqual(['dondoc-tong-hop/vanphong@skhcn-angiang.example/2035-04-20']);
    // The office's line leads to its own review (here, without the web app configured, the review command), never to
    // the unit's evidence form.
    expect(h.smtp.mails[0].text).toContain(`Mã nhiệm vụ: ${rowKey}. Xác nhận bằng: dondoc task review ${rowKey} --accept (hoặc --return "<lý do>").`);
    expect(h.smtp.mails[0].text).not.toContain('Gửi minh chứng cho Văn phòng Sở kèm mã này');

    const bad = await office.get('/thu-tong-hop?ngay=31/02/2035');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ngày &quot;31/02/2035&quot; không đúng dạng dd/mm/yyyy; đang xem ngày 20/04/2035.');
    const unit = await signedIn('don-vi');
    expect((await unit.get('/thu-tong-hop')).statusCode).toBe(403);
    await handle.terminate('kết thúc kiểm thử');
  }, 180_000);
});
