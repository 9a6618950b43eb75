/**
 * What a mail server's answer means for the message, read as a mail administrator reads it (RFC 5321 reply codes,
 * RFC 3463 enhanced status codes): whose problem it is decides who waits and who is told.
 */
export type MailFailureKind =
  /** 4xx, a timeout or a dropped connection: this message waits and is tried again. */
  | 'temporary'
  /** The server cannot be reached or refuses every message (connection refused, 421, authentication, relay denied,
   *  TLS, 5.3/5.4/5.5/5.7): nothing is known about the recipient, so nothing is marked rejected and the run stops. */
  | 'server'
  /** This address is refused for good (5.1.x no such mailbox or domain, 5.2.x mailbox): the office must fix it. */
  | 'recipient';

/**
 * Mail refused for now (4xx, timeouts) is tried again for this many working days, then shown to the office as
 * undelivered, whichever delivery sent it (Postfix gives up after 5 days).
 */
export const UNDELIVERABLE_AFTER_WORKING_DAYS = 3;

export interface MailFailure {
  kind: MailFailureKind;
  /** The server's words (or the connection error), trimmed, for the office. */
  reason: string;
}

/** nodemailer's error codes that say the connection itself failed, before any reply about a recipient. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETLS', 'EAUTH', 'ENOAUTH', 'EPROTOCOL']);

/** Errors of the sending side that no retry in the next minutes can cure: tell the office. */
const SENDER_CONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS']);

const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

export interface SmtpErrorLike {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

export function classifyMailFailure(error: SmtpErrorLike): MailFailure {
  const reason = (error.response ?? error.message ?? String(error.code ?? 'lỗi không rõ')).replace(/\s+/g, ' ').trim().slice(0, 300);
  const code = error.responseCode;
  if (error.code && SENDER_CONFIG_CODES.has(error.code)) return { kind: 'server', reason };
  if (code === undefined) return { kind: error.code && CONNECTION_CODES.has(error.code) ? 'server' : 'temporary', reason };
  // 421: the service is closing the channel, for everyone.
  if (code === 421) return { kind: 'server', reason };
  if (code >= 400 && code < 500) return { kind: 'temporary', reason };
  if (code < 500 || code >= 600) return { kind: 'temporary', reason };
  const enhanced = ENHANCED.exec(reason);
  if (enhanced && enhanced[1] === '5') {
    const subject = Number(enhanced[2]);
    const detail = Number(enhanced[3]);
    // 5.1.7 and 5.1.8 are the sender's own address; the rest of 5.1 and 5.2 are the recipient's.
    if (subject === 1 && (detail === 7 || detail === 8)) return { kind: 'server', reason };
    if (subject === 1 || subject === 2) return { kind: 'recipient', reason };
    return { kind: 'server', reason };
  }
  if (/relay|authenticat|tls|starttls|spf|dmarc|policy/i.test(reason)) return { kind: 'server', reason };
  // Without an enhanced code: 550 mailbox unavailable, 551 user not local, 552 storage exceeded, 553 name not allowed.
  if (code === 550 || code === 551 || code === 552 || code === 553) return { kind: 'recipient', reason };
  // 530/535 authentication, 554 transaction failed, 500–504 protocol: the sending side.
  return { kind: 'server', reason };
}
