import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { saveUnitsDirectory } from '../../../activities/store/accounts';
import { normaliseDate } from '../../../activities/plan-files/assemble';
import { stepMailFailures } from '../../../activities/store/mail-outcomes';
import { digestsOfDay, mailServerStatus, pendingEvidence, undeliveredDigests } from '../../../activities/store/web-pages';
import { addDays, IsoDate, isIsoDate, isoDateAt, toVietnameseDate } from '../../../domain/dates';
import { digestWorkflowId, sendDigestsNowUpdate } from '../../../workflows/digest';
import { unitsDirectorySchema, UnitsDirectory } from '../../../domain/plan/units';
import { DIGEST_WAITS, onRow, RowEnded, TemporalUnavailable, WorkerUnavailable } from '../../temporal-client';
import { factsSentence, ruleSentence, timelinessFacts } from '../../../domain/tracking/timeliness';
import { principalOf, requireAccount } from '../access';
import { field } from '../form';
import { paginate } from '../params';
import { ofPlan, planFilter } from '../plan-filter';
import { html } from '../server';
import { render } from '../views';

/** Both dates, the deadline and the rule's reading, so the office sees what "Xác nhận" will record. */
function timelinessLine(e: { effective: IsoDate; documentDate: IsoDate; submittedAt: number }): string {
  const facts = timelinessFacts(e, e);
  return `${factsSentence(facts).replace(/^v/, 'V')}; ${ruleSentence(facts)}.`;
}

export async function officeRoutes(app: FastifyInstance): Promise<void> {
  const office = requireAccount(['van-phong']);

  app.get('/cho-xac-nhan', { preHandler: office }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const plans = await planFilter(app.web.db, q.ke_hoach);
    const pager = paginate(ofPlan(await pendingEvidence(app.web.db), plans), q.trang, 50, '/cho-xac-nhan', q);
    return html(reply, render('queue', { title: 'Minh chứng chờ xác nhận', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'cho-xac-nhan' }, { items: pager.items.map((e) => ({ ...e, rule: timelinessLine(e) })), pager, plans, notice: plans.error ? [plans.error] : null }));
  });

  /** The day's digests: who got what, what waits, what the mail server rejected and why. */
  app.get('/thu-tong-hop', { preHandler: office }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const today = isoDateAt(await app.web.now());
    const asked = q.ngay ? normaliseDate(q.ngay) : today;
    const day = isIsoDate(asked) ? asked : today;
    const error = q.ngay && !isIsoDate(asked) ? `Ngày "${q.ngay}" không đúng dạng dd/mm/yyyy; đang xem ngày ${toVietnameseDate(today)}.` : undefined;
    const digests = await digestsOfDay(app.web.db, day);
    const undelivered = (await undeliveredDigests(app.web.db)).filter((d) => d.day !== day);
    const server = await mailServerStatus(app.web.db);
    const steps = await stepMailFailures(app.web.db);
    const page = { title: `Thư tổng hợp ngày ${toVietnameseDate(day)}`, principal: principalOf(request), csrf: reply.generateCsrf(), current: 'thu-tong-hop' };
    return html(reply.code(error ? 400 : 200), render('digests', page, { day, today, previous: addDays(day, -1), next: addDays(day, 1), digests, undelivered, steps, server, error, sent: q.da_gui }));
  });

  /** `dondoc digest send` from the web: today's run now; it counts as the day's run. */
  app.post('/thu-tong-hop/gui-ngay', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const id = digestWorkflowId(app.web.taskQueue);
    let error: string;
    try {
      const result = await onRow(app.web.temporal, id, 'write', () => app.web.temporal.workflow.getHandle(id).executeUpdate(sendDigestsNowUpdate));
      return reply.redirect(`/thu-tong-hop?ngay=${encodeURIComponent(toVietnameseDate(result.day))}&da_gui=${result.sent}`);
    } catch (e) {
      if (e instanceof WorkerUnavailable) error = e.sent ? DIGEST_WAITS : e.message;
      else if (e instanceof TemporalUnavailable) error = e.message;
      else if (e instanceof WorkflowNotFoundError || e instanceof RowEnded) error = 'Chưa có bộ gửi thư tổng hợp đang chạy: bộ gửi bắt đầu khi nhập kế hoạch lần đầu (Nhập kế hoạch).';
      else throw e;
    }
    const today = isoDateAt(await app.web.now());
    const page = { title: `Thư tổng hợp ngày ${toVietnameseDate(today)}`, principal: principalOf(request), csrf: reply.generateCsrf(), current: 'thu-tong-hop' };
    return html(reply.code(503), render('digests', page, { day: today, today, previous: addDays(today, -1), next: addDays(today, 1), digests: await digestsOfDay(app.web.db, today), error }));
  });

  app.get('/danh-ba', { preHandler: office }, async (request, reply) => {
    const units = await app.web.units();
    return html(reply, render('units', { title: 'Danh bạ đơn vị', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'danh-ba' }, { units, errors: [], saved: (request.query as Record<string, string>).da_luu === '1' }));
  });

  /** One unit's entry, edited in place; the whole directory is validated before it is saved as a new version. */
  app.post('/danh-ba', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const current = await app.web.units();
    const body = request.body;
    const id = field(body, 'ma');
    const entry = {
      id,
      name: field(body, 'ten'),
      aliases: field(body, 'ten_khac').split(/[;\n]/).map((a) => a.trim()).filter(Boolean),
      ...(current.units.find((u) => u.id === id)?.office ? { office: true } : {}),
      // The head's channel (mail, Zalo) is kept from the directory; this form edits the name and address.
      head: { channel: 'email' as const, ...current.units.find((u) => u.id === id)?.head, name: field(body, 'truong_don_vi'), email: field(body, 'thu_dien_tu') },
      leader: field(body, 'lanh_dao'),
    };
    const next: UnitsDirectory = { ...current, units: current.units.some((u) => u.id === id) ? current.units.map((u) => (u.id === id ? entry : u)) : [...current.units, entry] };
    const parsed = unitsDirectorySchema.safeParse(next);
    if (!parsed.success || !id) {
      const errors = parsed.success ? ['Ghi mã đơn vị.'] : parsed.error.issues.map((i) => `${i.path.join(' › ')}: ${i.message}`);
      return html(reply.code(400), render('units', { title: 'Danh bạ đơn vị', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'danh-ba' }, { units: next, errors, saved: false }));
    }
    await saveUnitsDirectory(app.web.db, parsed.data, principalOf(request)!.name, Date.now());
    return reply.redirect('/danh-ba?da_luu=1');
  });
}
