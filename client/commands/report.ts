import { normaliseDate } from '../../activities/plan-files/assemble';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { atLocalHour } from '../../domain/policy/reminders';
import { parseFlags, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { Counts, report, reportSentence, rowViews } from '../row-views';
import { renderTable } from '../table';
import { withTemporalClient } from '../temporal-client';

const USAGE = 'Cách dùng: dondoc report --from DD/MM/YYYY --to DD/MM/YYYY [--as-of DD/MM/YYYY] [--json]';

const COLUMNS: [keyof Counts, string][] = [
  ['giao', 'Giao'],
  ['hoan-thanh-dung-han', 'Hoàn thành đúng hạn'],
  ['hoan-thanh-qua-han', 'Hoàn thành quá hạn'],
  ['dang-thuc-hien-trong-han', 'Đang thực hiện trong hạn'],
  ['dang-thuc-hien-qua-han', 'Quá hạn'],
  ['chua-den-han', 'Chưa đến hạn'],
  ['cho-xac-nhan', 'Chờ xác nhận'],
];

function day(value: string | undefined, flag: string): string {
  const iso = value === undefined ? '' : normaliseDate(value);
  if (!isIsoDate(iso)) throw new UsageError(`--${flag} ${value === undefined ? 'bị thiếu' : `"${value}" không phải ngày DD/MM/YYYY`}.\n\n${USAGE}`);
  return iso;
}

/** Per unit and in total, the counts reports send upward; an occurrence counts when its effective deadline is in the period. */
export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(args, { from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const from = day(values.from, 'from');
    const to = day(values.to, 'to');
    const asOf = values['as-of'] ? atLocalHour(day(values['as-of'], 'as-of'), 17) : Date.now();
    return await withTemporalClient(io, async (client) => {
      const { byUnit, total } = report((await rowViews(client)).map((v) => v.state), from, to, asOf);
      if (values.json) {
        io.out(JSON.stringify({ from, to, asOf: isoDateAt(asOf), byUnit: Object.fromEntries(byUnit), total, sentence: reportSentence(total) }));
        return ExitCode.ok;
      }
      io.out(`Kết quả thực hiện từ ${toVietnameseDate(from)} đến ${toVietnameseDate(to)} (tính đến ${toVietnameseDate(isoDateAt(asOf))})`);
      io.out(
        renderTable(
          [{ header: 'Đơn vị', width: 30 }, ...COLUMNS.map(([, h]) => ({ header: h, width: 12 }))],
          [...[...byUnit].map(([unit, c]) => [unit, ...COLUMNS.map(([k]) => String(c[k]))]), ['Tổng cộng', ...COLUMNS.map(([k]) => String(total[k]))]],
        ),
      );
      io.out(reportSentence(total));
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
};
