import type { DigestSource } from '../digest/due-items';
import { LogEntry, MessageRecord, Occurrence, RowState } from './row-state';

/** What a row in digest mode adds to its change: the rest of its digest source is in the change already. */
export type DigestPart = Pick<DigestSource, 'contacts' | 'policy' | 'calendar' | 'from' | 'until' | 'notices'>;

/**
 * What the read model needs to catch up with a row: the row itself and its occurrences in full (they are small
 * and change in place), and only the messages and log entries it has not seen (they only grow).
 * Every part is keyed (row, occurrence, evidence, message key, log position), so recording twice is harmless.
 */
export interface RowChange {
  rowKey: string;
  /** Workflow time of the change. */
  at: number;
  spec: RowState['spec'];
  needsDeadline: boolean;
  cancelled?: RowState['cancelled'];
  /** Set once the row has ended (domain/tracking/row-end.ts). */
  ended?: RowState['ended'];
  occurrences: Occurrence[];
  messages: MessageRecord[];
  /** Log entries with their position in the row's log. */
  log: (LogEntry & { seq: number })[];
  /** Present while the row delivers through digests: the sender reads it with the occurrences. */
  digest?: DigestPart;
}

/** How far the read model has been brought; carried across continue-as-new so nothing is sent twice. */
export interface RecordMark {
  messages: number;
  log: number;
  /** A hash of the row and its occurrences as last recorded. */
  fingerprint: string;
}

export const NOTHING_RECORDED: RecordMark = { messages: 0, log: 0, fingerprint: '' };

/** FNV-1a, 32 bits: a cheap, deterministic change detector (not a security hash). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function fingerprint(state: RowState, digest?: DigestPart): string {
  const parts: unknown[] = [state.spec, state.needsDeadline, state.cancelled ?? null, state.occurrences];
  // Only rows in digest mode hash the digest part: the fingerprints of rows that mail each step stay as they were.
  return fnv1a(JSON.stringify(digest ? [...parts, digest] : parts));
}

/** The change since `mark`, or null when the read model already has everything. */
export function rowChangeSince(state: RowState, mark: RecordMark, at: number, digest?: DigestPart): { change: RowChange; mark: RecordMark } | null {
  const print = fingerprint(state, digest);
  if (print === mark.fingerprint && state.messages.length === mark.messages && state.log.length === mark.log) return null;
  return {
    change: {
      rowKey: state.rowKey,
      at,
      spec: state.spec,
      needsDeadline: state.needsDeadline,
      cancelled: state.cancelled,
      ...(state.ended ? { ended: state.ended } : {}),
      occurrences: state.occurrences,
      messages: state.messages.slice(mark.messages),
      log: state.log.slice(mark.log).map((entry, i) => ({ ...entry, seq: mark.log + i })),
      ...(digest ? { digest } : {}),
    },
    mark: { messages: state.messages.length, log: state.log.length, fingerprint: print },
  };
}
