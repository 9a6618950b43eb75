import { toVietnameseDate } from '../../domain/dates';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, legalCalendar } from '../../domain/calendar/legal-calendar';
import { parseFlags, parseYearFlag, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';

const USAGE = 'Cách dùng: dondoc calendar --year <năm> [--json]\n       dondoc calendar export --unit <mã đơn vị> [--out tệp.ics] [--policy policy.json]\n       dondoc calendar link --unit <mã đơn vị> [--base https://dondoc.example]\n       dondoc calendar apply --ke-hoach <mã kế hoạch> --van-ban "<quyết định về lịch nghỉ>"';

const KIND_LABEL = { holiday: 'Nghỉ lễ, Tết', compensatory: 'Nghỉ bù', swapped: 'Nghỉ hoán đổi' } as const;

export const run: CommandRun = async (args, io) => {
  if (args[0] === 'apply') {
    const { runCalendarApply } = require('./calendar-apply') as typeof import('./calendar-apply');
    return runCalendarApply(args.slice(1), io, USAGE);
  }
  if (args[0] === 'export' || args[0] === 'link') {
    const { runFeedCommand } = require('./calendar-feed') as typeof import('./calendar-feed');
    return runFeedCommand(args[0], args.slice(1), io, USAGE);
  }
  try {
    const { values } = parseFlags(args, { year: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const year = parseYearFlag(values.year, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, USAGE);
    if (year === undefined) throw new UsageError(`Thiếu --year.\n\n${USAGE}`);
    const calendar = legalCalendar();
    const holidays = calendar.holidaysOf(year);
    const workingSaturdays = calendar.workingSaturdaysOf(year);
    const source = calendar.sourceOf(year);
    if (values.json) {
      io.out(
        JSON.stringify({
          year,
          source,
          nonWorking: calendar.nonWorkingDays(year).map((d) => d.date),
          holidays,
          workingSaturdays,
        }),
      );
      return ExitCode.ok;
    }
    const lines = [
      `Lịch nghỉ năm ${year} (${source === 'decision' ? 'theo quyết định của Thủ tướng đã nạp' : 'tính theo Điều 112 Bộ luật Lao động 2019, chưa có quyết định năm'}):`,
      ...holidays.map((h) => `  ${toVietnameseDate(h.date)}  ${KIND_LABEL[h.kind].padEnd(14)} ${h.name}`),
      ...workingSaturdays.map((d) => `  ${toVietnameseDate(d)}  ${'Làm bù'.padEnd(14)} Thứ Bảy đi làm bù`),
      `Tổng số ngày không làm việc (kể cả thứ Bảy, Chủ nhật): ${calendar.nonWorkingDays(year).length}.`,
    ];
    io.out(lines.join('\n'));
    return ExitCode.ok;
  } catch (error) {
    return reportCommandError(error, io);
  }
};
