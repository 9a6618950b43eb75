import { normaliseDate } from '../../activities/plan-files/assemble';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { parseFlags, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { overdueItems, rowViews } from '../row-views';
import { renderTable } from '../table';
import { withTemporalClient } from '../temporal-client';

const USAGE = 'Cách dùng: dondoc overdue [--unit <mã đơn vị>] [--as-of DD/MM/YYYY]';

/** The leadership list: who is late, with what, by how much, and when they were last reminded. */
export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(args, { unit: { type: 'string' }, 'as-of': { type: 'string' } }, USAGE);
    const asOfDay = values['as-of'] ? normaliseDate(values['as-of']) : undefined;
    if (asOfDay !== undefined && !isIsoDate(asOfDay)) throw new UsageError(`--as-of "${values['as-of']}" phải là ngày dạng DD/MM/YYYY.\n\n${USAGE}`);
    return await withTemporalClient(io, async (client) => {
      const asOf = asOfDay ? atLocalHour(asOfDay, 17) : Date.now();
      const items = overdueItems((await rowViews(client)).map((v) => v.state), asOf, values.unit);
      io.out(`Danh sách nhiệm vụ quá hạn ngày ${toVietnameseDate(isoDateAt(asOf))}: ${items.length}`);
      if (items.length > 0) {
        io.out(
          renderTable(
            [
              { header: 'Đơn vị', width: 24 },
              { header: 'Mục', width: 6 },
              { header: 'Nhiệm vụ', width: 40 },
              { header: 'Hạn', width: 10 },
              { header: 'Quá hạn', width: 16 },
              { header: 'Nhắc gần nhất', width: 13 },
            ],
            items.map((i) => [i.unit, i.where, `${i.task}${i.occurrence.label ? ` (${i.occurrence.label})` : ''}`, toVietnameseDate(i.occurrence.effective), `${i.daysOverdue} ngày (${i.workingDaysOverdue} ngày làm việc)`, i.lastMessageAt ? toVietnameseDate(isoDateAt(i.lastMessageAt)) : '—']),
          ),
        );
      }
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
};
