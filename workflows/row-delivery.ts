/**
 * How a row's owed messages reach people. The row (workflows/row-entity.ts) says what it owes; one of two deliveries
 * carries it out, chosen in one place (`deliveryOf`):
 * - by digest (every plan imported since daily digests): the row only records what it owes; the digest sender
 *   (workflows/digest.ts, activities/digests.ts) claims it from the read model and mails each person one digest a day,
 *   with the error policy of domain/delivery/smtp-reply.ts;
 * - by mail per step (rows started by hand without a plan, or a plan with `"digest": false`): the row mails each step
 *   at its time through the same activity and error policy, one message per key.
 */
import { ActivityFailure, ActivityOptions, ApplicationFailure, deprecatePatch, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, OutgoingMessage } from '../activities/notifications';
import type { StepMailActivities } from '../activities/step-mail';
import { isoDateAt, toVietnameseDate } from '../domain/dates';
import { UNDELIVERABLE_AFTER_WORKING_DAYS } from '../domain/delivery/smtp-reply';
import { MessageRoles, roleAddresses } from '../domain/plan/units';
import { atLocalHour } from '../domain/policy/reminders';
import { checkInMail, deadlineMovedMail, escalationMail, evidenceReturnedMail, reminderMail } from '../domain/notifications/templates';
import type { PlannedMessage } from './definitions';
import type { Row, UnitNotice } from './row-entity';

const { sendMessage } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  // Mail servers recover in minutes to days; keep trying, never give up on a reminder (backoff caps at 1 hour).
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: ['MailRecipientRejected'] },
});

/** The digest's rule for one recipient's mail: tried again with backoff for 3 working days, then listed to the office. */
const STEP_MAIL_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: ['MailRecipientRejected', 'ZaloRecipientRejected'] },
};
const HOUR_MS = 3_600_000;
const { noteStepUndelivered, directorySavedAfter } = proxyActivities<StepMailActivities>({
  startToCloseTimeout: '30 seconds',
  // The database may restart: keep trying (both are idempotent: an upsert by the message's key, a read).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface RowDelivery {
  /** Delivers every owed message whose time has come, in order. */
  deliverDue(): Promise<void>;
  /** Tells the head (and the office) something outside the ladder: evidence returned, a deadline moved. */
  notify(notice: UnitNotice): Promise<void>;
  /** When the row must wake for its next delivery, if it delivers anything itself. */
  nextAt(): number | undefined;
  /** What goes out next, with when and why, for the row's page and `task status`. */
  planned(): PlannedMessage[];
}

/** The activity's failure for an address the mail server refuses for good (activities/errors.ts). */
const isRecipientRejection = (error: unknown) => error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'MailRecipientRejected';

/** The last refusal behind an activity's failure: its own, or the last attempt's when the retry window closed. */
function lastRefusal(error: unknown): ApplicationFailure | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof ApplicationFailure) return e;
  return undefined;
}

/** The digest sender delivers: the row keeps no timer per step, and a notice waits in its state for the next digest. */
function byDigest(row: Row): RowDelivery {
  return {
    async deliverDue() {},
    async notify(notice) {
      const detail =
        notice.kind === 'evidence-returned' ? notice.reason : `Lịch nghỉ thay đổi theo ${notice.document}: hạn chuyển từ ${toVietnameseDate(notice.from)} sang ${toVietnameseDate(notice.occurrence.effective)}.`;
      // The steps that fell while the evidence waited stay skipped in the digest too (the sender reads the review).
      (row.state.notices ??= []).push({ key: notice.key, kind: notice.kind, occurrenceId: notice.occurrence.id, at: Date.now(), detail });
    },
    nextAt: () => undefined,
    // What is past is the sender's; the row shows what is still ahead.
    planned: () => row.owed().filter((m) => m.at > Date.now()),
  };
}

/**
 * Per-step sending once asked what was due only once per wake; every saved history asks again after each send, and the
 * marker stays where those histories have it.
 */
const PATCH_SEND_RECOMPUTED = 'send-recomputed';

/** The row mails each step itself, at its time. */
function perStep(row: Row): RowDelivery {
  /**
   * One mail of the row. An address the mail server refuses for good never fails the row: the refusal is in the row's
   * log for the office, and the message is owed again once new contacts reach the row (re-import, reassignment).
   */
  async function deliver(message: OutgoingMessage, roles: MessageRoles): Promise<{ to: string[]; cc: string[] } | undefined> {
    if (row.stepMailPolicy) return deliverUnderPolicy(message, roles);
    try {
      await sendMessage(message);
      return message;
    } catch (error) {
      if (!isRecipientRejection(error)) throw error;
      row.recordRefused(message.key, message.subject, [...message.to, ...message.cc], ((error as ActivityFailure).cause as ApplicationFailure).message);
      return undefined;
    }
  }

  /**
   * One mail under the digest's rules. The address is the role holder's in the newest saved directory; a refused
   * address is listed (by the activity) and owed again after a directory save; the sending side's refusal keeps the
   * mail owed, whatever it lasts; anything else retried for 3 working days is listed to the office as undelivered.
   */
  async function deliverUnderPolicy(message: OutgoingMessage, roles: MessageRoles): Promise<{ to: string[]; cc: string[] } | undefined> {
    const units = { lead: row.state.spec.lead.id, coordinating: row.state.spec.coordinating.map((u) => u.id) };
    for (;;) {
      // The retry window ends at the reminder hour 3 working days from now, as a digest's would.
      const givesUpAt = atLocalHour(row.calendar.addWorkingDays(isoDateAt(Date.now()), UNDELIVERABLE_AFTER_WORKING_DAYS), row.policy.hour);
      const { sendStepMessage } = proxyActivities<StepMailActivities>({ ...STEP_MAIL_OPTIONS, scheduleToCloseTimeout: Math.max(givesUpAt - Date.now(), HOUR_MS) });
      try {
        const { to, cc } = await sendStepMessage({ ...message, rowKey: row.state.rowKey, roles, units, contactsAt: row.contactsAt });
        return { to, cc };
      } catch (error) {
        if (isCancellation(error)) throw error;
        const refusal = lastRefusal(error);
        const recipients = [...message.to, ...message.cc];
        if (refusal?.nonRetryable || refusal?.type === 'MailRecipientRejected' || refusal?.type === 'ZaloRecipientRejected') {
          row.recordRefused(message.key, message.subject, recipients, refusal.message);
          return undefined;
        }
        if (refusal?.type === 'MailServerRefused') continue;
        const reason = `${refusal?.message ?? (error as Error).message} — đã thử lại suốt ${UNDELIVERABLE_AFTER_WORKING_DAYS} ngày làm việc`;
        await noteStepUndelivered({ messageKey: message.key, rowKey: row.state.rowKey, subject: message.subject, recipients, state: 'khong-gui-duoc', error: reason, failedAt: Date.now() });
        row.recordRefused(message.key, message.subject, recipients, reason);
        return undefined;
      }
    }
  }

  async function sendCheckIn(message: PlannedMessage): Promise<void> {
    const c = row.checkIns().find((x) => `ky-${x.period}` === message.occurrenceId)!;
    const { contacts } = row;
    const content = checkInMail({ spec: row.state.spec, periodStart: c.periodStart, cutoff: c.cutoff, effectiveCutoff: c.effectiveCutoff, office: contacts.office });
    const roles: MessageRoles = { to: ['head'], cc: [] };
    const delivered = await deliver({ key: message.key, ...roleAddresses(contacts, roles), at: Date.now(), ...content }, roles);
    if (!delivered) return;
    const { to } = delivered;
    row.recordSent({ key: message.key, kind: 'check-in', occurrenceId: message.occurrenceId, to, cc: [], subject: content.subject, why: message.why });
    row.log(`Đã hỏi tình hình thực hiện kỳ ${toVietnameseDate(c.periodStart)}–${toVietnameseDate(c.cutoff)} tới ${to.join(', ')}.`);
  }

  async function send(message: PlannedMessage): Promise<void> {
    if (message.kind === 'check-in') return sendCheckIn(message);
    const occ = row.find(message.occurrenceId)!;
    const { contacts } = row;
    const content = message.kind === 'reminder' ? reminderMail(row.mailContext(occ)) : escalationMail(row.mailContext(occ), message.audience === 'leader');
    const roles: MessageRoles = { to: [message.audience === 'leader' ? 'leader' : 'head'], cc: [...(message.audience === 'head' ? [] : ['office' as const]), ...(message.copyCoordinating ? ['coordinating' as const] : [])] };
    const delivered = await deliver({ key: message.key, ...roleAddresses(contacts, roles), at: Date.now(), ...content }, roles);
    if (!delivered) return;
    const { to, cc } = delivered;
    row.recordSent({ key: message.key, kind: message.kind, occurrenceId: occ.id, to, cc, subject: content.subject, why: message.why });
    row.log(`Đã gửi ${message.kind === 'reminder' ? 'nhắc việc' : 'cảnh báo quá hạn'} (${message.why}) tới ${to.join(', ')}.`);
  }

  return {
    async deliverDue() {
      const recheck = row.refusalsRecheckAt();
      if (recheck !== undefined && recheck <= Date.now()) row.refusalsChecked(await directorySavedAfter(row.refusedAt!));
      // Every due step goes out, in order: a mail outage delays reminders, it never drops them. What is due is asked
      // again after each send: while a mail waits on SMTP, a re-import or a cancel may change what is owed.
      deprecatePatch(PATCH_SEND_RECOMPUTED);
      for (let m = row.firstDue(); m; m = row.firstDue()) await send(m);
    },
    async notify(notice) {
      const { contacts } = row;
      const occ = notice.occurrence;
      if (notice.kind === 'evidence-returned') {
        // Reminders that fell due while the evidence waited for review are past: the returned mail replaces them.
        for (const m of row.owed()) if (m.occurrenceId === occ.id && m.at <= Date.now()) row.sent.add(m.key);
      }
      const content = notice.kind === 'evidence-returned' ? evidenceReturnedMail(row.mailContext(occ), notice.reason) : deadlineMovedMail(row.mailContext(occ), notice.from, notice.document);
      const delivered = await deliver({ key: notice.key, to: [contacts.head.email], cc: [contacts.office.email], at: Date.now(), ...content }, { to: ['head'], cc: ['office'] });
      if (!delivered) return;
      const { to, cc } = delivered;
      const why = notice.kind === 'evidence-returned' ? `Văn phòng trả lại minh chứng: ${notice.reason}` : `Lịch nghỉ thay đổi theo ${notice.document}`;
      row.recordSent({ key: notice.key, kind: notice.kind, occurrenceId: occ.id, to, cc, subject: content.subject, why });
    },
    nextAt: () => {
      const candidates = [row.owed()[0]?.at, row.refusalsRecheckAt()].filter((t): t is number => t !== undefined);
      return candidates.length > 0 ? Math.min(...candidates) : undefined;
    },
    planned: () => row.owed(),
  };
}

/** The row's delivery as its state says now: a re-import may switch a plan to or from digests. */
export function deliveryOf(row: Row): RowDelivery {
  return row.inDigest() ? byDigest(row) : perStep(row);
}
