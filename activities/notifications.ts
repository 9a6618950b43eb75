import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { ChannelPreference } from '../domain/plan/units';
import { LINK_PLACEHOLDER, TaskLinkScope } from '../domain/notifications/templates';
import { classifyMailFailure, SmtpErrorLike } from '../domain/delivery/smtp-reply';
import { ActivityError } from './errors';
import { linkLines, TaskLinkConfig } from './task-links';
import { ZALO_TEXT_LIMIT, ZaloSender } from './zalo';

/** The record of keys already sent, so a retried or replayed activity never sends a mail twice. */
export interface SentLedger {
  wasSent(key: string): Promise<boolean>;
  markSent(key: string, messageId: string, at: number): Promise<void>;
}

export interface OutgoingMessage {
  /** Deterministic idempotency key: `${rowKey}/${occurrenceId}/${step}`. */
  key: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** The workflow's time of sending (epoch ms): the mail's Date, so a simulated year dates its mail correctly. */
  at?: number;
  /** The page the mail links to; signed here, where the secret lives (never in workflow history). */
  link?: TaskLinkScope;
  /** A shorter text for Zalo (a digest's one line per item); without it Zalo gets the mail's subject and text. */
  zaloText?: string;
}

/** Puts the link line (or the task id) where the template left its place. */
export function withLink(message: OutgoingMessage, links: TaskLinkConfig): { text: string; html: string } {
  if (!message.link) return { text: message.text.replace(LINK_PLACEHOLDER, ''), html: message.html.replace(`<p>${LINK_PLACEHOLDER}</p>`, '') };
  const line = linkLines(message.link, links);
  return { text: message.text.replace(LINK_PLACEHOLDER, line.text), html: message.html.replace(`<p>${LINK_PLACEHOLDER}</p>`, line.html) };
}

/** Message-ID derived from the key: a copy that slips through after a crash is recognisable downstream. */
export function messageIdFor(key: string, domain = 'dondoc.local'): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** What the activity needs to reach people on their own channel; without it every message goes by mail. */
export interface Channels {
  /** Each person's preferred channel by e-mail address (lower case), from the units directory. */
  byEmail: Map<string, ChannelPreference>;
  /** The Official Account sender; absent, people who chose Zalo get mail instead of nothing. */
  zalo?: Pick<ZaloSender, 'sendText'>;
}

/**
 * The ledger key of one delivery. The mail keeps the message's own key (so ledgers written before Zalo existed stay
 * valid); each Zalo recipient gets the key with the channel and user id, so one step reaches every channel once.
 */
export function deliveryKey(key: string, channel: 'email' | 'zalo', zaloUserId?: string): string {
  return channel === 'email' ? key : `${key}#zalo:${zaloUserId}`;
}

/** Splits the recipients by channel: mail for whoever wants it or cannot be reached on Zalo, Zalo for the rest. */
export function routeRecipients(message: Pick<OutgoingMessage, 'to' | 'cc'>, channels: Channels | undefined) {
  const zaloUsers: string[] = [];
  const byMail = (address: string) => {
    const pref = channels?.byEmail.get(address.toLowerCase());
    if (!pref || pref.channel === 'email' || !pref.zaloUserId || !channels?.zalo) return true;
    if (!zaloUsers.includes(pref.zaloUserId)) zaloUsers.push(pref.zaloUserId);
    return pref.channel === 'both';
  };
  const to = message.to.filter(byMail);
  const cc = message.cc.filter(byMail);
  return { to, cc, zaloUsers };
}

/** The Zalo text: the mail's subject and body with its link line, cut to Zalo's limit keeping the link. */
function zaloText(message: OutgoingMessage, links: TaskLinkConfig): string {
  const body = message.zaloText ?? `${message.subject}\n\n${message.text.replace(LINK_PLACEHOLDER, '').trim()}`;
  const link = message.link ? `\n\n${linkLines(message.link, links).text}` : '';
  return body.length + link.length > ZALO_TEXT_LIMIT ? `${body.slice(0, ZALO_TEXT_LIMIT - link.length - 1)}…${link}` : `${body}${link}`;
}

/**
 * The failure a refused send raises, by whose problem it is (domain/delivery/smtp-reply.ts): a rejected recipient is
 * final for that address; the sending side's refusal (authentication, relay, TLS) and a temporary one are retried.
 */
export function mailFailure(error: SmtpErrorLike): ApplicationFailure {
  const { kind, reason } = classifyMailFailure(error);
  if (kind === 'recipient') return ApplicationFailure.nonRetryable(`Máy chủ thư từ chối người nhận (${error.responseCode}): ${reason}`, ActivityError.MailRecipientRejected);
  if (kind === 'server') return ApplicationFailure.retryable(`Máy chủ thư từ chối: ${reason}`, ActivityError.MailServerRefused);
  return ApplicationFailure.retryable(`Chưa gửi được thư (${error.responseCode ?? 'không kết nối được'}): ${reason}`, ActivityError.MailTemporarilyRefused);
}

export function createNotificationActivities(mailer: Transporter, ledger: SentLedger, from: string, channels?: Channels, links: TaskLinkConfig = {}) {
  async function sendMail(message: OutgoingMessage, to: string[], cc: string[], messageId: string): Promise<boolean> {
    if (to.length + cc.length === 0 || (await ledger.wasSent(message.key))) return false;
    try {
      const { text, html } = withLink(message, links);
      await mailer.sendMail({ from, date: message.at ? new Date(message.at) : undefined, to, cc, subject: message.subject, text, html, messageId, headers: { 'X-Dondoc-Key': message.key } });
    } catch (error) {
      throw mailFailure(error as SmtpErrorLike);
    }
    await ledger.markSent(message.key, messageId, Date.now());
    return true;
  }

  return {
    /** One step of a row, to each person on the channel they chose; every delivery is recorded once in the ledger. */
    async sendMessage(message: OutgoingMessage): Promise<{ sent: boolean; messageId: string }> {
      const messageId = messageIdFor(message.key);
      const route = routeRecipients(message, channels);
      // Mail first: a refused Zalo send must not cost the people who read mail their reminder.
      let sent = await sendMail(message, route.to, route.cc, messageId);
      for (const userId of route.zaloUsers) {
        const key = deliveryKey(message.key, 'zalo', userId);
        if (await ledger.wasSent(key)) continue;
        const zaloId = await channels!.zalo!.sendText(userId, zaloText(message, links));
        await ledger.markSent(key, zaloId || messageId, Date.now());
        sent = true;
      }
      return { sent, messageId };
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
