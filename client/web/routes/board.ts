import type { FastifyInstance } from 'fastify';
import { overdueWorkbook } from '../../../activities/reports/overdue-workbook';
import { REPORT_COLUMNS, reportWorkbook } from '../../../activities/reports/report-workbook';
import { periodOccurrences, periodReport } from '../../../activities/store/read-model';
import { lastEscalations, monthlyTrend } from '../../../activities/store/web-pages';
import { reportSentence } from '../../../domain/tracking/report';
import type { UnitsDirectory } from '../../../domain/plan/units';
import { overdueList, OverdueItem } from '../../overdue-list';
import { principalOf, requireAccount, type Principal } from '../access';
import { onTimeChart, overdueChart, trendChart } from '../charts';
import { asOfFrom, dayParam, paginate, text } from '../params';
import { planFilter, PlanFilter } from '../plan-filter';
import { ADD_UNITS_DIRECTORY, html } from '../server';
import { render } from '../views';

/** Lines per page of the board: a whole year of a large plan stays readable and fast. */
export const BOARD_PAGE = 200;

export interface BoardItem extends OverdueItem {
  leaderId: string;
  leader: string;
  escalatedTo: string[];
  escalatedAt: number | null;
  oversee: boolean;
}

/** One line of the board's summary: a unit (or a leader's units), how many are overdue, and the longest overdue. */
export interface BoardGroupSummary {
  name: string;
  unitId: string | null;
  count: number;
  oldest: BoardItem;
}

/** Per group, in the order the lists follow: the summary at the top of the board counts the whole list, not one page. */
export function summarise(ordered: BoardItem[], by: 'don-vi' | 'lanh-dao'): BoardGroupSummary[] {
  const groups = new Map<string, BoardGroupSummary>();
  for (const i of ordered) {
    const name = by === 'lanh-dao' ? i.leader : i.unit;
    const g = groups.get(name);
    if (!g) groups.set(name, { name, unitId: by === 'don-vi' ? i.unitId : null, count: 1, oldest: i });
    else {
      g.count += 1;
      if (i.daysOverdue > g.oldest.daysOverdue) g.oldest = i;
    }
  }
  return [...groups.values()];
}

const notices = (...lines: (string[] | string | null)[]) => {
  const all = lines.flatMap((l) => (l === null ? [] : Array.isArray(l) ? l : [l]));
  return all.length ? all : null;
};

/** The leader an account of role lãnh đạo stands for: by the id given at `user add`, else by e-mail. */
export function leaderOf(p: Principal | undefined, units: UnitsDirectory): string | null {
  if (p?.kind !== 'account' || p.role !== 'lanh-dao') return null;
  return units.leaders.find((l) => l.id === p.unitId || l.email.toLowerCase() === p.email)?.id ?? null;
}

function nameOf(email: string, units: UnitsDirectory): string {
  const leader = units.leaders.find((l) => l.email === email);
  if (leader) return `${leader.title} ${leader.name}`;
  const unit = units.units.find((u) => u.head.email === email);
  return unit ? `Trưởng ${unit.name}` : email;
}

/** Without a units directory the lists still read: no leaders, no stars, and a notice that says what to add. */
const NO_UNITS: UnitsDirectory = { organization: '', leaders: [], units: [] } as unknown as UnitsDirectory;
const NO_UNITS_NOTICE = 'Chưa có danh bạ đơn vị: danh sách vẫn đọc từ cơ sở dữ liệu theo dõi, nhưng chưa có lãnh đạo phụ trách và chưa lọc theo lãnh đạo được.';

export async function boardRoutes(app: FastifyInstance): Promise<void> {
  const readers = requireAccount(['van-phong', 'lanh-dao']);
  const unitsOrNone = async () => {
    const units = await app.web.unitsIfAny();
    return { units: units ?? NO_UNITS, notice: units ? null : [NO_UNITS_NOTICE, ADD_UNITS_DIRECTORY] };
  };

  /** The overdue occurrences as of the chosen day, with leader and escalation, filtered and ordered for reading. */
  async function board(q: Record<string, string | undefined>, p: Principal | undefined) {
    const { asOf, day, chosen } = asOfFrom(q.ngay, await app.web.now());
    const { units, notice } = await unitsOrNone();
    const mine = leaderOf(p, units);
    const unitFilter = text(q.don_vi);
    const leaderFilter = text(q.lanh_dao);
    const by: 'don-vi' | 'lanh-dao' = q.theo === 'lanh-dao' ? 'lanh-dao' : 'don-vi';
    const plans: PlanFilter = await planFilter(app.web.db, q.ke_hoach);
    const escalations = await lastEscalations(app.web.db, asOf);
    const unitLeader = new Map(units.units.map((u) => [u.id, u.leader]));
    const items: BoardItem[] = (await overdueList(app.web.db, asOf, unitFilter || undefined, plans.plan?.key)).map((i) => {
      const leaderId = unitLeader.get(i.unitId) ?? '';
      const leader = units.leaders.find((l) => l.id === leaderId);
      const esc = escalations.get(`${i.rowKey} ${i.occurrenceId}`);
      return { ...i, leaderId, leader: leader ? `${leader.title} ${leader.name}` : '—', escalatedTo: esc ? esc.recipients.map((e) => nameOf(e, units)) : [], escalatedAt: esc?.at ?? null, oversee: mine !== null && leaderId === mine };
    });
    const filtered = leaderFilter ? items.filter((i) => i.leaderId === leaderFilter) : items;
    // Grouped first, then paged, so a page never splits the order people read in.
    const ordered = by === 'lanh-dao' ? [...filtered].sort((a, b) => a.leader.localeCompare(b.leader, 'vi')) : [...filtered].sort((a, b) => a.unit.localeCompare(b.unit, 'vi'));
    return { day, chosen, by, ordered, units, mine, unitFilter, leaderFilter, plans, notice: notices(notice, plans.error) };
  }

  app.get('/qua-han', { preHandler: readers }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const p = principalOf(request);
    const { day, chosen, by, ordered, units, mine, unitFilter, leaderFilter, plans, notice } = await board(q, p);
    const pager = paginate(ordered, q.trang, BOARD_PAGE, '/qua-han', q);
    const groups = new Map<string, BoardItem[]>();
    for (const i of pager.items) {
      const key = by === 'lanh-dao' ? i.leader : i.unit;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    const query = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'trang')).toString();
    const summary = summarise(ordered, by);
    return html(
      reply,
      render('board', { title: 'Danh sách quá hạn', principal: p, csrf: reply.generateCsrf(), current: 'qua-han' }, {
        day,
        chosen,
        by,
        summary,
        chart: overdueChart(summary.map((g) => ({ name: g.name, count: g.count }))),
        // One group on the page (a unit chosen, or a short list) is open; many are closed to their heading.
        open: groups.size === 1,
        groups: [...groups],
        total: ordered.length,
        pager,
        query,
        units: units.units,
        leaders: units.leaders,
        unitFilter,
        leaderFilter,
        plans,
        mine,
        notice,
      }),
    );
  });

  app.get('/qua-han.xlsx', { preHandler: readers }, async (request, reply) => {
    const { day, ordered, plans } = await board(request.query as Record<string, string | undefined>, principalOf(request));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="qua-han-${day}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(await overdueWorkbook(day, ordered, plans.showPlan ? plans.planOf : undefined));
  });

  /** The figures reports send upward, per unit and in total, with the sentence `dondoc report` prints. */
  async function figures(q: Record<string, string | undefined>, nowMs: number) {
    const { asOf, day } = asOfFrom(q.ngay, nowMs);
    const year = day.slice(0, 4);
    const from = dayParam(q.tu) ?? `${year}-01-01`;
    const to = dayParam(q.den) ?? `${year}-12-31`;
    const plans = await planFilter(app.web.db, q.ke_hoach);
    return { asOf, day, from, to, plans, report: await periodReport(app.web.db, from, to, asOf, plans.plan?.key) };
  }

  app.get('/so-lieu', { preHandler: readers }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const { asOf, day, from, to, plans, report } = await figures(q, await app.web.now());
    const trend = await monthlyTrend(app.web.db, from, to, asOf, plans.plan?.key);
    const { units, notice } = await unitsOrNone();
    const mine = leaderOf(principalOf(request), units);
    const overseen = new Set(units.units.filter((u) => u.leader === mine).map((u) => u.name));
    return html(
      reply,
      render('figures', { title: 'Số liệu thực hiện kế hoạch', principal: principalOf(request), csrf: reply.generateCsrf(), current: 'so-lieu' }, {
        day,
        from,
        to,
        columns: REPORT_COLUMNS,
        byUnit: [...report.byUnit],
        total: report.total,
        sentence: reportSentence(report.total),
        overseen,
        onTime: onTimeChart([...report.byUnit]),
        trend: trendChart(trend),
        query: new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')).toString(),
        plans,
        notice: notices(notice, plans.error),
      }),
    );
  });

  app.get('/so-lieu.xlsx', { preHandler: readers }, async (request, reply) => {
    const { asOf, from, to, plans, report } = await figures(request.query as Record<string, string | undefined>, await app.web.now());
    const workbook = await reportWorkbook({ from, to, asOfMs: asOf, report, occurrences: await periodOccurrences(app.web.db, from, to, asOf, plans.plan?.key), planOf: plans.showPlan ? plans.planOf : undefined });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="so-lieu-${from}-${to}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(workbook);
  });
}
