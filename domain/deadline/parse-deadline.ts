import { legalCalendar, LegalCalendar } from '../calendar/legal-calendar';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../calendar/holidays';
import { foldTidy, tidy } from '../text/normalize';
import { DOCUMENT_REFERENCE, MAX_CONTEXT_CHARS, MAX_DEADLINE_CELL_CHARS, MAX_DEADLINES_PER_CELL } from './constants';
import { DayFact, EventFact, Fact, InvalidFact, ParseText, PeriodFact, RecurrenceFact, SlaFact } from './facts';
import { isContinuous, parseEvents, parseSlas } from './parsers/events';
import { parsePeriods } from './parsers/periods';
import { parseDays, parseRecurrences } from './parsers/recurrence';
import { impliedDays, joinRanges, labelMilestones, mergeSameDates, settleChoices, settleYears, shareBounds, SettledPeriod, tooMany } from './refiners/periods';
import { settleRule, SettledRule } from './refiners/recurrence';
import { DueDate, Implied, ParseDeadlineInput, RecurrenceRule, RowCells, Schedule, ScheduleKind, TruocNgay } from './schedule';
import { describeRule } from './describe';
import { readImplied } from './implied-schedule';
import { doubtOf, unexplainedNumbers, unexplainedReason, unlabelledDeadlines } from './coverage';

/**
 * The deadline engine: reads a "Thời gian hoàn thành" phrase (and a sharpening clause from the row's
 * content or note) into a Schedule. An ordered pipeline in chrono's manner: document references are
 * blanked, parsers report facts (SLAs, recurrences, periods, events), refiners settle years, choices and
 * milestones, and the assembler decides the kind. Never throws on text: unreadable input is `unknown`
 * with a reason a person can act on.
 */

interface Facts {
  slas: SlaFact[];
  recurrences: RecurrenceFact[];
  periods: PeriodFact[];
  invalid: InvalidFact[];
  events: EventFact[];
  /** Bare days ("trước ngày 23"), read only beside a recurrence they may sharpen. */
  days: DayFact[];
  folded: string;
  /** The text no parser consumed (document references blanked). */
  rest: string;
}

const NO_DAYS: DayFact[] = [];

function blankDocumentReferences(folded: string): string {
  return folded.replace(DOCUMENT_REFERENCE, (ref) => ' '.repeat(ref.length));
}

/**
 * "trước (ngày) 30/4" read as "hạn 30/4" under a "den-het" policy: the bound word is rewritten in place, to a word of the
 * same length the grammar reads as inclusive, so every span still points at the same characters of the cell.
 */
const BEFORE_A_DAY = /(?<![a-z])truoc(?=\s+(?:ngay\s+)?\d)/g;
const HAS_BEFORE_A_DAY = new RegExp(BEFORE_A_DAY.source);

function readFacts(text: string, year: number, truocNgay: TruocNgay = 'truoc'): Facts {
  const tidyFolded = blankDocumentReferences(foldTidy(text));
  const folded = truocNgay === 'den-het' ? tidyFolded.replace(BEFORE_A_DAY, 'han  ') : tidyFolded;
  const work = new ParseText(folded);
  const slas = parseSlas(work);
  const rules = parseRecurrences(work);
  const recurrences = rules.filter((f): f is RecurrenceFact => f.type === 'recurrence');
  const found: Fact[] = parsePeriods(work, year);
  if (recurrences.length < rules.length) found.push(...rules.filter((f) => f.type === 'invalid'));
  const events = parseEvents(work);
  return {
    slas,
    recurrences,
    periods: found.filter((f): f is PeriodFact => f.type === 'period'),
    invalid: found.filter((f): f is InvalidFact => f.type === 'invalid'),
    events,
    days: recurrences.length > 0 ? parseDays(work) : NO_DAYS,
    folded,
    rest: work.text,
  };
}

const UNREADABLE =
  'hãy ghi một ngày (dd/mm/yyyy), một tháng, quý hoặc năm, một chu kỳ ("hàng tháng", "ngày 05 hàng tháng"), "Thường xuyên", hoặc sự kiện ("Khi … có văn bản yêu cầu").';

function due(nominal: string, role: DueDate['role'], calendar: LegalCalendar, label?: string, opensOn?: string, before?: string): DueDate {
  const d: DueDate = { nominal, effective: calendar.effectiveDue(nominal), role };
  if (label) d.label = label;
  if (opensOn) d.opensOn = opensOn;
  if (before) d.before = before;
  return d;
}

/** The stated date of a "trước X" deadline that is a single day: a month or quarter "trước tháng 6" names no day to show. */
const statedBefore = (p: SettledPeriod): string | undefined => (p.fact.bound === 'before' && p.first === p.last && !p.opensOn ? p.first : undefined);

/** The refiners in order: shared bounds, years, ranges, choices, milestone labels, then one deadline per date. */
function refinePeriods(own: Facts, text: string, year: number, implied: Implied[]): SettledPeriod[] | InvalidFact {
  const settled = settleYears(shareBounds(own.periods, own.folded), year, implied);
  if ('type' in settled) return settled;
  const ranges = joinRanges(settled, own.folded);
  if ('type' in ranges) return ranges;
  const refined = mergeSameDates(labelMilestones(settleChoices(ranges, own.folded), text, own.folded));
  return refined.length > MAX_DEADLINES_PER_CELL ? tooMany(refined.length, refined[0]) : refined;
}

function outOfRange(dates: string[]): string | null {
  const bad = dates.map((d) => Number(d.slice(0, 4))).find((y) => y < FIRST_SUPPORTED_YEAR || y > LAST_SUPPORTED_YEAR);
  return bad === undefined ? null : `Năm ${bad} nằm ngoài khoảng ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} mà lịch pháp lý hỗ trợ: hãy kiểm tra lại năm.`;
}

/** The last day of a monthly report's data period. */
export const MONTHLY_REPORT_CUTOFF_DAY = 20;

const WEEKLY_QUOTA = /\/\s*tuan|moi tuan|hang tuan/;

function checkInFor(own: Facts, context: Facts | null, implied: Implied[]): RecurrenceRule {
  const stated = own.recurrences[0] ?? context?.recurrences[0];
  if (stated) return stated.rule;
  if (WEEKLY_QUOTA.test(own.folded) || (context && WEEKLY_QUOTA.test(context.folded))) return { freq: 'weekly', weekday: 5 };
  // The province's monthly report covers the 21st of last month to the 20th of this month (GUIDE §1).
  implied.push({ field: 'check-in', value: 'ngày 20 hằng tháng', reason: 'Nhiệm vụ thường xuyên: kiểm tra hằng tháng theo kỳ báo cáo tháng (số liệu từ ngày 21 tháng trước đến ngày 20 tháng này).' });
  return { freq: 'monthly', day: MONTHLY_REPORT_CUTOFF_DAY };
}

/** A sharper rule from the context: "chậm nhất là ngày 19 của tháng cuối quý" for "Hàng quý". */
function sharpenRule(rule: SettledRule, context: Facts | null, implied: Implied[]): RecurrenceRule {
  const better = context?.recurrences.find((c) => c.dayStated && c.rule.freq === rule.rule.freq);
  if (better) {
    implied.push({ field: 'day', value: JSON.stringify(better.rule), reason: 'Ngày trong kỳ lấy từ nội dung hoặc ghi chú của dòng kế hoạch.' });
    return better.rule;
  }
  if (!rule.dayStated) {
    implied.push({ field: 'day', value: 'last', reason: 'Không ghi ngày trong kỳ: hạn là ngày cuối cùng của mỗi kỳ.' });
  }
  return rule.rule;
}

type Extras = Partial<Pick<Schedule, 'rule' | 'triggerDescription' | 'sla' | 'checkIn' | 'reason' | 'inferred'>>;

/** What every schedule of one phrase shares. */
interface Phrase {
  text: string;
  context: string | undefined;
  year: number;
  implied: Implied[];
}

/**
 * Builds the value field by field, in one key order for every kind: object spread with conditional members was
 * the engine's largest single cost. Absent extras stay absent rather than present as undefined.
 */
function scheduleOf(phrase: Phrase, kind: ScheduleKind, dates: DueDate[], trigger: boolean, more?: Extras): Schedule {
  const { text, context, year, implied } = phrase;
  const s: Schedule = context === undefined ? { text, year, dates, trigger, implied, kind } : { text, context, year, dates, trigger, implied, kind };
  if (more === undefined) return s;
  if (more.rule !== undefined) s.rule = more.rule;
  if (more.triggerDescription !== undefined) s.triggerDescription = more.triggerDescription;
  if (more.sla !== undefined) s.sla = more.sla;
  if (more.checkIn !== undefined) s.checkIn = more.checkIn;
  if (more.reason !== undefined) s.reason = more.reason;
  if (more.inferred !== undefined) s.inferred = more.inferred;
  return s;
}

const quoted = (cell: string) => `"${cell.length > 40 ? `${cell.slice(0, 39).trimEnd()}…` : cell}"`;
const TO_CONFIRM = 'Kế hoạch không ghi hạn này: Văn phòng cần xác nhận.';

/**
 * An empty cell whose row implies a schedule: an indicator is due at its year's end, continuing work is continuous
 * with check-ins. Everything is implied (`inferred`, and each part in `implied`), never presented as stated.
 */
function inferredOf(phrase: Phrase, row: RowCells, calendar: LegalCalendar): Schedule | null {
  const fact = readImplied(row);
  if (!fact) return null;
  const { implied, year: planYear } = phrase;
  if (fact.rule === 'indicator-year-end') {
    const year = fact.year ?? planYear;
    const end = `${year}-12-31`;
    if (outOfRange([end])) return null;
    if (fact.year === null) implied.push({ field: 'year', value: planYear, reason: `Chỉ tiêu không ghi năm: lấy năm của kế hoạch (${planYear}).` });
    const reason = `Ô thời hạn trống, dòng chỉ tiêu (${quoted(fact.from)}): suy ra hạn cuối năm 31/12/${year}, đánh giá trong báo cáo năm ${year}. ${TO_CONFIRM}`;
    implied.push({ field: 'period', value: end, reason });
    const dates = [due(end, 'deadline', calendar, `đánh giá trong báo cáo năm ${year}`)];
    return scheduleOf(phrase, 'once', dates, false, { inferred: { rule: fact.rule, from: fact.from, reason } });
  }
  const checkIn = checkInFor(readFacts(fact.from.slice(0, MAX_CONTEXT_CHARS), planYear), null, implied);
  const reason = `Ô thời hạn trống, việc làm tiếp diễn (${quoted(fact.from)}): suy ra là nhiệm vụ thường xuyên, kiểm tra ${describeRule(checkIn)}. ${TO_CONFIRM}`;
  implied.push({ field: 'rule', value: 'thường xuyên', reason });
  return scheduleOf(phrase, 'continuous', [], false, { checkIn, inferred: { rule: fact.rule, from: fact.from, reason } });
}

/** How much of an unreadable cell its reason quotes. */
const QUOTED_MAX = 120;

/** Unreadable: nothing implied stands, only the reason. */
function unknownOf(phrase: Phrase, reason: string): Schedule {
  return scheduleOf({ ...phrase, implied: [] }, 'unknown', [], false, { reason });
}

/** What the assembler saw of the cell, for the doubts a careful reader would raise about it. */
interface Seen {
  rest: string;
  own: Facts | null;
}

/**
 * "Định kỳ (trước ngày 15 tháng 12)" without "hằng năm": a date of each year, as every periodic date without a year is.
 * Only whole days without a year: "định kỳ, Quý II năm 2025" stays a dated deadline.
 */
function periodicYearly(own: Facts, year: number): SettledRule | InvalidFact | null {
  if (!/dinh ky/.test(own.folded) || own.periods.length === 0 || own.events.length > 0) return null;
  if (!own.periods.every((p) => p.statedYear === null && p.first === p.last)) return null;
  const base: RecurrenceFact = { type: 'recurrence', start: 0, end: 0, rule: { freq: 'yearly', month: 12, day: 'last' }, dayStated: false };
  return settleRule([base], [], own.periods, own.folded, year);
}

function readSchedule(input: ParseDeadlineInput, calendar: LegalCalendar, seen: Seen): Schedule {
  const text = tidy(input.text ?? '');
  const contextText = (input.context && tidy(input.context)) || undefined;
  const implied: Implied[] = [];
  const phrase: Phrase = { text, context: contextText, year: input.year, implied };

  if (!Number.isInteger(input.year) || input.year < FIRST_SUPPORTED_YEAR || input.year > LAST_SUPPORTED_YEAR) {
    return unknownOf(phrase, `Năm kế hoạch ${input.year} không hợp lệ: cần một năm từ ${FIRST_SUPPORTED_YEAR} đến ${LAST_SUPPORTED_YEAR}.`);
  }
  if (text === '' || /^[-‒–—―−.…\s]*$/.test(text)) {
    return (input.row && inferredOf(phrase, input.row, calendar)) || unknownOf(phrase, `Ô thời hạn trống: ${UNREADABLE}`);
  }

  if (text.length > MAX_DEADLINE_CELL_CHARS) {
    const n = (x: number) => x.toLocaleString('vi-VN');
    return unknownOf(
      phrase,
      `Ô thời hạn dài ${n(text.length)} ký tự, quá ${n(MAX_DEADLINE_CELL_CHARS)} ký tự mà một ô thời hạn có thể có (có lẽ cả một đoạn văn đã bị dán vào ô): hãy ghi riêng thời hạn vào ô này.`,
    );
  }

  const own = readFacts(text, input.year, input.truocNgay);
  if (input.truocNgay === 'den-het' && HAS_BEFORE_A_DAY.test(foldTidy(text))) {
    implied.push({ field: 'day', value: 'den-het', reason: 'Chính sách của kế hoạch đọc "trước ngày X" là hạn đến hết ngày X.' });
  }
  seen.rest = own.rest;
  seen.own = own;
  if (own.invalid.length > 0) return unknownOf(phrase, own.invalid[0].reason);
  // The context only sharpens recurring, event and continuous rows: a dated row never reads it.
  const context = contextText && !(own.periods.length > 0 && own.recurrences.length === 0 && !isContinuous(own.folded)) ? readFacts(contextText.slice(0, MAX_CONTEXT_CHARS), input.year, input.truocNgay) : null;
  const adHoc = own.events.length > 0;

  if (isContinuous(own.folded)) {
    const sla = own.slas[0]?.sla ?? context?.slas[0]?.sla;
    const waitsForEvents = own.events.length > 0 || (context?.events.length ?? 0) > 0;
    const checkIn = checkInFor(own, context, implied);
    return scheduleOf(phrase, 'continuous', [], Boolean(sla) || waitsForEvents, { sla, checkIn });
  }

  if (own.recurrences.length > 0) {
    const settled = settleRule(own.recurrences, own.days, own.periods, own.folded, input.year);
    if (settled.type === 'invalid') return unknownOf(phrase, settled.reason);
    const rule = sharpenRule(settled, context, implied);
    return scheduleOf(phrase, 'recurring', [], adHoc, { rule });
  }

  const yearly = periodicYearly(own, input.year);
  if (yearly) {
    if (yearly.type === 'invalid') return unknownOf(phrase, yearly.reason);
    implied.push({ field: 'rule', value: 'hằng năm', reason: 'Ghi "định kỳ" với ngày không kèm năm: hạn lặp lại vào ngày đó mỗi năm.' });
    return scheduleOf(phrase, 'recurring', [], false, { rule: yearly.rule });
  }

  if (own.periods.length > 0) {
    const refined = refinePeriods(own, text, input.year, implied);
    if ('type' in refined) return unknownOf(phrase, refined.reason);
    impliedDays(refined, implied);
    const range = outOfRange(refined.map((p) => p.nominal));
    if (range) return unknownOf(phrase, range);
    const dates = refined.map((p) => due(p.nominal, p.role, calendar, p.label, p.opensOn, statedBefore(p))).sort((a, b) => a.nominal.localeCompare(b.nominal));
    return scheduleOf(phrase, 'once', dates, adHoc);
  }

  if (own.events.length > 0 || own.slas.length > 0) {
    const sla = own.slas[0]?.sla ?? context?.slas[0]?.sla;
    let dates: DueDate[] = [];
    if (context && context.periods.length > 0 && context.invalid.length === 0) {
      const settled = settleYears(context.periods, input.year, implied);
      if (!('type' in settled) && !outOfRange(settled.map((p) => p.nominal))) {
        dates = settled.map((p) => due(p.nominal, 'deadline', calendar));
        implied.push({ field: 'period', value: dates.map((d) => d.nominal).join(';'), reason: 'Hạn dự phòng lấy từ ghi chú, áp dụng nếu chưa có văn bản kích hoạt.' });
      }
    }
    if (/dinh ky/.test(own.folded)) {
      implied.push({ field: 'period', value: 'chưa xác định', reason: 'Có "định kỳ" nhưng không ghi chu kỳ: Văn phòng cần đặt chu kỳ; trong khi chờ, mở lần thực hiện khi có yêu cầu đột xuất.' });
    }
    return scheduleOf(phrase, 'event', dates, true, { triggerDescription: text, sla });
  }

  // A whole paragraph pasted into the cell would bury the advice: quote its start, the file's cell has the rest.
  const shown = text.length > QUOTED_MAX ? `${text.slice(0, QUOTED_MAX - 1)}…` : text;
  return unknownOf(phrase, `Không đọc được thời hạn "${shown}": ${UNREADABLE}`);
}

export function parseDeadline(input: ParseDeadlineInput, calendar: LegalCalendar = legalCalendar()): Schedule {
  const seen: Seen = { rest: '', own: null };
  const schedule = readSchedule(input, calendar, seen);
  if (schedule.kind === 'unknown' || !seen.own) return schedule;
  const own = seen.own;
  const numbers = unexplainedNumbers(seen.rest);
  const toConfirm =
    doubtOf({
      kind: schedule.kind,
      folded: own.folded,
      foldedWithReferences: foldTidy(schedule.text),
      frequencies: own.recurrences.map((r) => r.rule.freq),
      periods: own.periods.length,
    }) ??
    (numbers.length > 0 ? unexplainedReason(numbers) : schedule.kind === 'once' ? unlabelledDeadlines(schedule.dates) : null);
  if (toConfirm) schedule.toConfirm = toConfirm;
  return schedule;
}
