import { normaliseDate } from '../../activities/plan-files/assemble';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { parseFlags, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { overdueList, renderOverdue } from '../overdue-list';
import { choosePlan, planLabeller, plansShown } from '../plans-shown';
import { withStore } from '../store-client';

const USAGE = [
  'Cách dùng: dondoc overdue [--unit <mã đơn vị>] [--ke-hoach <kế hoạch>] [--as-of DD/MM/YYYY] [--json]',
  '  --ke-hoach: chỉ một kế hoạch, theo mã (16-KH-SKHCN-2025) hoặc số (16/KH-SKHCN) khi chỉ một năm có số ấy.',
].join('\n');

/** The leadership list, from the read model: who is late, with what, by how much, and when they were last reminded. */
export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(args, { unit: { type: 'string' }, 'ke-hoach': { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const asOfDay = values['as-of'] ? normaliseDate(values['as-of']) : undefined;
    if (asOfDay !== undefined && !isIsoDate(asOfDay)) throw new UsageError(`--as-of "${values['as-of']}" phải là ngày dạng DD/MM/YYYY.\n\n${USAGE}`);
    return await withStore(io, async (db) => {
      const plans = await plansShown(db);
      const chosen = values['ke-hoach'] === undefined ? null : choosePlan(plans, values['ke-hoach']);
      if (chosen && 'error' in chosen) throw new UsageError(chosen.error);
      const plan = chosen?.plan;
      const asOf = asOfDay ? atLocalHour(asOfDay, 17) : Date.now();
      const planOf = planLabeller(plans);
      const items = await overdueList(db, asOf, values.unit, plan?.key);
      if (values.json) {
        io.out(JSON.stringify({ asOf: isoDateAt(asOf), ...(plan ? { plan: plan.key } : {}), items: items.map((i) => ({ ...i, plan: planOf(i.rowKey) })) }));
        return ExitCode.ok;
      }
      io.out(`Danh sách nhiệm vụ quá hạn ngày ${toVietnameseDate(isoDateAt(asOf))}${plan ? `, Kế hoạch số ${plan.label}` : ''}: ${items.length}`);
      // A plan column as soon as the read model holds two plans: otherwise two rows "5.11" could not be told apart.
      if (items.length > 0) io.out(renderOverdue(items, plans.length > 1 && !plan ? planOf : undefined));
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
};
