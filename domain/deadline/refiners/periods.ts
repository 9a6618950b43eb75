import { IsoDate, toVietnameseDate } from '../../dates';
import { CHOICE_JOIN, LIST_JOIN, MAX_DEADLINES_PER_CELL, RANGE_JOIN } from '../constants';
import { InvalidFact, PeriodFact } from '../facts';
import { Implied } from '../schedule';
import { nominalOf, periodInYear } from '../parsers/periods';

/** A period the refiners have settled: its year known, its role and label decided. */
export interface SettledPeriod {
  fact: PeriodFact;
  /** Span in the folded text: a joined range spans both its ends. */
  start: number;
  end: number;
  first: IsoDate;
  last: IsoDate;
  nominal: IsoDate;
  role: 'deadline' | 'target';
  label?: string;
  /** A range's first day: when the occurrence opens. */
  opensOn?: IsoDate;
}

const between = (folded: string, a: { end: number }, b: { start: number }) => folded.slice(a.end, b.start);

/** "trước ngày 15/5 và 10/11": a bare date listed after a bounded one shares its bound. */
export function shareBounds(periods: PeriodFact[], folded: string): PeriodFact[] {
  let shared: PeriodFact[] | null = null;
  for (let i = 1; i < periods.length; i++) {
    const [prev, p] = [(shared ?? periods)[i - 1], periods[i]];
    if (!p.boundStated && prev.bound !== p.bound && LIST_JOIN.test(between(folded, prev, p))) {
      shared ??= periods.slice();
      shared[i] = { ...p, bound: prev.bound, boundStated: true };
    }
  }
  return shared ?? periods;
}

/**
 * Year inheritance: "Quý I hoặc Quý II 2025" dates both quarters in 2025 (a year written once covers the
 * periods before it); a period with no year anywhere takes the plan year, which the office is told.
 */
export function settleYears(periods: PeriodFact[], planYear: number, implied: Implied[]): SettledPeriod[] | InvalidFact {
  const settled: SettledPeriod[] = new Array(periods.length);
  let impliedYear = false;
  // From the last period back, so each one knows the next year written after it.
  let nextStated: number | null = null;
  for (let i = periods.length - 1; i >= 0; i--) {
    const fact = periods[i];
    if (fact.statedYear !== null) nextStated = fact.statedYear;
    let year = nextStated;
    if (year === null) {
      year = planYear;
      impliedYear = true;
    }
    const built = fact.statedYear === year ? { first: fact.first, last: fact.last } : periodInYear(fact, year);
    if ('type' in built) return built;
    const p: SettledPeriod = { fact, start: fact.start, end: fact.end, first: built.first, last: built.last, nominal: nominalOf(built.first, built.last, fact.bound), role: 'deadline' };
    if (fact.range) p.opensOn = built.first;
    settled[i] = p;
  }
  if (impliedYear) implied.push({ field: 'year', value: planYear, reason: `Không ghi năm: lấy năm của kế hoạch (${planYear}).` });
  return settled;
}

/**
 * Ranges: "Từ 03/11 - 14/11/2025", "Quý III/2025 – Quý I/2026". The end is the deadline; the start only opens the
 * occurrence. A start that inherited its year from the end and so falls after it belongs to the year before
 * ("từ tháng 11 đến tháng 2/2026" opens in November 2025).
 */
export function joinRanges(periods: SettledPeriod[], folded: string): SettledPeriod[] | InvalidFact {
  if (periods.length < 2) return periods;
  const joined: SettledPeriod[] = [];
  for (let i = 0; i < periods.length; i++) {
    const [from, to] = [periods[i], periods[i + 1]];
    if (!to || !RANGE_JOIN.test(between(folded, from, to))) {
      joined.push(from);
      continue;
    }
    let opens = from.opensOn ?? from.first;
    if (opens > to.nominal && from.fact.statedYear === null && opens.slice(5, 7) > to.nominal.slice(5, 7)) {
      const earlier = periodInYear(from.fact, Number(to.nominal.slice(0, 4)) - 1);
      if ('type' in earlier) return earlier;
      opens = earlier.first;
    }
    if (opens > to.nominal) return backwards(from, to, opens);
    joined.push({ ...to, start: from.start, opensOn: opens });
    i++;
  }
  return joined;
}

/** "Từ 20/6/2025 đến 02/6/2025": a range that ends before it starts is a typing slip the office corrects. */
function backwards(from: SettledPeriod, to: SettledPeriod, opens: IsoDate): InvalidFact {
  return {
    type: 'invalid',
    start: from.start,
    end: to.end,
    reason: `Khoảng thời gian bắt đầu ${toVietnameseDate(opens)} sau ngày kết thúc ${toVietnameseDate(to.nominal)}: hãy sửa lại thời hạn (ngày đầu trước, ngày cuối sau).`,
  };
}

/** "A hoặc B (hoặc C)", in any order: the latest is the deadline, the others targets the office may aim for. */
export function settleChoices(periods: SettledPeriod[], folded: string): SettledPeriod[] {
  if (periods.length < 2 || !folded.includes('hoac')) return periods;
  const out = periods.slice();
  for (let i = 0; i < out.length; ) {
    let j = i;
    while (j + 1 < out.length && CHOICE_JOIN.test(between(folded, out[j], out[j + 1]))) j++;
    if (j > i) {
      let latest = i;
      for (let k = i + 1; k <= j; k++) if (out[k].nominal > out[latest].nominal) latest = k;
      for (let k = i; k <= j; k++) if (k !== latest && out[k].nominal < out[latest].nominal) out[k] = { ...out[k], role: 'target' };
    }
    i = j + 1;
  }
  return out;
}

/** Separators and bound words around a milestone's label, in folded text. */
const LABEL_LEAD = /^(?:[\s,:;.)\]-]|(?:va|hoac)(?=\s))+/;
const LABEL_TAIL = /(?:[\s,:;.([-]|(?<![a-z])(?:trong|hoac|va|truoc|cham nhat|la|ngay|han|vao|tu|den|het))+$/;

/** The label in [from, to) of the original text, trimmed of separators and bound words (found in the folded text). */
function labelIn(original: string, folded: string, from: number, to: number): string | undefined {
  const segment = folded.slice(from, to);
  const lead = LABEL_LEAD.exec(segment)?.[0].length ?? 0;
  const tail = LABEL_TAIL.exec(segment.slice(lead))?.[0].length ?? 0;
  const label = original.slice(from + lead, to - tail).trim();
  return /\p{L}{3}/u.test(label) ? label : undefined;
}

/**
 * Milestones with their labels. Before each date when every date has one there: "Mầm non: 23/5/2025; THCS, THPT:
 * 24/5/2025", "Hoàn thành trước 30/6; báo cáo kết quả trước 15/7". Otherwise after it: "Trong tháng 4, hoàn thành
 * việc rà soát…; Trong tháng 6, hoàn thành tái cấu trúc…" ("Hoàn thành trước 30/6 và 31/12" labels neither).
 */
export function labelMilestones(periods: SettledPeriod[], original: string, folded: string): SettledPeriod[] {
  if (periods.length < 2) return periods;
  let labels = periods.map((p, i) => labelIn(original, folded, i === 0 ? 0 : periods[i - 1].end, p.start));
  if (labels.includes(undefined)) labels = periods.map((p, i) => labelIn(original, folded, p.end, periods[i + 1]?.start ?? original.length));
  return periods.map((p, i) => {
    const label = labels[i];
    return label ? { ...p, label } : p;
  });
}

/** The same date stated twice is one deadline; milestones on one date become one, their labels joined. */
export function mergeSameDates(periods: SettledPeriod[]): SettledPeriod[] {
  if (periods.length < 2) return periods;
  const byDate = new Map<IsoDate, SettledPeriod>();
  for (const p of periods) {
    const seen = byDate.get(p.nominal);
    if (!seen) {
      byDate.set(p.nominal, p);
      continue;
    }
    const merged: SettledPeriod = { ...seen, role: seen.role === 'deadline' || p.role === 'deadline' ? 'deadline' : 'target' };
    if (p.label && !seen.label?.split('; ').includes(p.label)) merged.label = seen.label ? `${seen.label}; ${p.label}` : p.label;
    if (p.opensOn && (!seen.opensOn || p.opensOn < seen.opensOn)) merged.opensOn = p.opensOn;
    byDate.set(p.nominal, merged);
  }
  return byDate.size === periods.length ? periods : [...byDate.values()];
}

/** Implied days: a month, quarter or year as a deadline means its last day (GUIDE §2). */
export function impliedDays(periods: SettledPeriod[], implied: Implied[]): void {
  for (const p of periods) {
    if (p.fact.first !== p.fact.last && p.fact.bound === 'by' && p.fact.dayReason) {
      implied.push({ field: 'day', value: p.nominal, reason: `${p.fact.dayReason} (${p.fact.what})` });
    }
  }
}

/** More deadlines than a plan row may have (`MAX_DEADLINES_PER_CELL`): a person splits the row or writes a rule. */
export function tooMany(count: number, where: { start: number; end: number }): InvalidFact {
  return {
    type: 'invalid',
    start: where.start,
    end: where.end,
    reason: `Ô thời hạn ghi ${count} hạn, nhiều hơn ${MAX_DEADLINES_PER_CELL} hạn mà một dòng kế hoạch được có: hãy tách thành nhiều dòng, hoặc ghi một chu kỳ ("hằng tháng", "ngày 05 hằng tháng").`,
  };
}
