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

export interface SlaFact extends Span {
  type: 'sla';
  sla: Sla;
}

export interface EventFact extends Span {
  type: 'event';
  /** "dot xuat" alone marks ad-hoc triggers beside a date; other event words make the row wait. */
  adHocOnly: boolean;
}

export type Fact = PeriodFact | InvalidFact | RecurrenceFact | SlaFact | EventFact;

/** The text a parser reads: folded for matching, with consumed spans blanked so two parsers never claim one word. */
export class ParseText {
  private work: string;

  constructor(readonly folded: string) {
    this.work = folded;
  }

  get text(): string {
    return this.work;
  }

  consume(span: Span): void {
    this.work = this.work.slice(0, span.start) + ' '.repeat(span.end - span.start) + this.work.slice(span.end);
  }

  /**
   * Runs a global regex over the unconsumed text; each match the callback accepts is consumed.
   * `hint` is a word every match contains: most phrases lack it, and a substring test is far cheaper than the regex.
   * It is sought in the original text, which is flat, while `work` is a chain of slices after each consume.
   */
  scan(hint: string, pattern: RegExp, accept: (match: RegExpExecArray) => boolean): void {
    if (!this.folded.includes(hint)) return;
    const matches: RegExpExecArray[] = [];
    pattern.lastIndex = 0;
    for (let m = pattern.exec(this.work); m !== null; m = pattern.exec(this.work)) {
      matches.push(m);
      if (m[0].length === 0) pattern.lastIndex++;
    }
    for (const match of matches) {
      if (accept(match)) this.consume({ start: match.index, end: match.index + match[0].length });
    }
  }
}
