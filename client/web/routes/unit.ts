import type { FastifyInstance } from 'fastify';
import { groupUnitLines, unitOccurrences } from '../../../activities/store/web-pages';
import { canSeeUnit, Forbidden, principalOf, requireAccount } from '../access';
import { asOfFrom } from '../params';
import { html } from '../server';
import { render } from '../views';

/** "Việc của đơn vị": a unit's own lists (the office and leaders may open any unit's). */
export async function unitRoutes(app: FastifyInstance): Promise<void> {
  const show = (fixed?: string) => async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const p = principalOf(request);
    const unitId = fixed ?? (p?.kind === 'account' ? p.unitId ?? '' : '');
    if (!canSeeUnit(p, unitId)) throw new Forbidden('Đây là trang của đơn vị khác: anh/chị không xem được.');
    const units = await app.web.units();
    const unit = units.units.find((u) => u.id === unitId);
    if (!unit) return reply.callNotFound();
    const { asOf, day } = asOfFrom((request.query as Record<string, string>).ngay, await app.web.now());
    const lists = groupUnitLines(await unitOccurrences(app.web.db, asOf, unitId), asOf);
    return html(reply, render('unit', { title: 'Việc của đơn vị', principal: p, csrf: reply.generateCsrf(), current: 'don-vi' }, { unit, day, lists }));
  };
  app.get('/don-vi', { preHandler: requireAccount(['don-vi']) }, async (request, reply) => show()(request, reply));
  app.get('/don-vi/:unit', { preHandler: requireAccount(['van-phong', 'lanh-dao', 'don-vi']) }, async (request, reply) => show((request.params as { unit: string }).unit)(request, reply));
}
