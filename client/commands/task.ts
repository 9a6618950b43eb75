import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { evidenceRootFromEnv, storeEvidenceFiles } from '../../activities/evidence-files';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { fold } from '../../domain/text/normalize';
import { findOccurrence, occurrenceName, occurrenceNameCapitalised } from '../../domain/tracking/occurrence-name';
import { Occurrence, STATUS_LABEL } from '../../domain/tracking/row-state';
import { factsSentence, OfficeTimeliness, ruleSentence, timelinessFacts } from '../../domain/tracking/timeliness';
import { cancelUpdate, extendDeadlineUpdate, reviewEvidenceUpdate, stateQuery, submitEvidenceUpdate, triggerUpdate } from '../../workflows/definitions';
import { parseFlags, UsageError } from '../args';
import { CommandIo, CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { onRow, withTemporalClient } from '../temporal-client';

const USAGE = [
  'Cách dùng:',
  '  dondoc task status <mã>                                   (mã: 16-KH-SKHCN-2025/3.4)',
  '  dondoc task submit <mã> --don-vi <mã đơn vị> --so 662/BC-SKHCN --ngay 27/4/2025 [--lan <lần>] [--file F] [--ten "…"] [--nguoi-nop "…"]',
  '                                                            (--don-vi có thể thay bằng biến môi trường DONDOC_UNIT)',
  '  dondoc task review <mã> --accept [--tinh dung-han|qua-han --ly-do "…"] | --return "<lý do>" [--lan <lần>] [--nguoi-duyet "…"]',
  '                                                            (--tinh: Văn phòng tính thời hạn khác cách tính theo ngày văn bản và ngày nộp, ghi lý do)',
  '  dondoc task trigger <mã> --van-ban "…" [--ngay DD/MM/YYYY] [--han DD/MM/YYYY]',
  '  dondoc task extend <mã> --han DD/MM/YYYY --van-ban "…" [--lan <lần>]',
  '  dondoc task cancel <mã> --ly-do "…"',
].join('\n');

const FLAGS = {
  'don-vi': { type: 'string' },
  so: { type: 'string' },
  ngay: { type: 'string' },
  lan: { type: 'string' },
  file: { type: 'string', multiple: true },
  ten: { type: 'string' },
  'nguoi-nop': { type: 'string' },
  'nguoi-duyet': { type: 'string' },
  accept: { type: 'boolean' },
  return: { type: 'string' },
  'van-ban': { type: 'string' },
  han: { type: 'string' },
  'ly-do': { type: 'string' },
  tinh: { type: 'string' },
} as const;

function date(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const iso = normaliseDate(value);
  if (!isIsoDate(iso)) throw new UsageError(`--${flag} "${value}" phải là ngày dạng DD/MM/YYYY.`);
  return iso;
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`Thiếu --${flag}.\n\n${USAGE}`);
  return value;
}

/** No unit to submit for: the operator must say which (exit 2, like a missing Temporal address). */
class UnitNotSet extends Error {}

/**
 * The unit submitting evidence: `--don-vi`, else the operator's configured unit (DONDOC_UNIT). Never the row's own
 * lead unit by default, or the workflow's check of who submits could never refuse anything from the command line.
 */
function submittingUnit(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const unit = (flag ?? env.DONDOC_UNIT ?? '').trim();
  if (!unit) {
    throw new UnitNotSet(
      'Chưa rõ nộp minh chứng thay mặt đơn vị nào: hãy thêm --don-vi <mã đơn vị> (mã trong danh mục đơn vị, ví dụ --don-vi vp) ' +
        'hoặc đặt biến môi trường DONDOC_UNIT là mã đơn vị của anh/chị. Chỉ đơn vị chủ trì của nhiệm vụ được nộp.',
    );
  }
  return unit;
}

/** `--tinh dung-han|qua-han` with `--ly-do`: the office's own call on timeliness at acceptance. */
function officeCall(tinh: string | undefined, reason: string | undefined): OfficeTimeliness | undefined {
  if (tinh === undefined) return undefined;
  const folded = fold(tinh).replace(/\s+/g, '-');
  if (folded !== 'dung-han' && folded !== 'qua-han') throw new UsageError(`--tinh "${tinh}" không có: ghi --tinh dung-han hoặc --tinh qua-han.\n\n${USAGE}`);
  return { outcome: folded === 'dung-han' ? 'on-time' : 'late', ...(reason ? { reason } : {}) };
}

const open = (o: Occurrence) => !o.outcome && !o.cancelled;

/** "08:00" in Vietnam (UTC+7, no daylight saving). */
const localTime = (ms: number) => new Date(ms + 7 * 3600 * 1000).toISOString().slice(11, 16);

export const run: CommandRun = async (args, io: CommandIo) => {
  try {
    const [action, ...rest] = args;
    const { values: v, positionals } = parseFlags(rest, FLAGS, USAGE);
    const id = positionals[0];
    if (!action || !id) throw new UsageError(USAGE);
    const unitId = action === 'submit' ? submittingUnit(v['don-vi'], io.env) : '';
    return await withTemporalClient(io, async (client) => {
      const handle = client.workflow.getHandle(id);
      // Every call is bounded (onRow): the person is answered in seconds, even with the worker down.
      const update = <T>(send: (notAfter: number) => Promise<T>) => onRow(client, id, 'write', send);
      const view = await onRow(client, id, action === 'status' ? 'read' : 'write', () => handle.query(stateQuery));
      // `--lan` takes the id ("chinh", "2025-04") or the name people read ("chính", "kỳ 04/2025").
      const chosen = v.lan !== undefined ? findOccurrence(view.state.occurrences, v.lan) : view.state.occurrences.find(open);
      const occurrenceId = chosen?.id ?? v.lan ?? '';
      const name = chosen ? occurrenceName(chosen) : `lần thực hiện "${v.lan ?? ''}"`;
      switch (action) {
        case 'status': {
          const lines = [`${view.state.spec.where} — ${view.state.spec.content}`, `Chủ trì: ${view.state.spec.lead.name}; thời hạn: ${view.state.spec.deadlineText}`];
          const many = view.state.occurrences.length > 1;
          for (const o of view.state.occurrences) lines.push(`  ${occurrenceNameCapitalised(o)}${many ? ` (--lan ${o.id})` : ''}: hạn ${toVietnameseDate(o.effective)}  ${STATUS_LABEL[view.statuses[o.id]]}${o.evidence.length ? `  (minh chứng: ${o.evidence.map((e) => `${e.documentNumber}${e.files.length ? ` [${e.files.map((f) => f.name).join(', ')}]` : ''}`).join(', ')})` : ''}`);
          if (view.state.ended) lines.push(`Đã kết thúc theo dõi ngày ${toVietnameseDate(isoDateAt(view.state.ended.at))}: ${view.state.ended.reason}`);
          else for (const m of view.planned.slice(0, 3)) lines.push(`  Thư tiếp theo: ${toVietnameseDate(isoDateAt(m.at))} ${localTime(m.at)} — ${m.why}`);
          io.out(lines.join('\n'));
          return ExitCode.ok;
        }
        case 'submit': {
          const documentNumber = required(v.so, 'so');
          const documentDate = required(date(v.ngay, 'ngay'), 'ngay');
          const files = await storeEvidenceFiles(v.file ?? [], evidenceRootFromEnv(io.env, io.cwd), io.cwd, io.err);
          const submitter = { unitId, name: v['nguoi-nop'] ?? (unitId === view.state.spec.lead.id ? view.state.spec.lead.name : unitId) };
          const r = await update((notAfter) => handle.executeUpdate(submitEvidenceUpdate, { args: [{ occurrenceId, documentNumber, documentDate, title: v.ten ?? view.state.spec.expectedOutput, files, submitter, notAfter }] }));
          io.out(`Đã nhận minh chứng ${documentNumber} cho ${name}${files.length ? ` (${files.map((f) => f.name).join(', ')})` : ''}: ${STATUS_LABEL[r.status]}.`);
          return ExitCode.ok;
        }
        case 'review': {
          if (!v.accept && v.return === undefined) throw new UsageError(`Cần --accept hoặc --return "<lý do>".\n\n${USAGE}`);
          const timeliness = officeCall(v.tinh, v['ly-do']);
          const pending = chosen?.evidence.find((e) => !e.review);
          // The office sees both dates and what the rule makes of them, whatever it decides.
          if (pending && v.accept) io.out(`Minh chứng ${pending.documentNumber}: ${factsSentence(timelinessFacts(chosen!, pending))}; ${ruleSentence(timelinessFacts(chosen!, pending))}.`);
          const status = await update((notAfter) => handle.executeUpdate(reviewEvidenceUpdate, { args: [{ occurrenceId, decision: v.accept ? 'accept' : 'return', reason: v.return, reviewer: v['nguoi-duyet'] ?? 'Văn phòng Sở', ...(v.accept && timeliness ? { timeliness } : {}), notAfter }] }));
          io.out(`${occurrenceNameCapitalised(chosen ?? { id: occurrenceId, label: '' })}: ${STATUS_LABEL[status]}.`);
          return ExitCode.ok;
        }
        case 'trigger': {
          const request = { document: required(v['van-ban'], 'van-ban'), date: date(v.ngay, 'ngay') ?? isoDateAt(Date.now()), deadline: date(v.han, 'han') };
          const opened = await update((notAfter) => handle.executeUpdate(triggerUpdate, { args: [{ ...request, notAfter }] }));
          io.out(`Đã mở ${occurrenceName({ id: opened, label: `theo ${request.document}` })}.`);
          return ExitCode.ok;
        }
        case 'extend':
          const to = required(date(v.han, 'han'), 'han');
          const document = required(v['van-ban'], 'van-ban');
          await update((notAfter) => handle.executeUpdate(extendDeadlineUpdate, { args: [{ occurrenceId, to, document, notAfter }] }));
          io.out(`Đã gia hạn ${name} đến ${toVietnameseDate(to)}.`);
          return ExitCode.ok;
        case 'cancel':
          const reason = required(v['ly-do'], 'ly-do');
          await update((notAfter) => handle.executeUpdate(cancelUpdate, { args: [{ reason, notAfter }] }));
          io.out('Đã huỷ theo dõi nhiệm vụ.');
          return ExitCode.ok;
        default:
          throw new UsageError(`Không có lệnh "task ${action}".\n\n${USAGE}`);
      }
    });
  } catch (error) {
    if (error instanceof UnitNotSet) {
      io.err(error.message);
      return ExitCode.unreadable;
    }
    if (error instanceof WorkflowUpdateFailedError) {
      io.err(`Không chấp nhận: ${error.cause?.message ?? error.message}`);
      return ExitCode.usage;
    }
    if (error instanceof WorkflowNotFoundError) {
      io.err(`Không có nhiệm vụ mã "${args[1]}". Mã có dạng 16-KH-SKHCN-2025/3.4 (xem dondoc plan import).`);
      return ExitCode.usage;
    }
    return reportCommandError(error, io);
  }
};
