import { IsoDate } from '../dates';
import { RecurrenceRule, Sla } from './schedule';

/**
 * What one parser found in one span of the folded text. Parsers only report facts; the refiners and
 * the assembler decide what the whole phrase means.
 */
export interface Span {
  start: number;
  end: number;
}

/** A stretch of time named by the text: a day, a month, a quarter, a half-year or a year. */
export interface PeriodFact extends Span {
  type: 'period';
  /** First and last day of the period; for a single day both are that day. */
  first: IsoDate;
  last: IsoDate;
  /** How the text bounds it: "trước X" = strictly before its first day; otherwise its last day. */
  bound: 'before' | 'by';
  /** Whether a bound word stands before it ("trước", "chậm nhất", "đến"); a bare date may share its neighbour's. */
  boundStated: boolean;
  /** The text names a range ("tháng 9-10/2025"): its first day opens the occurrence. */
  range?: true;
  /** Year as written, or null when it came from a neighbour or the plan. */
  statedYear: number | null;
  /** Builds the period in a given year; `periodInYear` uses it when the year is inherited or implied. */
  build: (year: number) => { first: IsoDate; last: IsoDate } | InvalidFact;
  /** What the text names, for the office: "tháng 3", "quý II", "ngày 30/4". */
  what: string;
  /** How the last day was chosen when the text did not name a day. */
  dayReason?: string;
}

export interface InvalidFact extends Span {
  type: 'invalid';
  reason: string;
}

export interface RecurrenceFact extends Span {
  type: 'recurrence';
  rule: RecurrenceRule;
  /** Whether the text named the day, or the rule took the period's last day. */
  dayStated: boolean;
}

/** A day of the month without a month ("trước ngày 23"): it sharpens a recurring rule written beside it. */
export interface DayFact extends Span {
  type: 'day';
  day: number;
  bound: 'before' | 'by';
}

export interface SlaFact extends Span {
  type: 'sla';
  sla: Sla;
}

export interface EventFact extends Span {
  type: 'event';
  /** "dot xuat" alone marks ad-hoc triggers beside a date; other event words make the row wait. */
  adHocOnly: boolean;
}

export type Fact = PeriodFact | InvalidFact | RecurrenceFact | SlaFact | EventFact | DayFact;

/** The text a parser reads: folded for matching, with consumed spans blanked so two parsers never claim one word. */
export class ParseText {
  private work: string;

  constructor(readonly folded: string) {
    this.work = folded;
  }

  get text(): string {
    return this.work;
  }

  /**
   * Runs a global regex over the unconsumed text; each match the callback accepts is consumed.
   * `hint` is a word every match contains: most phrases lack it, and a substring test is far cheaper than the regex.
   * It is sought in the original text, which is flat, while `work` is a chain of slices once a scan has consumed.
   */
  scan(hint: string, pattern: RegExp, accept: (match: RegExpExecArray) => boolean): void {
    if (!this.folded.includes(hint)) return;
    const work = this.work;
    let kept = '';
    let from = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(work); m !== null; m = pattern.exec(work)) {
      if (m[0].length === 0) pattern.lastIndex++;
      else if (accept(m)) {
        // Blanked in one pass: consuming match by match rebuilt the whole text each time (quadratic on a huge cell).
        kept += work.slice(from, m.index) + ' '.repeat(m[0].length);
        from = m.index + m[0].length;
      }
    }
    if (from > 0) this.work = kept + work.slice(from);
  }
}
