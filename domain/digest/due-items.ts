import { legalCalendar } from '../calendar/legal-calendar';
import { calendarFrom, CalendarSnapshot } from '../calendar/snapshot';
import { IsoDate } from '../dates';
import { checkIns } from '../policy/check-ins';
import { owedSteps } from '../delivery/owed-steps';
import { ReminderPolicy } from '../policy/reminders';
import { Occurrence, RowSpec } from '../tracking/row-state';

export interface DigestContact {
  name: string;
  email: string;
}

/**
 * Something a row has to tell a person that is not a step of its ladder: evidence returned, a deadline moved by a
 * new holiday decision. The row keeps it in its state and the read model; the next digest carries it.
 */
export interface RowNotice {
  /** The key the per-message design mails it under: `${rowKey}/${occurrenceId}/tra-lai-mc-1`. */
  key: string;
  kind: 'evidence-returned' | 'deadline-moved';
  occurrenceId: string;
  at: number;
  /** The office's reason, or the deciding document and the old deadline. */
  detail: string;
}

/**
 * What the digest sender needs of one row, recorded by the row with every change: the row as it stands, and the
 * rules its per-message ladder would follow (policy, calendar, the instant from which steps are the digest's).
 */
export interface DigestSource {
  rowKey: string;
  spec: RowSpec;
  contacts: { head: DigestContact; leader: DigestContact; office: DigestContact; coordinating: DigestContact[] };
  policy: ReminderPolicy;
  calendar?: CalendarSnapshot;
  /** Steps due at or after this instant go to digests; earlier ones were the row's own mail (epoch ms). */
  from: number;
  /** Set when the plan turned digests off: from this instant on the row mails each step itself again. */
  until?: number;
  occurrences: Occurrence[];
  cancelled?: { reason: string; at: number };
  notices: RowNotice[];
}

export type DigestItemKind = 'reminder' | 'escalation' | 'check-in' | 'evidence-returned' | 'deadline-moved' | 'awaiting-review' | 'coordination';

/** Lines a digest adds to what the per-message design mailed: the office's review queue, the coordinating units' copy. */
export const DIGEST_ONLY_KINDS: readonly DigestItemKind[] = ['awaiting-review', 'coordination'];

/** One line of one person's digest. The key is the per-message design's key for the same message. */
export interface DigestItem {
  key: string;
  rowKey: string;
  occurrenceId: string;
  kind: DigestItemKind;
  /** The ladder's step ("nhac-3", "lanh-dao", "cap-nhat"), or the notice's kind. */
  step: string;
  at: number;
  to: DigestContact;
  /** 'qua-han': the leader's daily overdue list; 'tong-hop': everyone's daily digest. */
  list: 'tong-hop' | 'qua-han';
  why: string;
}

const openAt = (occ: Occurrence, at: number) => !(occ.cancelled && occ.cancelled.at <= at) && !(occ.completedAt !== undefined && occ.completedAt <= at);

/**
 * Evidence waited for the office's review at `at`. The per-message ladder skips such steps, and a return drops the
 * ones that fell while it waited ("the returned mail replaces them"): both read as "pending through the review".
 */
const pendingAt = (occ: Occurrence, at: number) => occ.evidence.some((e) => e.submittedAt <= at && (!e.review || e.review.at >= at));

/**
 * A coordinating unit's copy of a step: keyed by the unit, so a new head or a fixed address does not make every copy
 * since the row started owed again. Rows recorded before contacts carried the unit are keyed by the address, as then.
 */
export const coordinationKey = (stepKey: string, to: { email: string; unitId?: string }) => `${stepKey}#phoi-hop:${to.unitId ?? to.email.toLowerCase()}`;

/** The key a copy had before copies were keyed by unit: a copy sent under it is not sent again. */
export const addressedCoordinationKey = (stepKey: string, to: { email: string }) => `${stepKey}#phoi-hop:${to.email.toLowerCase()}`;

/**
 * Every item of a row due at or before `upTo` that the per-message design would have mailed from `source.from` on,
 * plus the office's "awaiting review" lines. Pure: the sender subtracts what earlier digests already carried.
 */
export function dueDigestItems(source: DigestSource, upTo: number): DigestItem[] {
  const { rowKey, spec, policy, contacts } = source;
  const calendar = source.calendar ? calendarFrom(source.calendar) : legalCalendar();
  const owed = (at: number) => at >= source.from && at <= upTo && (source.until === undefined || at < source.until);
  const items: DigestItem[] = [];
  for (const occ of source.occurrences) {
    for (const step of owedSteps(occ.effective, occ.opensOn, policy, calendar, source.from, upTo)) {
      if (!owed(step.at) || !openAt(occ, step.at) || pendingAt(occ, step.at)) continue;
      const leader = step.audience === 'leader';
      const key = `${rowKey}/${occ.id}/${step.step}`;
      items.push({ key, rowKey, occurrenceId: occ.id, kind: step.kind, step: step.step, at: step.at, to: leader ? contacts.leader : contacts.head, list: leader ? 'qua-han' : 'tong-hop', why: step.why });
      // The first reminder's copy to the coordinating units: their own line, so they hear which task they support.
      if (step.copyCoordinating) {
        for (const c of contacts.coordinating) {
          if (c.email.toLowerCase() === contacts.head.email.toLowerCase()) continue;
          items.push({ key: coordinationKey(key, c), rowKey, occurrenceId: occ.id, kind: 'coordination', step: step.step, at: step.at, to: c, list: 'tong-hop', why: `${spec.lead.name} chủ trì, đơn vị đồng chí phối hợp` });
        }
      }
    }
    for (const e of occ.evidence) {
      if (e.review || !owed(e.submittedAt) || !openAt(occ, upTo)) continue;
      items.push({ key: `${rowKey}/${occ.id}/cho-xac-nhan-${e.id}`, rowKey, occurrenceId: occ.id, kind: 'awaiting-review', step: `cho-xac-nhan-${e.id}`, at: e.submittedAt, to: contacts.office, list: 'tong-hop', why: `${e.submitter.name} nộp ${e.documentNumber}, chờ Văn phòng xác nhận` });
    }
  }
  const { schedule, plan } = spec;
  if (schedule.kind === 'continuous' && schedule.checkIn) {
    for (const c of checkIns(schedule.checkIn, plan.date, plan.year, policy, calendar)) {
      if (!owed(c.at) || (source.cancelled && source.cancelled.at <= c.at)) continue;
      items.push({ key: `${rowKey}/ky-${c.period}/${c.step}`, rowKey, occurrenceId: `ky-${c.period}`, kind: 'check-in', step: c.step, at: c.at, to: contacts.head, list: 'tong-hop', why: c.why });
    }
  }
  for (const n of source.notices) {
    if (!owed(n.at)) continue;
    items.push({ key: n.key, rowKey, occurrenceId: n.occurrenceId, kind: n.kind, step: n.kind, at: n.at, to: contacts.head, list: 'tong-hop', why: n.detail });
  }
  return items.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/** The digest an item goes in: one per person, list and day, the key its mail is sent under. */
export function digestKey(list: DigestItem['list'], email: string, day: IsoDate): string {
  return `dondoc-${list}/${email.toLowerCase()}/${day}`;
}
