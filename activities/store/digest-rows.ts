import type { Kysely } from 'kysely';
import type { DigestSource } from '../../domain/digest/due-items';
import { nextDigestDue } from '../../domain/digest/next-due';
import type { Store } from './database';
import type { DondocDatabase } from './schema';

/** One row in digest mode as the sender reads it: its recorded source (JSON) and which recording that was. */
export interface DigestRowRecord {
  row_key: string;
  source: string;
  recorded_at: number;
}

/** Keeps `IN (…)` lists within what both databases take in one statement. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Item keys each row no longer owes: claimed by a digest, or recorded as mailed (by the row itself or a sent digest). */
export async function handledKeys(db: Kysely<DondocDatabase>, rowKeys: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map(rowKeys.map((k) => [k, new Set<string>()]));
  for (const part of chunks(rowKeys)) {
    const claimed = await db.selectFrom('digest_items').select(['row_key', 'item_key as key']).where('row_key', 'in', part).execute();
    const mailed = await db.selectFrom('messages').select(['row_key', 'message_key as key']).where('row_key', 'in', part).execute();
    for (const r of [...claimed, ...mailed]) out.get(r.row_key)?.add(r.key);
  }
  return out;
}

/** The rows with something a run may claim by `until` (domain/digest/next-due.ts): the only recorded sources a day's claim reads. */
export async function dueDigestRows(db: Store, until: number): Promise<DigestRowRecord[]> {
  return db.selectFrom('digest_rows').select(['row_key', 'source', 'recorded_at']).where('next_due', '<=', until).execute();
}

/**
 * The further rows a day's delivery needs beyond `loaded`: those with an item in a digest still owed (its lines are
 * written from the row), and, when a leader's overdue list is owed, every row with an occurrence past its deadline
 * and not done (the list shows the whole picture of the leader's units, not only the day's news).
 */
export async function deliveryDigestRows(db: Store, day: string, loaded: ReadonlySet<string>): Promise<DigestRowRecord[]> {
  const owed = db.selectFrom('digests').where('state', '=', 'cho-gui').where('day', '<=', day);
  const inDigests = await db.selectFrom('digest_items').select('row_key').distinct().where('digest_key', 'in', owed.select('digest_key')).execute();
  const leaderList = await owed.select('digest_key').where('list', '=', 'qua-han').limit(1).executeTakeFirst();
  const overdue = leaderList
    ? await db.selectFrom('occurrences').select('row_key').distinct().where('outcome', 'is', null).where('cancelled_reason', 'is', null).where('effective', '<', day).execute()
    : [];
  const wanted = [...new Set([...inDigests, ...overdue].map((r) => r.row_key))].filter((k) => !loaded.has(k));
  const out: DigestRowRecord[] = [];
  for (const part of chunks(wanted)) out.push(...(await db.selectFrom('digest_rows').select(['row_key', 'source', 'recorded_at']).where('row_key', 'in', part).execute()));
  return out;
}

/**
 * After a claim, moves each row read that a digest of `day` took items from to the next instant it owes something (a
 * row that gave nothing keeps its instant: nothing it owes changed). A row recorded again meanwhile keeps the instant
 * its recording wrote (the guard on `recorded_at`): the sender's copy of it is older than the row.
 */
export async function settleNextDue(db: Store, rows: { record: DigestRowRecord; source: DigestSource }[], now: number, day: string): Promise<void> {
  const gave = new Set((await db.selectFrom('digest_items').select('row_key').distinct().where('digest_key', 'in', db.selectFrom('digests').select('digest_key').where('day', '=', day)).execute()).map((r) => r.row_key));
  for (const part of chunks(rows.filter((r) => gave.has(r.record.row_key)))) {
    const handled = await handledKeys(db, part.map((r) => r.record.row_key));
    await db.transaction().execute(async (tx) => {
      for (const { record, source } of part) {
        const nextDue = nextDigestDue(source, handled.get(record.row_key) ?? new Set(), now);
        await tx.updateTable('digest_rows').set({ next_due: nextDue }).where('row_key', '=', record.row_key).where('recorded_at', '=', record.recorded_at).execute();
      }
    });
  }
}

/** A digest's items given back (its address fixed by the office): their rows owe them again from now. */
export async function markDigestRowsDue(db: Kysely<DondocDatabase>, digestKey: string): Promise<void> {
  await db.updateTable('digest_rows').set({ next_due: 0 }).where('row_key', 'in', db.selectFrom('digest_items').select('row_key').where('digest_key', '=', digestKey)).execute();
}
