import { readPlanFile } from '../../activities/plan-files/read-plan';
import { readPolicyFile } from '../../activities/plan-files/read-policy';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { isIsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import { KIND_LABEL, previewPlan, PreviewRow } from '../../domain/plan/preview';
import { endingOnImportSentence, endsOnStartSentence } from '../../domain/tracking/row-end';
import { firstDigestsSentence } from '../../domain/notifications/digest-schedule';
import { SHOWN_PROBLEM_LABEL, ShownSummary, withReadProblems } from '../../domain/plan/shown-problems';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { PlanDocument, planKey, rowKey } from '../../domain/plan/model';
import { planAsYear, TRIAL_YEARS } from '../../domain/plan/shift-year';
import { parseFlags, parseYearFlag, UsageError } from '../args';
import { CommandIo, CommandRun, ExitCode } from '../io';
import { reportCommandError } from '../command-errors';
import { renderTable } from '../table';
import { withTemporalClient } from '../temporal-client';
import { resolve } from 'node:path';

const NAM_HELP = '  --nam <năm>: thử kế hoạch như kế hoạch của năm đó (mọi ngày tháng trong kế hoạch chuyển sang năm ấy; tên kế hoạch ghi rõ là bản thử).';
const USAGE = ['Cách dùng: dondoc plan preview <tệp .docx|.xlsx|.csv|.json> [--units units.json] [--policy policy.json] [--as-of YYYY-MM-DD] [--nam <năm>] [--json]', NAM_HELP].join('\n');

/** The plan file, moved to the year `--nam` names when it names one. */
async function readPlanForYear(path: string, nam: string | undefined, usage: string): Promise<PlanDocument> {
  const year = parseYearFlag(nam, TRIAL_YEARS.min, TRIAL_YEARS.max, usage);
  const doc = await readPlanFile(path);
  return year === undefined ? doc : planAsYear(doc, year);
}

function dueText(row: Pick<PreviewRow, 'next' | 'kind'>): string {
  if (!row.next) return row.kind === 'event' || row.kind === 'continuous' ? 'khi có sự kiện' : '—';
  const { nominal, effective } = row.next;
  return nominal === effective ? toVietnameseDate(nominal) : `${toVietnameseDate(nominal)} → ${toVietnameseDate(effective)}`;
}

export function summaryLine(summary: ShownSummary): string {
  const kinds = Object.entries(summary.byKind)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${KIND_LABEL[kind as keyof typeof KIND_LABEL]} ${n}`)
    .join(', ');
  const problems = Object.entries(summary.byProblem)
    .map(([code, n]) => `${SHOWN_PROBLEM_LABEL[code as keyof typeof SHOWN_PROBLEM_LABEL]} ${n}`)
    .join(', ');
  return `Tổng cộng ${summary.rows} dòng: ${kinds}. ${summary.rowsWithProblems > 0 ? `Cần xem lại ${summary.rowsWithProblems} dòng (${problems}).` : 'Không có vấn đề.'}`;
}

async function preview(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { units: { type: 'string' }, policy: { type: 'string' }, 'as-of': { type: 'string' }, nam: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một tệp kế hoạch.\n\n${USAGE}`);
  const asOfRaw = values['as-of'];
  const asOf = asOfRaw === undefined ? undefined : normaliseDate(asOfRaw);
  if (asOf !== undefined && !isIsoDate(asOf)) throw new UsageError(`--as-of "${asOfRaw}" phải là ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY.\n\n${USAGE}`);
  const doc = await readPlanForYear(resolve(io.cwd, positionals[0]), values.nam, USAGE);
  const units = values.units ? await readUnitsFile(resolve(io.cwd, values.units)) : null;
  const policy = values.policy ? await readPolicyFile(resolve(io.cwd, values.policy)) : undefined;
  const { rows, summary } = withReadProblems(doc, previewPlan(doc, units, asOf ?? doc.plan.date, { truocNgay: policy?.truocNgay }));
  if (values.json) {
    io.out(
      JSON.stringify({
        plan: doc.plan,
        asOf: asOf ?? doc.plan.date,
        rows: rows.map(({ schedule, ...row }) => ({ ...row, implied: schedule.implied })),
        summary,
      }),
    );
    return ExitCode.ok;
  }
  const header = `${doc.plan.title}\nSố ${doc.plan.number} ngày ${toVietnameseDate(doc.plan.date)} — ${doc.plan.issuer}${units ? '' : '\n(Chưa có --units: không kiểm tra tên đơn vị.)'}`;
  const table = renderTable(
    [
      { header: 'Mục', width: 6 },
      { header: 'Chủ trì', width: 22 },
      { header: 'Thời hạn (nguyên văn)', width: 26 },
      { header: 'Hiểu là', width: 34 },
      { header: 'Hạn kế tiếp', width: 12 },
      { header: 'Vấn đề', width: 30 },
    ],
    rows.map((r) => [r.where, r.owner, r.phrase || '(trống)', r.understood, dueText(r), r.problems.map((p) => `• ${p.message}`).join(' ')]),
  );
  io.out(`${header}\n${table}\n${summaryLine(summary)}`);
  // Imported today, a past year's event and continuous rows would end at once: say so before anyone imports.
  const ending = endingOnImportSentence(rows, doc.plan.year, isoDateAt(Date.now()));
  if (ending) io.out(ending);
  return ExitCode.ok;
}

const IMPORT_USAGE = ['Cách dùng: dondoc plan import <tệp> --units units.json [--policy policy.json] [--nam <năm>]   (TEMPORAL_ADDRESS, mặc định 127.0.0.1:7233)', NAM_HELP].join('\n');

/** DONDOC_FIRST_DIGEST_DELAY_S: how long a new digest sender waits before its first run (tests shorten it). */
function firstDigestDelay(env: NodeJS.ProcessEnv): { firstDigestDelayMs?: number } {
  const raw = env.DONDOC_FIRST_DIGEST_DELAY_S;
  if (raw === undefined || raw === '') return {};
  if (!/^\d+$/.test(raw)) throw new UsageError(`DONDOC_FIRST_DIGEST_DELAY_S="${raw}" phải là số giây (số nguyên không âm).`);
  return { firstDigestDelayMs: Number(raw) * 1000 };
}

async function importCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { units: { type: 'string' }, policy: { type: 'string' }, nam: { type: 'string' } }, IMPORT_USAGE);
  if (positionals.length !== 1 || !values.units) throw new UsageError(`Cần một tệp kế hoạch và --units.\n\n${IMPORT_USAGE}`);
  const doc = await readPlanForYear(resolve(io.cwd, positionals[0]), values.nam, IMPORT_USAGE);
  const units = await readUnitsFile(resolve(io.cwd, values.units));
  const policy = values.policy ? await readPolicyFile(resolve(io.cwd, values.policy)) : undefined;
  return withTemporalClient(io, async (client) => {
    const { importPlan } = require('../plan-import') as typeof import('../plan-import');
    const summary = await importPlan(client, doc, units, {
      taskQueue: io.env.TASK_QUEUE ?? 'dondoc',
      policy,
      ...firstDigestDelay(io.env),
      progress: (done, total) => {
        if (done % 10 === 0 || done === total) io.err(`[${'#'.repeat(Math.round((done / total) * 30)).padEnd(30)}] ${done}/${total}`);
      },
    });
    if (values.nam !== undefined) io.out(`${doc.plan.title} — mã ${planKey(doc.plan)}.`);
    io.out(`Đã khởi tạo ${summary.started.length}, cập nhật ${summary.updated.length}, không đổi ${summary.unchanged.length}, huỷ ${summary.cancelled.length}, cần xem lại ${summary.needsAttention.length}.`);
    if (summary.endedOnStart.length > 0) io.out(endsOnStartSentence(summary.endedOnStart.map((k) => k.split('/').pop()!), doc.plan.year));
    if (summary.firstDigests) io.out(firstDigestsSentence(summary.firstDigests, 'dondoc digest send'));
    for (const n of summary.needsAttention) io.out(`  ${n.key}: ${n.reason}`);
    // The import keeps a row whose cell could not be read, with that cell empty: say which cell and why.
    for (const row of doc.rows) for (const p of row.readProblems ?? []) io.out(`  ${rowKey(doc.plan, row.where)}: ${p.message}`);
    return ExitCode.ok;
  });
}

const subcommands: Record<string, (args: string[], io: CommandIo) => Promise<number>> = { preview, import: importCommand };

export const run: CommandRun = async (args, io) => {
  const [name, ...rest] = args;
  try {
    const sub = name ? subcommands[name] : undefined;
    if (!sub) throw new UsageError(`${name ? `Không có lệnh "plan ${name}".` : 'Thiếu lệnh con.'}\n\n${USAGE}`);
    return await sub(rest, io);
  } catch (error) {
    return reportCommandError(error, io);
  }
};
