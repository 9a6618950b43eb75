import type { FastifyInstance } from 'fastify';
import { groupUnitLines, unitOccurrences } from '../../../activities/store/web-pages';
import { canSeeUnit, Forbidden, principalOf, requireAccount } from '../access';
import { asOfFrom, paginate } from '../params';
import { ofPlan, planFilter } from '../plan-filter';
import { html } from '../server';
import { render } from '../views';

const SECTION_PREVIEW = 30;
const SECTIONS = [
  { id: 'qua-han', title: 'Quá hạn', list: 'overdue', empty: 'Không có việc nào quá hạn.', reason: true },
  { id: 'tra-lai', title: 'Bị trả lại, cần bổ sung', list: 'returned', empty: 'Không có minh chứng nào bị trả lại.', reason: true },
  { id: 'sap-den-han', title: 'Sắp đến hạn (30 ngày tới)', list: 'dueSoon', empty: 'Không có việc nào đến hạn trong 30 ngày tới.', reason: true },
  { id: 'cho-xac-nhan', title: 'Chờ Văn phòng xác nhận', list: 'awaitingReview', empty: 'Không có minh chứng nào đang chờ xác nhận.', reason: false },
] as const;

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
    const q = request.query as Record<string, string | undefined>;
    const plans = await planFilter(app.web.db, q.ke_hoach);
    const lists = groupUnitLines(ofPlan(await unitOccurrences(app.web.db, asOf, unitId), plans), asOf);
    const path = fixed ? `/don-vi/${encodeURIComponent(fixed)}` : '/don-vi';
    // One list in full, page by page, when asked ("Xem tất cả"); otherwise the first lines of each.
    const only = SECTIONS.find((s) => s.id === q.muc);
    const sections = (only ? [only] : SECTIONS).map((s) => {
      const all = lists[s.list];
      const pager = paginate(all, q.trang, only ? 100 : SECTION_PREVIEW, path, q);
      return { ...s, items: pager.items, total: all.length, pager: only ? pager : null, more: !only && all.length > SECTION_PREVIEW ? `${path}?${new URLSearchParams({ ...(q.ngay ? { ngay: q.ngay } : {}), ...(plans.plan ? { ke_hoach: plans.plan.key } : {}), muc: s.id }).toString()}` : null };
    });
    return html(reply, render('unit', { title: 'Việc của đơn vị', principal: p, csrf: reply.generateCsrf(), current: 'don-vi' }, { unit, day, sections, laterCount: only ? 0 : lists.laterCount, path, plans, muc: only?.id ?? null }));
  };
  app.get('/don-vi', { preHandler: requireAccount(['don-vi']) }, async (request, reply) => show()(request, reply));
  app.get('/don-vi/:unit', { preHandler: requireAccount(['van-phong', 'lanh-dao', 'don-vi']) }, async (request, reply) => show((request.params as { unit: string }).unit)(request, reply));
}
