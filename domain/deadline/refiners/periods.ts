import { IsoDate } from '../../dates';
import { InvalidFact, PeriodFact } from '../facts';
import { Implied } from '../schedule';
import { nominalOf, periodInYear } from '../parsers/periods';

/** A period the refiners have settled: its year known, its role and label decided. */
export interface SettledPeriod {
  fact: PeriodFact;
  first: IsoDate;
  last: IsoDate;
  nominal: IsoDate;
  role: 'deadline' | 'target';
  label?: string;
}

/**
 * Year inheritance: "Quý I hoặc Quý II 2025" dates both quarters in 2025 (a year written once covers the
 * periods before it); a period with no year anywhere takes the plan year, which the office is told.
 */
export function settleYears(periods: PeriodFact[], planYear: number, implied: Implied[]): SettledPeriod[] | InvalidFact {
  const settled: SettledPeriod[] = [];
  let impliedYear = false;
  for (let i = 0; i < periods.length; i++) {
    const fact = periods[i];
    let year = fact.statedYear;
    if (year === null) year = periods.slice(i + 1).find((p) => p.statedYear !== null)?.statedYear ?? null;
    if (year === null) {
      year = planYear;
      impliedYear = true;
    }
    const built = fact.statedYear === year ? { first: fact.first, last: fact.last } : periodInYear(fact, year);
    if ('type' in built) return built;
    settled.push({ fact, first: built.first, last: built.last, nominal: nominalOf(built.first, built.last, fact.bound), role: 'deadline' });
  }
  if (impliedYear) implied.push({ field: 'year', value: planYear, reason: `Không ghi năm: lấy năm của kế hoạch (${planYear}).` });
  return settled;
}

/** "A hoặc B": the later period is the deadline, the earlier one a target the office may aim for. */
export function settleChoices(periods: SettledPeriod[], folded: string): SettledPeriod[] {
  return periods.map((p, i) => {
    const next = periods[i + 1];
    if (!next) return p;
    const between = folded.slice(p.fact.end, next.fact.start);
    return /(?:^|\s)hoac(?:\s|$)/.test(between) && p.nominal < next.nominal ? { ...p, role: 'target' as const } : p;
  });
}

/** "Trong tháng 4, hoàn thành việc rà soát…; Trong tháng 6, hoàn thành tái cấu trúc…": milestones with their labels. */
export function labelMilestones(periods: SettledPeriod[], original: string): SettledPeriod[] {
  if (periods.length < 2) return periods;
  return periods.map((p, i) => {
    const end = periods[i + 1]?.fact.start ?? original.length;
    const label = original
      .slice(p.fact.end, end)
      .replace(/^[\s,:;.-]+/, '')
      .replace(/[\s;,.]*(?:trong|hoặc|hoac)?\s*$/i, '')
      .trim();
    return /\p{L}{3}/u.test(label) ? { ...p, label } : p;
  });
}

/** Implied days: a month, quarter or year as a deadline means its last day (GUIDE §2). */
export function impliedDays(periods: SettledPeriod[], implied: Implied[]): void {
  for (const p of periods) {
    if (p.fact.first !== p.fact.last && p.fact.bound === 'by' && p.fact.dayReason) {
      implied.push({ field: 'day', value: p.nominal, reason: `${p.fact.dayReason} (${p.fact.what})` });
    }
  }
}
