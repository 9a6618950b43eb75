import { SHIPPED_DECISIONS } from '../../domain/calendar/decisions';
import { toVietnameseDate } from '../../domain/dates';
import { calendarUpdate, planRowsQuery, planWorkflowId } from '../../workflows/definitions';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, ExitCode } from '../io';
import { withTemporalClient } from '../temporal-client';

/**
 * `dondoc calendar apply --ke-hoach 16-KH-SKHCN-2025 --van-ban "Quyết định …/QĐ-TTg"`: after the office has edited a
 * year's decision file (domain/calendar/decisions/), every running row of the plan counts with it from now on. Rows
 * keep the calendar they started with until this is run; each row mails the unit whose deadline moves.
 */
export async function runCalendarApply(args: string[], io: CommandIo, usage: string): Promise<number> {
  try {
    const { values } = parseFlags(args, { 'ke-hoach': { type: 'string' }, 'van-ban': { type: 'string' } }, usage);
    const plan = values['ke-hoach']?.trim();
    const document = values['van-ban']?.trim();
    if (!plan || !document) throw new UsageError(`Cần --ke-hoach <mã kế hoạch, ví dụ 16-KH-SKHCN-2025> và --van-ban "<quyết định về lịch nghỉ>".\n\n${usage}`);
    const decisions = [...SHIPPED_DECISIONS.values()];
    return await withTemporalClient(io, async (client) => {
      const rows = Object.keys(await client.workflow.getHandle(planWorkflowId(plan)).query(planRowsQuery));
      let moved = 0;
      for (const key of rows) {
        try {
          const result = await client.workflow.getHandle(key).executeUpdate(calendarUpdate, { args: [{ decisions, document }] });
          for (const m of result.moved) io.out(`${key} ${m.occurrenceId}: hạn ${toVietnameseDate(m.from)} → ${toVietnameseDate(m.to)}`);
          moved += result.moved.length;
        } catch (error) {
          // A row that has ended keeps its history as it was.
          io.err(`${key}: không áp dụng được (${error instanceof Error ? error.message : String(error)}).`);
        }
      }
      io.out(`Đã áp dụng lịch nghỉ theo ${document} cho ${rows.length} nhiệm vụ của kế hoạch ${plan}: ${moved} hạn thay đổi.`);
      return ExitCode.ok;
    });
  } catch (error) {
    return reportCommandError(error, io);
  }
}
