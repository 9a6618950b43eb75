import { WorkflowNotFoundError } from '@temporalio/client';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { digestsOfDay } from '../../activities/store/web-pages';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { digestWorkflowId, sendDigestsNowUpdate } from '../../workflows/digest';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, CommandRun, ExitCode } from '../io';
import { withStore } from '../store-client';
import { DIGEST_WAITS, onRow, RowEnded, withTemporalClient, WorkerUnavailable } from '../temporal-client';

const USAGE = `Cách dùng:
  dondoc digest send                       gửi ngay thư tổng hợp hôm nay (sau khi máy chủ thư hay worker ngừng lâu)
  dondoc digest status [--ngay DD/MM/YYYY]  thư tổng hợp của một ngày: ai nhận, bao nhiêu việc, đã gửi hay bị từ chối`;

const STATE_LABEL: Record<string, string> = { 'cho-gui': 'chờ gửi', 'da-gui': 'đã gửi', 'bi-tu-choi': 'bị từ chối' };

async function send(io: CommandIo): Promise<number> {
  const taskQueue = io.env.TASK_QUEUE ?? 'dondoc';
  return withTemporalClient(io, async (client) => {
    const id = digestWorkflowId(taskQueue);
    const result = await onRow(client, id, 'write', () => client.workflow.getHandle(id).executeUpdate(sendDigestsNowUpdate)).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError || error instanceof RowEnded) throw new UsageError('Chưa có bộ gửi thư tổng hợp đang chạy trên hàng đợi này: bộ gửi bắt đầu khi nhập kế hoạch lần đầu (dondoc plan import), hoặc đặt TASK_QUEUE đúng hàng đợi của worker.');
      throw error instanceof WorkerUnavailable && error.sent ? new WorkerUnavailable(DIGEST_WAITS, true) : error;
    });
    io.out(`Thư tổng hợp ngày ${toVietnameseDate(result.day)}: thêm ${result.claimed} việc, đã gửi ${result.sent} thư${result.rejected ? `, ${result.rejected} thư bị máy chủ thư từ chối địa chỉ (xem dondoc digest status)` : ''}.`);
    if (result.sent === 0) io.out('Người đã nhận thư tổng hợp hôm nay sẽ nhận các việc mới trong thư ngày làm việc tiếp theo.');
    return ExitCode.ok;
  });
}

async function status(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, { ngay: { type: 'string' } }, USAGE);
  const day = values.ngay ? normaliseDate(values.ngay) : isoDateAt(Date.now());
  if (!isIsoDate(day)) throw new UsageError(`--ngay "${values.ngay}" phải là ngày dạng DD/MM/YYYY.\n\n${USAGE}`);
  return withStore(io, async (db) => {
    const digests = await digestsOfDay(db, day);
    io.out(`Thư tổng hợp ngày ${toVietnameseDate(day)}: ${digests.length} thư`);
    for (const d of digests) {
      const list = d.list === 'qua-han' ? 'Danh sách quá hạn' : 'Tổng hợp nhắc việc';
      io.out(`  ${d.name} <${d.email}>  ${list}  ${d.items.length} việc  ${STATE_LABEL[d.state] ?? d.state}${d.error ? `: ${d.error}` : ''}`);
    }
    return ExitCode.ok;
  });
}

/** `dondoc digest send|status`: the daily digest as the office sees it. */
export const run: CommandRun = async (args, io) => {
  try {
    const [sub, ...rest] = args;
    if (sub === 'send') return await send(io);
    if (sub === 'status') return await status(rest, io);
    throw new UsageError(sub ? `Không có lệnh "digest ${sub}".\n\n${USAGE}` : USAGE);
  } catch (error) {
    return reportCommandError(error, io);
  }
};
