import { normaliseDate } from '../../activities/plan-files/assemble';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { parseFlags, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { overdueList, renderOverdue } from '../overdue-list';
import { withStore } from '../store-client';

const USAGE = 'Cách dùng: dondoc overdue [--unit <mã đơn vị>] [--as-of DD/MM/YYYY] [--json]';

/** The leadership list, from the read model: who is late, with what, by how much, and when they were last reminded. */
export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(args, { unit: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const asOfDay = values['as-of'] ? normaliseDate(values['as-of']) : undefined;
    if (asOfDay !== undefined && !isIsoDate(asOfDay)) throw new UsageError(`--as-of "${values['as-of']}" phải là ngày dạng DD/MM/YYYY.\n\n${USAGE}`);
    return await withStore(io, async (db) => {
      const asOf = asOfDay ? atLocalHour(asOfDay, 17) : Date.now();
      const items = await overdueList(db, asOf, values.unit);
      if (values.json) {
        io.out(JSON.stringify({ asOf: isoDateAt(asOf), items }));
        return ExitCode.ok;
      }
      io.out(`Danh sách nhiệm vụ quá hạn ngày ${toVietnameseDate(isoDateAt(asOf))}: ${items.length}`);
      if (items.length > 0) io.out(renderOverdue(items));
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
};
