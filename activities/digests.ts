import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { legalCalendar, LegalCalendar } from '../domain/calendar/legal-calendar';
import { addDays, IsoDate } from '../domain/dates';
import { EARLY_HORIZON_WORKING_DAYS, withEarlyItems } from '../domain/digest/bundling';
import { atLocalHour } from '../domain/policy/reminders';
import { addressedCoordinationKey, digestKey, DigestItem, DigestSource, dueDigestItems } from '../domain/digest/due-items';
import { DigestLine, digestMail, digestShortText, OverdueContextLine } from '../domain/notifications/digest-mail';
import { hasPendingEvidence } from '../domain/tracking/status';
import { linkExpiry, TaskLinkScope } from '../domain/notifications/templates';
import { rowContacts, UnitsDirectory } from '../domain/plan/units';
import { ActivityError } from './errors';
import { latestUnitsDirectory } from './store/accounts';
import type { OutgoingMessage } from './notifications';
import type { Store } from './store/database';
import { DigestRowRecord, deliveryDigestRows, dueDigestRows, markDigestRowsDue, settleNextDue } from './store/digest-rows';
import { clearServerRefusal, noteServerRefusal } from './store/mail-outcomes';
import { UNDELIVERABLE_AFTER_WORKING_DAYS } from '../domain/delivery/smtp-reply';
import { linkLines, officeReviewLines, TaskLinkConfig } from './task-links';
import { ZALO_TEXT_LIMIT } from './zalo';

export interface DigestRun {
  /** The workflow's day and instant of this run: items due at or before `cutoff` go in today's digests. */
  day: IsoDate;
  cutoff: number;
  /** Asked for by the office (`dondoc digest send`): runs on a day off too. */
  manual?: boolean;
}

export interface DigestRunResult {
  workingDay: boolean;
  /** Items newly claimed by this run's digests. */
  claimed: number;
  sent: number;
  /** Digests whose address the mail server rejected for good: kept with the reason for the office. */
  rejected: number;
  /** Digests refused for now (a full mailbox, the server unreachable): they stay owed and go with a later run. */
  waiting?: number;
  /** The sending side's refusal that stopped this run ("máy chủ thư từ chối: …"), for the office. */
  serverError?: string;
}

/** Whose problem a refused send is, from the failure the channels raise (domain/delivery/smtp-reply.ts). */
function failureKind(error: unknown): 'recipient' | 'server' | 'temporary' {
  const type = (error as ApplicationFailure).type;
  if (type === ActivityError.MailRecipientRejected || type === ActivityError.ZaloRecipientRejected) return 'recipient';
  if (type === ActivityError.MailServerRefused) return 'server';
  return 'temporary';
}

/** Progress for the worker, so a long run is not mistaken for a dead one; outside a worker there is no one to tell. */
function beat(details: string): void {
  try {
    heartbeat(details);
  } catch {
    // not running as an activity
  }
}

const waitsForReview = (source: DigestSource, occurrenceId: string) => source.occurrences.some((o) => o.id === occurrenceId && hasPendingEvidence(o));

/**
 * The daily digest sender's one activity. In order, each step safe to repeat:
 * 1. claim: every item due by the cutoff that no digest holds and no row mailed itself goes into its person's digest
 *    of the day, with what may come early for someone who gets one anyway (domain/digest/bundling.ts); primary keys
 *    make each item belong to exactly one digest, and a digest already sent takes nothing more;
 * 2. send: each unsent digest goes out under the key `dondoc-<list>/<email>/<day>`, through the same ledger and
 *    channels as every row message, so a retry after a crash or an SMTP outage never sends it twice;
 * 3. mark: the digest and its items are recorded as sent, so lists show when each unit was last reminded.
 */
export function createDigestActivities(db: Store, send: (message: OutgoingMessage) => Promise<{ sent: boolean; messageId: string }>, links: TaskLinkConfig = {}) {
  /**
   * The rows read (into `into`), with who hears about it as the units directory says now: a new head or address saved by
   * the office reaches running rows at the next run, without re-import. A unit missing from the directory keeps the
   * contacts its row recorded.
   */
  function loadSources(rows: DigestRowRecord[], directory: UnitsDirectory | null, into = new Map<string, DigestSource>()): Map<string, DigestSource> {
    for (const r of rows) {
      const source = JSON.parse(r.source) as DigestSource;
      const current = directory && rowContacts(directory, source.spec.lead.id, source.spec.coordinating.map((u) => u.id));
      into.set(r.row_key, current ? { ...source, contacts: current } : source);
    }
    return into;
  }

  /**
   * Digests the mail server refused for good, or for longer than the retry window, give their items back once the office
   * has saved the units directory after the refusal: the items are owed again and go to the address saved.
   */
  async function releaseFixed(savedAt: number | undefined): Promise<void> {
    if (savedAt === undefined) return;
    const stuck = await db.selectFrom('digests').select('digest_key').where('state', 'in', ['bi-tu-choi', 'khong-gui-duoc']).where('failed_at', '<', savedAt).execute();
    for (const { digest_key } of stuck) {
      await db.transaction().execute(async (tx) => {
        await markDigestRowsDue(tx, digest_key);
        await tx.deleteFrom('digest_items').where('digest_key', '=', digest_key).execute();
        await tx.updateTable('digests').set({ state: 'da-chuyen' }).where('digest_key', '=', digest_key).execute();
      });
    }
  }

  async function claim(sources: Map<string, DigestSource>, run: DigestRun, calendar: LegalCalendar): Promise<number> {
    const horizon = atLocalHour(addDays(calendar.addWorkingDays(run.day, EARLY_HORIZON_WORKING_DAYS), 1), 0);
    const dueNow: DigestItem[] = [];
    const upcoming: DigestItem[] = [];
    for (const source of sources.values()) {
      const due = dueDigestItems(source, horizon);
      if (due.length === 0) continue;
      const claimed = new Set((await db.selectFrom('digest_items').select('item_key').where('row_key', '=', source.rowKey).execute()).map((r) => r.item_key));
      const recorded = new Set((await db.selectFrom('messages').select('message_key').where('row_key', '=', source.rowKey).execute()).map((r) => r.message_key));
      // A step the row mailed itself (before it moved to digests) reached its copies too, in the mail's Cc.
      const mailedByRow = (key: string) => recorded.has(key) && !claimed.has(key);
      // Occurrences the row mailed about itself before it moved to digests: their past steps were not missed.
      const mailedAbout = new Set([...recorded].filter((k) => !claimed.has(k)).map((k) => k.slice(source.rowKey.length + 1).split('/')[0]));
      for (const item of due) {
        if (claimed.has(item.key) || recorded.has(item.key)) continue;
        if (item.step.endsWith('-khi-nhap') && mailedAbout.has(item.occurrenceId)) continue;
        if (item.kind === 'coordination' && mailedByRow(item.key.split('#')[0])) continue;
        if (item.kind === 'coordination' && claimed.has(addressedCoordinationKey(item.key.split('#')[0], item.to))) continue;
        // An awaiting-review line is news only while the evidence still waits.
        if (item.kind === 'awaiting-review' && !waitsForReview(source, item.occurrenceId)) continue;
        (item.at <= run.cutoff ? dueNow : upcoming).push(item);
      }
    }
    const byDigest = new Map<string, DigestItem[]>();
    for (const item of withEarlyItems(dueNow, upcoming, run.day, calendar)) {
      const key = digestKey(item.list, item.to.email, run.day);
      byDigest.set(key, [...(byDigest.get(key) ?? []), item]);
    }
    let claimed = 0;
    for (const [key, items] of byDigest) {
      await db.transaction().execute(async (tx) => {
        const existing = await tx.selectFrom('digests').select('state').where('digest_key', '=', key).executeTakeFirst();
        // Sent already (a second run on the same day): the items wait for tomorrow's digest.
        if (existing && existing.state !== 'cho-gui') return;
        const to = items[0].to;
        if (!existing) await tx.insertInto('digests').values({ digest_key: key, list: items[0].list, email: to.email.toLowerCase(), name: to.name, day: run.day, state: 'cho-gui', subject: null, message_id: null, sent_at: null, error: null }).onConflict((oc) => oc.column('digest_key').doNothing()).execute();
        const result = await tx
          .insertInto('digest_items')
          .values(items.map((i) => ({ item_key: i.key, digest_key: key, row_key: i.rowKey, occurrence_id: i.occurrenceId, kind: i.kind, step: i.step, due_at: i.at, why: i.why })))
          .onConflict((oc) => oc.column('item_key').doNothing())
          .executeTakeFirst();
        claimed += Number(result.numInsertedOrUpdatedRows ?? 0);
      });
    }
    return claimed;
  }

  function lineOf(sources: Map<string, DigestSource>, item: { item_key: string; row_key: string; occurrence_id: string; kind: string; step: string; why: string }, list: string, day: IsoDate): DigestLine | undefined {
    const source = sources.get(item.row_key);
    if (!source) return undefined;
    const occurrence = source.occurrences.find((o) => o.id === item.occurrence_id);
    // Only the lead unit submits evidence: a leader and a coordinating unit get a link that shows the row.
    const readOnly = list === 'qua-han' || item.kind === 'coordination';
    const scope: TaskLinkScope = {
      unitId: source.spec.lead.id,
      rowKey: source.rowKey,
      // A check-in is about the whole duty, not one occurrence.
      occurrenceId: readOnly || !occurrence ? '' : occurrence.id,
      expiresOn: linkExpiry(occurrence?.effective ?? day, day),
    };
    // Without the web app a line carries the task's id; only the lead unit is asked to send evidence with it.
    // The office's awaiting-review line opens its own review queue behind its login, never a unit's scoped session.
    const signed = item.kind === 'awaiting-review' ? officeReviewLines(source.rowKey, links) : linkLines(scope, links);
    const link = readOnly && !signed.url ? { text: `Mã nhiệm vụ: ${source.rowKey}.`, html: `<p>Mã nhiệm vụ: ${source.rowKey}.</p>` } : signed;
    return { item: { key: item.item_key, kind: item.kind as DigestItem['kind'], step: item.step, why: item.why }, spec: source.spec, occurrence, link };
  }

  /** What else is overdue in a leader's units: the list reads as the whole picture, not only today's news. */
  function stillOverdue(sources: Map<string, DigestSource>, email: string, day: IsoDate, announced: Set<string>): OverdueContextLine[] {
    const out: OverdueContextLine[] = [];
    for (const s of sources.values()) {
      if (s.cancelled || s.contacts.leader.email.toLowerCase() !== email || s.until !== undefined) continue;
      for (const o of s.occurrences) {
        if (o.outcome || o.cancelled || hasPendingEvidence(o) || o.effective >= day || announced.has(`${s.rowKey}/${o.id}`)) continue;
        out.push({ spec: s.spec, occurrence: o });
      }
    }
    return out.sort((a, b) => a.occurrence.effective.localeCompare(b.occurrence.effective));
  }

  async function deliver(sources: Map<string, DigestSource>, run: DigestRun, calendar: LegalCalendar): Promise<{ sent: number; rejected: number; waiting: number; serverError?: string }> {
    const pending = await db.selectFrom('digests').selectAll().where('state', '=', 'cho-gui').where('day', '<=', run.day).orderBy('day').orderBy('digest_key').execute();
    let sent = 0;
    let rejected = 0;
    let serverError: string | undefined;
    for (const digest of pending) {
      beat(digest.digest_key);
      const items = await db.selectFrom('digest_items').selectAll().where('digest_key', '=', digest.digest_key).orderBy('due_at').execute();
      const lines = items.map((i) => lineOf(sources, i, digest.list, digest.day as IsoDate)).filter((l): l is DigestLine => l !== undefined);
      const office = sources.get(items[0]?.row_key)?.contacts.office ?? { name: 'Văn phòng Sở', email: '' };
      const announced = new Set(items.map((i) => `${i.row_key}/${i.occurrence_id}`));
      const input = {
        list: digest.list as 'tong-hop' | 'qua-han',
        to: { name: digest.name, email: digest.email },
        day: digest.day as IsoDate,
        lines,
        calendar,
        office,
        ...(digest.list === 'qua-han' ? { stillOverdue: stillOverdue(sources, digest.email, digest.day as IsoDate, announced) } : {}),
      };
      const mail = digestMail(input);
      const zaloText = digestShortText(input, mail.subject, ZALO_TEXT_LIMIT);
      try {
        const { messageId } = await send({ key: digest.digest_key, to: [digest.email], cc: [], at: run.cutoff, ...mail, zaloText });
        await db.transaction().execute(async (tx) => {
          await tx.updateTable('digests').set({ state: 'da-gui', subject: mail.subject, message_id: messageId, sent_at: run.cutoff, error: null }).where('digest_key', '=', digest.digest_key).execute();
          if (items.length > 0) {
            await tx
              .insertInto('messages')
              .values(items.map((i) => ({ message_key: i.item_key, row_key: i.row_key, occurrence_id: i.occurrence_id, kind: i.kind, recipients: JSON.stringify([digest.email]), copies: '[]', subject: mail.subject, sent_at: run.cutoff, why: i.why })))
              .onConflict((oc) => oc.column('message_key').doNothing())
              .execute();
          }
        });
        sent++;
      } catch (error) {
        const kind = failureKind(error);
        const reason = (error as Error).message;
        if (kind === 'server') {
          // Nothing is known about the recipients: every digest stays owed, and the run stops asking a server that refuses all.
          serverError = reason;
          break;
        }
        const firstFailed = (digest.first_failed_day ?? run.day) as IsoDate;
        const expired = kind === 'temporary' && calendar.addWorkingDays(firstFailed, UNDELIVERABLE_AFTER_WORKING_DAYS) <= run.day;
        const state = kind === 'recipient' ? 'bi-tu-choi' : expired ? 'khong-gui-duoc' : 'cho-gui';
        await db.transaction().execute(async (tx) => {
          await tx
            .updateTable('digests')
            .set({ state, error: reason, first_failed_day: firstFailed, failed_at: run.cutoff, attempts: Number(digest.attempts ?? 0) + 1 })
            .where('digest_key', '=', digest.digest_key)
            .execute();
          // Given up for now: what the digest took early (bundling) is not due yet, so it is owed again on its own time
          // rather than held with the digest until the office's next directory save.
          if (state !== 'cho-gui') {
            await markDigestRowsDue(tx, digest.digest_key);
            await tx.deleteFrom('digest_items').where('digest_key', '=', digest.digest_key).where('due_at', '>', run.cutoff).execute();
          }
        });
        if (state !== 'cho-gui') rejected++;
      }
    }
    await noteServer(serverError, sent > 0, run.cutoff);
    const waiting = Number((await db.selectFrom('digests').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'cho-gui').where('day', '<=', run.day).executeTakeFirst())?.n ?? 0);
    return { sent, rejected, waiting, ...(serverError ? { serverError } : {}) };
  }

  /** The sending side's refusal stays on the office's pages until a send goes through. */
  async function noteServer(error: string | undefined, delivered: boolean, at: number): Promise<void> {
    if (error) await noteServerRefusal(db, error, at);
    else if (delivered) await clearServerRefusal(db);
  }

  return {
    async sendDigests(run: DigestRun): Promise<DigestRunResult> {
      // Items due on a day off wait for the next working day's digest.
      const calendar = legalCalendar();
      if (!run.manual && !calendar.isWorkingDay(run.day)) return { workingDay: false, claimed: 0, sent: 0, rejected: 0 };
      const directory = await latestUnitsDirectory(db);
      await releaseFixed(directory?.savedAt);
      // Only rows with something claimable today are read (their next-due instant, activities/store/digest-rows.ts).
      const due = await dueDigestRows(db, Math.max(run.cutoff, atLocalHour(addDays(run.day, 1), 0)));
      const sources = loadSources(due, directory?.directory ?? null);
      const claimed = await claim(sources, run, calendar);
      await settleNextDue(db, due.map((record) => ({ record, source: sources.get(record.row_key)! })), run.cutoff, run.day);
      loadSources(await deliveryDigestRows(db, run.day, new Set(sources.keys())), directory?.directory ?? null, sources);
      // A refused digest never fails the run: it stays owed in the database, so one full mailbox or a relay outage
      // cannot hold back anyone else's mail, nor tomorrow's run.
      const { sent, rejected, waiting, serverError } = await deliver(sources, run, calendar);
      return { workingDay: true, claimed, sent, rejected, waiting, ...(serverError ? { serverError } : {}) };
    },
  };
}

export type DigestActivities = ReturnType<typeof createDigestActivities>;
