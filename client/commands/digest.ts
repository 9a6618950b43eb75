import { WorkflowNotFoundError } from '@temporalio/client';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { DateTime } from 'luxon';
import { stepMailFailures } from '../../activities/store/mail-outcomes';
import { digestStateLabel } from '../../domain/digest/digest-state';
import { DigestOfDay, digestsOfDay, mailServerStatus, undeliveredDigests, withoutRefusalPrefix } from '../../activities/store/web-pages';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { digestWorkflowId, sendDigestsNowUpdate } from '../../workflows/digest';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, CommandRun, ExitCode } from '../io';
import { withStore } from '../store-client';
import { DIGEST_WAITS, onRow, RowEnded, withTemporalClient, WorkerUnavailable } from '../temporal-client';

const USAGE = `Cách dùng:
  dondoc digest send                       gửi ngay thư tổng hợp hôm nay (sau khi máy chủ thư hay máy chủ nhắc việc ngừng lâu)
  dondoc digest status [--ngay DD/MM/YYYY]  thư tổng hợp của một ngày: ai nhận, bao nhiêu việc, đã gửi hay bị từ chối`;

async function send(io: CommandIo): Promise<number> {
  const taskQueue = io.env.TASK_QUEUE ?? 'dondoc';
  return withTemporalClient(io, async (client) => {
    const id = digestWorkflowId(taskQueue);
    const result = await onRow(client, id, 'write', () => client.workflow.getHandle(id).executeUpdate(sendDigestsNowUpdate)).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError || error instanceof RowEnded) throw new UsageError('Chưa có bộ gửi thư tổng hợp đang chạy trên hàng đợi này: bộ gửi bắt đầu khi nhập kế hoạch lần đầu (dondoc plan import), hoặc đặt TASK_QUEUE đúng hàng đợi của máy chủ nhắc việc.');
      throw error instanceof WorkerUnavailable && error.sent ? new WorkerUnavailable(DIGEST_WAITS, true) : error;
    });
    io.out(`Thư tổng hợp ngày ${toVietnameseDate(result.day)}: thêm ${result.claimed} việc, đã gửi ${result.sent} thư${result.rejected ? `, ${result.rejected} thư bị máy chủ thư từ chối địa chỉ (xem dondoc digest status)` : ''}.`);
    if (result.serverError) io.out(`${serverRefusal(result.serverError)} ${result.waiting ?? 0} thư chờ gửi lại, không việc nào bị bỏ.`);
    else if (result.waiting) io.out(`${result.waiting} thư chưa gửi được (hộp thư đầy, máy chủ nhận tạm từ chối): sẽ gửi lại ở lần chạy sau, xem dondoc digest status.`);
    if (result.sent === 0 && !result.serverError) io.out('Người đã nhận thư tổng hợp hôm nay sẽ nhận các việc mới trong thư ngày làm việc tiếp theo.');
    return result.serverError ? ExitCode.unreadable : ExitCode.ok;
  });
}

/** The sending side's refusal, in the words the office reads on the digest page too. */
export const serverRefusal = (error: string) => `Máy chủ thư từ chối: ${withoutRefusalPrefix(error)}. Hãy kiểm tra cấu hình gửi thư (SMTP_URL, tài khoản, quyền chuyển tiếp).`;

async function status(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseFlags(args, { ngay: { type: 'string' } }, USAGE);
  const day = values.ngay ? normaliseDate(values.ngay) : isoDateAt(Date.now());
  if (!isIsoDate(day)) throw new UsageError(`--ngay "${values.ngay}" phải là ngày dạng DD/MM/YYYY.\n\n${USAGE}`);
  return withStore(io, async (db) => {
    const server = await mailServerStatus(db);
    if (server) io.out(`${serverRefusal(server.error)} (từ ${timeOf(server.since)}, lần thử gần nhất ${timeOf(server.checkedAt)})`);
    const digests = await digestsOfDay(db, day);
    io.out(`Thư tổng hợp ngày ${toVietnameseDate(day)}: ${digests.length} thư`);
    for (const d of digests) io.out(digestLine(d));
    const undelivered = (await undeliveredDigests(db)).filter((d) => d.day !== day);
    if (undelivered.length > 0) {
      io.out(`Chưa đến được người nhận (các ngày khác): ${undelivered.length} thư`);
      for (const d of undelivered) io.out(`${digestLine(d)}  (thư ngày ${toVietnameseDate(d.day)})`);
    }
    const steps = await stepMailFailures(db);
    if (steps.length > 0) {
      io.out(`Thư nhắc từng bước chưa đến được người nhận: ${steps.length} thư`);
      for (const f of steps) io.out(`  ${f.recipients.join(', ')}  "${f.subject}"  ${digestStateLabel(f.state)}: ${f.error}  (nhiệm vụ ${f.rowKey}, ${timeOf(f.failedAt)})`);
    }
    return ExitCode.ok;
  });
}

const timeOf = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toFormat('HH:mm dd/MM/yyyy');

function digestLine(d: DigestOfDay): string {
  const list = d.list === 'qua-han' ? 'Danh sách quá hạn' : 'Tổng hợp nhắc việc';
  return `  ${d.name} <${d.email}>  ${list}  ${d.items.length} việc  ${digestStateLabel(d.state)}${d.error ? `: ${d.error}` : ''}`;
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
