import { SHIPPED_DECISIONS, YearDecision } from './decisions';
import { LegalCalendar } from './legal-calendar';

/**
 * The legal calendar a running row counts with: the Prime Minister's decisions for its years as they stood when the
 * row opened (a year without one uses the computed defaults). Kept in the row's state, so editing a decision file
 * changes no running row until the office applies it with an explicit calendar update.
 */
export interface CalendarSnapshot {
  years: number[];
  decisions: YearDecision[];
}

export function calendarSnapshot(years: number[], decisions: ReadonlyMap<number, YearDecision> = SHIPPED_DECISIONS): CalendarSnapshot {
  return { years, decisions: years.flatMap((y) => decisions.get(y) ?? []) };
}

export function calendarFrom(snapshot: CalendarSnapshot): LegalCalendar {
  return new LegalCalendar(new Map(snapshot.decisions.map((d) => [d.year, d])));
}

/** The calendar a new row of a plan year starts with: that year's and the next (its last escalations). */
export const rowCalendar = (planYear: number, decisions: ReadonlyMap<number, YearDecision> = SHIPPED_DECISIONS) => calendarSnapshot([planYear, planYear + 1], decisions);
