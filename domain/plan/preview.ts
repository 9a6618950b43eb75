import { legalCalendar, LegalCalendar } from '../calendar/legal-calendar';
import { IsoDate } from '../dates';
import { describeSchedule } from '../deadline/describe';
import { occurrences } from '../deadline/occurrences';
import { parseDeadline } from '../deadline/parse-deadline';
import { InferredSchedule, Schedule, ScheduleKind, TruocNgay } from '../deadline/schedule';
import { pickDeadlineContext } from './deadline-context';
import { classifyExpectedOutput, EvidenceType } from './evidence-type';
import { ImportedRow, PlanDocument, rowKey } from './model';
import { resolveUnits, UnitsDirectory } from './units';

/** What the engine understood of every row, and what the office must look at. Pure: the command renders it. */
export type ProblemCode =
  | 'deadline-empty'
  | 'deadline-unreadable'
  | 'deadline-past-at-plan-date'
  | 'period-to-confirm'
  | 'implied-to-confirm'
  | 'reading-to-confirm'
  | 'unknown-unit'
  | 'lead-empty'
  | 'content-empty';

export interface Problem {
  code: ProblemCode;
  message: string;
}

export const PROBLEM_LABEL: Record<ProblemCode, string> = {
  'deadline-empty': 'thời hạn trống',
  'deadline-unreadable': 'không đọc được thời hạn',
  'deadline-past-at-plan-date': 'hạn đã qua khi ban hành',
  'period-to-confirm': 'cần đặt chu kỳ',
  'implied-to-confirm': 'hạn suy ra cần xác nhận',
  'reading-to-confirm': 'cách đọc cần xác nhận',
  'unknown-unit': 'đơn vị không có trong danh bạ',
  'lead-empty': 'thiếu đơn vị chủ trì',
  'content-empty': 'thiếu nội dung',
};

export const KIND_LABEL: Record<ScheduleKind, string> = {
  once: 'một lần',
  recurring: 'định kỳ',
  event: 'theo sự kiện',
  continuous: 'thường xuyên',
  unknown: 'chưa đọc được',
};

export interface PreviewRow {
  where: string;
  key: string;
  source: ImportedRow['source'];
  content: string;
  owner: string;
  ownerIds: string[];
  coordinating: string;
  phrase: string;
  context?: string;
  kind: ScheduleKind;
  understood: string;
  due: IsoDate[];
  effectiveDue: IsoDate[];
  trigger: boolean;
  next: { nominal: IsoDate; effective: IsoDate } | null;
  evidenceType: EvidenceType;
  schedule: Schedule;
  /** Set when the schedule was implied from the row (its deadline cell empty): the office confirms it. */
  inferred?: InferredSchedule;
  problems: Problem[];
}

export interface PreviewSummary {
  rows: number;
  byKind: Record<ScheduleKind, number>;
  byProblem: Partial<Record<ProblemCode, number>>;
  rowsWithProblems: number;
}

function unitProblems(row: ImportedRow, units: UnitsDirectory | null): { owner: string; ids: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (row.lead.trim() === '') return { owner: '', ids: [], problems: [{ code: 'lead-empty', message: 'Ô "Cơ quan chủ trì" trống: hãy ghi đơn vị chịu trách nhiệm.' }] };
  if (!units) return { owner: row.lead, ids: [], problems };
  const lead = resolveUnits(row.lead, units);
  if (lead.sentence && lead.units.length === 0) {
    problems.push({ code: 'unknown-unit', message: `Ô "Cơ quan chủ trì" là một câu ("${row.lead}") và không nêu đơn vị nào có trong danh bạ: đơn vị nào chủ trì việc này? Hãy ghi tên đơn vị chủ trì.` });
  }
  for (const name of lead.unknown) {
    problems.push({ code: 'unknown-unit', message: `Đơn vị chủ trì "${name}" không có trong danh bạ: hãy chọn một đơn vị có sẵn hoặc thêm tên này làm tên gọi khác (aliases).` });
  }
  for (const name of resolveUnits(row.coordinating, units).unknown) {
    problems.push({ code: 'unknown-unit', message: `Đơn vị phối hợp "${name}" không có trong danh bạ.` });
  }
  return { owner: lead.everyUnit ? 'Tất cả các phòng, đơn vị' : lead.units.map((u) => u.name).join(', ') || row.lead, ids: lead.units.map((u) => u.id), problems };
}

/** What a plan's policy changes in how its cells are read. */
export interface ReadingOptions {
  truocNgay?: TruocNgay;
}

export function previewRow(
  doc: PlanDocument,
  row: ImportedRow,
  units: UnitsDirectory | null,
  asOf: IsoDate,
  calendar: LegalCalendar = legalCalendar(),
  reading: ReadingOptions = {},
): PreviewRow {
  const context = pickDeadlineContext({ note: row.note, content: row.content, output: row.output });
  const headings = [row.groupTitle, doc.sections.find((s) => s.id === row.section)?.title].filter((h): h is string => Boolean(h));
  const schedule = parseDeadline(
    { text: row.deadline, context, year: doc.plan.year, planStart: doc.plan.date, row: { content: row.content, output: row.output, headings }, ...reading },
    calendar,
  );
  const from = schedule.kind === 'recurring' ? doc.plan.date : `${doc.plan.year}-01-01`;
  const dues = occurrences(schedule, { from, to: `${doc.plan.year}-12-31` }, calendar).filter((d) => d.role === 'deadline');
  const upcoming = dues.find((d) => d.effective >= asOf) ?? null;
  const { owner, ids, problems } = unitProblems(row, units);
  if (row.content.trim() === '') problems.push({ code: 'content-empty', message: 'Ô "Nội dung" trống.' });
  if (schedule.kind === 'unknown') {
    problems.push(
      row.deadline.trim() === ''
        ? { code: 'deadline-empty', message: 'Ô "Thời gian hoàn thành" trống: Văn phòng cần đặt thời hạn trước khi nhập.' }
        : { code: 'deadline-unreadable', message: schedule.reason ?? 'Không đọc được thời hạn.' },
    );
  }
  if (schedule.kind === 'once' && dues.length > 0 && dues.every((d) => d.effective < doc.plan.date)) {
    problems.push({
      code: 'deadline-past-at-plan-date',
      message: `Hạn ${dues.map((d) => d.nominal.split('-').reverse().join('/')).join(', ')} đã qua khi kế hoạch ban hành (${doc.plan.date.split('-').reverse().join('/')}): hãy xác nhận đã hoàn thành hoặc đặt hạn mới.`,
    });
  }
  const toConfirm = schedule.implied.find((i) => i.field === 'period' && i.value === 'chưa xác định');
  if (toConfirm) problems.push({ code: 'period-to-confirm', message: toConfirm.reason });
  if (schedule.inferred) problems.push({ code: 'implied-to-confirm', message: schedule.inferred.reason });
  // A reading the grammar covered only in part comes first: a date scheduled on it may not be the one the plan meant.
  if (schedule.toConfirm) problems.unshift({ code: 'reading-to-confirm', message: schedule.toConfirm });
  return {
    where: row.where,
    key: rowKey(doc.plan, row.where),
    source: row.source,
    content: row.content,
    owner,
    ownerIds: ids,
    coordinating: row.coordinating,
    phrase: row.deadline,
    ...(context ? { context } : {}),
    kind: schedule.kind,
    understood: describeSchedule(schedule),
    due: dues.map((d) => d.nominal),
    effectiveDue: dues.map((d) => d.effective),
    trigger: schedule.trigger,
    next: upcoming ? { nominal: upcoming.nominal, effective: upcoming.effective } : null,
    evidenceType: classifyExpectedOutput(row.output),
    schedule,
    ...(schedule.inferred ? { inferred: schedule.inferred } : {}),
    problems,
  };
}

export function previewPlan(
  doc: PlanDocument,
  units: UnitsDirectory | null,
  asOf: IsoDate = doc.plan.date,
  reading: ReadingOptions = {},
): { rows: PreviewRow[]; summary: PreviewSummary } {
  const rows = doc.rows.map((row) => previewRow(doc, row, units, asOf, undefined, reading));
  const byKind: Record<ScheduleKind, number> = { once: 0, recurring: 0, event: 0, continuous: 0, unknown: 0 };
  const byProblem: Partial<Record<ProblemCode, number>> = {};
  for (const row of rows) {
    byKind[row.kind]++;
    for (const code of new Set(row.problems.map((p) => p.code))) byProblem[code] = (byProblem[code] ?? 0) + 1;
  }
  return { rows, summary: { rows: rows.length, byKind, byProblem, rowsWithProblems: rows.filter((r) => r.problems.length > 0).length } };
}
