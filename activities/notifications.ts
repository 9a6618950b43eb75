import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { LINK_PLACEHOLDER, TaskLinkScope } from '../domain/notifications/templates';
import { ActivityError } from './errors';
import { linkLines, TaskLinkConfig } from './task-links';

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

export function createNotificationActivities(mailer: Transporter, ledger: SentLedger, from: string, links: TaskLinkConfig = {}) {
  return {
    async sendMessage(message: OutgoingMessage): Promise<{ sent: boolean; messageId: string }> {
      const messageId = messageIdFor(message.key);
      if (await ledger.wasSent(message.key)) return { sent: false, messageId };
      try {
        const { text, html } = withLink(message, links);
        await mailer.sendMail({ from, date: message.at ? new Date(message.at) : undefined, to: message.to, cc: message.cc, subject: message.subject, text, html, messageId, headers: { 'X-Dondoc-Key': message.key } });
      } catch (error) {
        const e = error as { responseCode?: number; message?: string };
        if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600) {
          throw ApplicationFailure.nonRetryable(`Máy chủ thư từ chối người nhận (${e.responseCode}): ${e.message ?? ''}`, ActivityError.MailRecipientRejected);
        }
        throw ApplicationFailure.retryable(`Chưa gửi được thư (${e.responseCode ?? 'không kết nối được'}): ${e.message ?? String(error)}`, ActivityError.MailTemporarilyRefused);
      }
      await ledger.markSent(message.key, messageId, Date.now());
      return { sent: true, messageId };
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
