import type { FastifyInstance } from 'fastify';
import { loadUnitsDirectory, saveUnitsDirectory } from '../../../activities/store/accounts';
import { pendingEvidence } from '../../../activities/store/web-pages';
import { unitsDirectorySchema, UnitsDirectory } from '../../../domain/plan/units';
import { principalOf, requireAccount } from '../access';
import { field } from '../form';
import { paginate } from '../params';
import { html } from '../server';
import { render } from '../views';

export async function officeRoutes(app: FastifyInstance): Promise<void> {
  const office = requireAccount(['van-phong']);

  app.get('/cho-xac-nhan', { preHandler: office }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const pager = paginate(await pendingEvidence(app.web.db), q.trang, 50, '/cho-xac-nhan', q);
    return html(reply, render('queue', { title: 'Minh chứng chờ xác nhận', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'cho-xac-nhan' }, { items: pager.items, pager }));
  });

  app.get('/danh-ba', { preHandler: office }, async (request, reply) => {
    const units = await app.web.units();
    return html(reply, render('units', { title: 'Danh bạ đơn vị', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'danh-ba' }, { units, errors: [], saved: (request.query as Record<string, string>).da_luu === '1' }));
  });

  /** One unit's entry, edited in place; the whole directory is validated before it is saved as a new version. */
  app.post('/danh-ba', { preHandler: [office, app.csrfProtection] }, async (request, reply) => {
    const current = (await loadUnitsDirectory(app.web.db))!;
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
