import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../../domain/calendar/holidays';
import { describeSchedule } from '../../domain/deadline/describe';
import { occurrences } from '../../domain/deadline/occurrences';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { Schedule } from '../../domain/deadline/schedule';
import { toVietnameseDate } from '../../domain/dates';
import { parseFlags, parseYearFlag, UsageError } from '../args';
import { CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';

const USAGE = [
  'Cách dùng: dondoc deadline [--json] --year <năm> [--from YYYY-MM-DD] [--context "…"] "<cụm thời hạn>"',
  '           dondoc deadline --batch   (đọc từng dòng JSON {"text","context","year"} từ stdin)',
].join('\n');

/** The stable machine-readable form other tools read: kind, due, effectiveDue, trigger, then the schedule's details. */
export function deadlineJson(schedule: Schedule, from?: string) {
  const year = schedule.year;
  const dues = occurrences(schedule, { from: from ?? `${year}-01-01`, to: `${year}-12-31` }).filter((d) => d.role === 'deadline');
  return {
    kind: schedule.kind,
    due: dues.map((d) => d.nominal),
    effectiveDue: dues.map((d) => d.effective),
    trigger: schedule.trigger,
    /** When each deadline's occurrence opens, for ranges ("Từ 03/11 - 14/11/2025"); absent when none is a range. */
    ...(dues.some((d) => d.opensOn) ? { opensOn: dues.map((d) => d.opensOn ?? null) } : {}),
    targets: schedule.dates.filter((d) => d.role === 'target').map((d) => d.nominal),
    ...(schedule.rule ? { rule: schedule.rule } : {}),
    ...(schedule.sla ? { sla: schedule.sla } : {}),
    ...(schedule.checkIn ? { checkIn: schedule.checkIn } : {}),
    ...(schedule.triggerDescription ? { triggerDescription: schedule.triggerDescription } : {}),
    ...(schedule.reason ? { reason: schedule.reason } : {}),
    ...(schedule.inferred ? { inferred: schedule.inferred } : {}),
    ...(schedule.toConfirm ? { toConfirm: schedule.toConfirm } : {}),
    milestones: schedule.dates.filter((d) => d.label).map((d) => ({ nominal: d.nominal, label: d.label })),
    implied: schedule.implied,
    summary: describeSchedule(schedule),
  };
}

const batchLine = z.object({ text: z.string(), context: z.string().optional().nullable(), year: z.number().int(), from: z.string().optional() });

function runBatch(input: string): string[] {
  return input
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let parsed: z.infer<typeof batchLine>;
      try {
        parsed = batchLine.parse(JSON.parse(line));
      } catch (error) {
        const why = error instanceof z.ZodError ? error.issues.map((is) => `${is.path.join('.') || 'dòng'}: ${is.message}`).join('; ') : String(error);
        return JSON.stringify({ kind: 'unknown', due: [], effectiveDue: [], trigger: false, error: `Dòng ${i + 1} của stdin không đúng dạng {"text","context","year"}: ${why}` });
      }
      const schedule = parseDeadline({ text: parsed.text, context: parsed.context ?? undefined, year: parsed.year });
      return JSON.stringify(deadlineJson(schedule, parsed.from));
    });
}

export const run: CommandRun = async (args, io) => {
  try {
    const { values, positionals } = parseFlags(
      args,
      { json: { type: 'boolean' }, batch: { type: 'boolean' }, year: { type: 'string' }, from: { type: 'string' }, context: { type: 'string' } },
      USAGE,
    );
    if (values.batch) {
      for (const line of runBatch(await io.readStdin())) io.out(line);
      return ExitCode.ok;
    }
    const year = parseYearFlag(values.year, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, USAGE);
    if (year === undefined) throw new UsageError(`Thiếu --year (năm của kế hoạch).\n\n${USAGE}`);
    if (positionals.length !== 1) throw new UsageError(`Cần đúng một cụm thời hạn trong dấu ngoặc kép.\n\n${USAGE}`);
    if (values.from !== undefined && !isIsoDate(values.from)) throw new UsageError(`--from "${values.from}" phải theo dạng YYYY-MM-DD.\n\n${USAGE}`);
    const schedule = parseDeadline({ text: positionals[0], context: values.context, year });
    const json = deadlineJson(schedule, values.from);
    if (values.json) {
      io.out(JSON.stringify(json));
      return ExitCode.ok;
    }
    const lines = [`"${schedule.text}"`, `  → ${json.summary}`];
    if (json.due.length > 0) {
      lines.push(`  Hạn: ${json.due.map((d, i) => (d === json.effectiveDue[i] ? toVietnameseDate(d) : `${toVietnameseDate(d)} (hiệu lực ${toVietnameseDate(json.effectiveDue[i])}, Điều 148)`)).join(', ')}`);
    }
    for (const implied of schedule.implied) lines.push(`  Suy ra: ${implied.reason}`);
    io.out(lines.join('\n'));
    return ExitCode.ok;
  } catch (error) {
    return reportCommandError(error, io);
  }
};
