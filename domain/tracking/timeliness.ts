import { IsoDate, isoDateAt, toVietnameseDate } from '../dates';
import { deadlineEndMs } from './status';

/**
 * Whether accepted evidence completed its occurrence on time. The rule: the work is done on the evidence
 * document's date when that date is earlier than the day it was submitted (a report signed 27/04 and uploaded on
 * 05/05 was done on 27/04), else when it was submitted; on time when that is no later than the end of the effective
 * deadline day. The office sees both dates at review and may decide otherwise, with its reason: its decision is the
 * outcome the row keeps and the reports count.
 */
export type Outcome = 'on-time' | 'late';

export interface TimelinessFacts {
  /** The effective deadline (Điều 148 applied). */
  effective: IsoDate;
  /** The evidence document's own date. */
  documentDate: IsoDate;
  /** When it reached dondoc, epoch ms. */
  submittedAt: number;
}

/** The office's own call on timeliness, when it differs from the rule or confirms it. */
export interface OfficeTimeliness {
  outcome: Outcome;
  reason?: string;
}

export interface Timeliness {
  outcome: Outcome;
  /** What the rule alone says. */
  byRule: Outcome;
  /** Which date the rule went by. */
  basis: 'document' | 'submission';
  /** The office decided otherwise than the rule, and why. */
  overridden?: { reason: string };
}

export const OUTCOME_WORDS: Record<Outcome, string> = { 'on-time': 'hoàn thành đúng hạn', late: 'hoàn thành quá hạn' };

/** What the rule says, from the facts alone. */
export function timelinessByRule(f: TimelinessFacts): Pick<Timeliness, 'byRule' | 'basis'> {
  if (f.documentDate < isoDateAt(f.submittedAt)) return { byRule: f.documentDate <= f.effective ? 'on-time' : 'late', basis: 'document' };
  return { byRule: f.submittedAt <= deadlineEndMs(f) ? 'on-time' : 'late', basis: 'submission' };
}

/** The outcome the row keeps: the office's when it gave one, else the rule's. */
export function judgeTimeliness(f: TimelinessFacts, office?: OfficeTimeliness): Timeliness {
  const rule = timelinessByRule(f);
  if (!office || office.outcome === rule.byRule) return { outcome: rule.byRule, ...rule };
  return { outcome: office.outcome, ...rule, overridden: { reason: (office.reason ?? '').trim() } };
}

/** Why the office's call cannot be recorded, or undefined: deciding against the rule needs a reason for the log. */
export function officeTimelinessRefusal(f: TimelinessFacts, office?: OfficeTimeliness): string | undefined {
  if (!office) return undefined;
  if (office.outcome !== 'on-time' && office.outcome !== 'late') return 'Quyết định về thời hạn chỉ là đúng hạn hoặc quá hạn.';
  if (office.outcome !== timelinessByRule(f).byRule && !office.reason?.trim()) {
    return `Theo ${factsSentence(f)}, minh chứng được tính ${OUTCOME_WORDS[timelinessByRule(f).byRule]}; muốn tính ${OUTCOME_WORDS[office.outcome]} cần ghi lý do.`;
  }
  return undefined;
}

/** "văn bản ngày 27/04/2025, nộp ngày 05/05/2025, hạn 29/04/2025": the two dates the office weighs, and the deadline. */
export function factsSentence(f: TimelinessFacts): string {
  return `văn bản ngày ${toVietnameseDate(f.documentDate)}, nộp ngày ${toVietnameseDate(isoDateAt(f.submittedAt))}, hạn ${toVietnameseDate(f.effective)}`;
}

/** What the rule says, for the review screen and `task review`: "tính theo ngày văn bản (sớm hơn ngày nộp): hoàn thành đúng hạn". */
export function ruleSentence(f: TimelinessFacts): string {
  const { byRule, basis } = timelinessByRule(f);
  return `${basis === 'document' ? 'tính theo ngày văn bản (sớm hơn ngày nộp)' : 'tính theo ngày nộp'}: ${OUTCOME_WORDS[byRule]}`;
}

/** The row's log line on acceptance: the outcome first, then both dates and, when the office decided, its reason. */
export function acceptanceLogText(reviewer: string, documentNumber: string, f: TimelinessFacts, t: Timeliness): string {
  const head = `${reviewer} xác nhận minh chứng ${documentNumber}: ${OUTCOME_WORDS[t.outcome]}.`;
  const facts = `${factsSentence(f).replace(/^v/, 'V')}; ${t.basis === 'document' ? 'tính theo ngày văn bản (sớm hơn ngày nộp)' : 'tính theo ngày nộp'}`;
  if (!t.overridden) return `${head} ${facts}.`;
  return `${head} ${facts} thì ${OUTCOME_WORDS[t.byRule]}; Văn phòng quyết định ${OUTCOME_WORDS[t.outcome]}, lý do: ${t.overridden.reason}`;
}

/** The facts of one piece of evidence for its occurrence. */
export const timelinessFacts = (occ: { effective: IsoDate }, evidence: { documentDate: IsoDate; submittedAt: number }): TimelinessFacts => ({
  effective: occ.effective,
  documentDate: evidence.documentDate,
  submittedAt: evidence.submittedAt,
});
