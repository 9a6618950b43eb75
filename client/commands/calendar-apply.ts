import { WorkflowNotFoundError } from '@temporalio/client';
import { SHIPPED_DECISIONS } from '../../domain/calendar/decisions';
import { toVietnameseDate } from '../../domain/dates';
import { calendarUpdate, planRowsQuery, planWorkflowId } from '../../workflows/definitions';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, ExitCode } from '../io';
import { NOT_RECORDED, onRow, TemporalUnavailable, WorkerUnavailable, withTemporalClient } from '../temporal-client';

/**
 * `dondoc calendar apply --ke-hoach 16-KH-SKHCN-2025 --van-ban "Quyết định …/QĐ-TTg"`: after the office has edited a
 * year's decision file (domain/calendar/decisions/), every running row of the plan counts with it from now on. Rows
 * keep the calendar they started with until this is run; each row mails the unit whose deadline moves.
 */
export async function runCalendarApply(args: string[], io: CommandIo, usage: string): Promise<number> {
  let plan: string | undefined;
  try {
    const { values } = parseFlags(args, { 'ke-hoach': { type: 'string' }, 'van-ban': { type: 'string' } }, usage);
    plan = values['ke-hoach']?.trim();
    const document = values['van-ban']?.trim();
    const planKey = plan;
    if (!planKey || !document) throw new UsageError(`Cần --ke-hoach <mã kế hoạch, ví dụ 16-KH-SKHCN-2025> và --van-ban "<quyết định về lịch nghỉ>".\n\n${usage}`);
    const decisions = [...SHIPPED_DECISIONS.values()];
    return await withTemporalClient(io, async (client) => {
      // Bounded like every action (onRow): with the worker down nothing is sent, or what waits is refused later.
      const registry = await onRow(client, planWorkflowId(planKey), 'read', () => client.workflow.getHandle(planWorkflowId(planKey)).query(planRowsQuery)).catch((error: unknown) => {
        throw error instanceof WorkerUnavailable ? new WorkerUnavailable(NOT_RECORDED) : error;
      });
      const rows = Object.keys(registry);
      let moved = 0;
      for (const [done, key] of rows.entries()) {
        try {
          const result = await onRow(client, key, 'write', (notAfter) => client.workflow.getHandle(key).executeUpdate(calendarUpdate, { args: [{ decisions, document, notAfter }] }));
          for (const m of result.moved) io.out(`${key} ${m.occurrenceId}: hạn ${toVietnameseDate(m.from)} → ${toVietnameseDate(m.to)}`);
          moved += result.moved.length;
        } catch (error) {
          if (error instanceof WorkerUnavailable || error instanceof TemporalUnavailable) {
            // Applying again is safe: a row already on the new calendar moves nothing.
            io.err(`Dừng ở ${key}: ${error.message} Đã áp dụng ${done}/${rows.length} nhiệm vụ; chạy lại lệnh này để áp dụng cho các nhiệm vụ còn lại.`);
            return error instanceof WorkerUnavailable ? ExitCode.unavailable : ExitCode.unreadable;
          }
          // A row that has ended keeps its history as it was.
          io.err(`${key}: không áp dụng được (${error instanceof Error ? error.message : String(error)}).`);
        }
      }
      io.out(`Đã áp dụng lịch nghỉ theo ${document} cho ${rows.length} nhiệm vụ của kế hoạch ${plan}: ${moved} hạn thay đổi.`);
      return ExitCode.ok;
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      io.err(`Không có kế hoạch mã "${plan}" đang được theo dõi. Mã có dạng 16-KH-SKHCN-2025 (xem dondoc plan import).`);
      return ExitCode.usage;
    }
    return reportCommandError(error, io);
  }
}
