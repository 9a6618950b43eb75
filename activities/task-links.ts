import { createHmac, timingSafeEqual } from 'node:crypto';
import { IsoDate, isIsoDate, toVietnameseDate } from '../domain/dates';
import type { TaskLinkScope } from '../domain/notifications/templates';
import { occurrenceName } from '../domain/tracking/occurrence-name';

/**
 * Signed links to one occurrence's page, for the unit head who receives a reminder: HMAC-SHA256 over the unit,
 * the row, the occurrence and the last valid day, with DONDOC_LINK_SECRET. The link lets its holder see that row and
 * submit evidence for that occurrence, as that unit, and nothing else; it stops working after its last day.
 */
export interface TaskLinkConfig {
  /** "https://dondoc.skhcn.example": where the web app answers. Without it mails carry the task id instead. */
  webBaseUrl?: string;
  linkSecret?: string;
}

export type LinkCheck = { ok: true; scope: TaskLinkScope } | { ok: false; reason: 'tampered' | 'expired' };

const VERSION = 'dondoc-link-v1';

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}\n${payload}`).digest();
}

export function signTaskLink(scope: TaskLinkScope, secret: string): string {
  const payload = [scope.unitId, scope.rowKey, scope.occurrenceId, scope.expiresOn].join('\n');
  return `${Buffer.from(payload).toString('base64url')}.${mac(secret, payload).toString('base64url')}`;
}

export function taskLinkUrl(baseUrl: string, scope: TaskLinkScope, secret: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/lien-ket/${signTaskLink(scope, secret)}`;
}

/** `today` is the calendar day in Vietnam; a link is valid through its last day. */
export function verifyTaskLink(token: string, secret: string, today: IsoDate): LinkCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'tampered' };
  const payload = Buffer.from(body, 'base64url').toString('utf8');
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  const [unitId, rowKey, occurrenceId, expiresOn, more] = payload.split('\n');
  if (more !== undefined || !unitId || !rowKey || occurrenceId === undefined || !isIsoDate(expiresOn)) return { ok: false, reason: 'tampered' };
  if (today > expiresOn) return { ok: false, reason: 'expired' };
  return { ok: true, scope: { unitId, rowKey, occurrenceId, expiresOn } };
}

export function taskLinkConfigFromEnv(env: NodeJS.ProcessEnv): TaskLinkConfig {
  return { webBaseUrl: env.DONDOC_WEB_URL || undefined, linkSecret: env.DONDOC_LINK_SECRET || undefined };
}

/** The mail's link line: the signed link (also alone, as `url`) when the web app is set up, else the task's id for the office. */
export function linkLines(scope: TaskLinkScope, config: TaskLinkConfig): { text: string; html: string; url?: string } {
  if (config.webBaseUrl && config.linkSecret) {
    const url = taskLinkUrl(config.webBaseUrl, scope, config.linkSecret);
    const what = scope.occurrenceId ? 'Xem nhiệm vụ và nộp minh chứng' : 'Xem nhiệm vụ';
    return { text: `${what} (không cần mật khẩu, dùng được đến hết ngày ${toVietnameseDate(scope.expiresOn)}): ${url}`, html: `<p><a href="${url}">${what}</a> (không cần mật khẩu, dùng được đến hết ngày ${toVietnameseDate(scope.expiresOn)}).</p>`, url };
  }
  const id = `Mã nhiệm vụ: ${scope.rowKey}${scope.occurrenceId ? `, ${occurrenceName({ id: scope.occurrenceId, label: '' })}` : ''}. Gửi minh chứng cho Văn phòng Sở kèm mã này.`;
  return { text: id, html: `<p>${id}</p>` };
}

/** The office's review page: where an "awaiting review" line of the office's digest leads. */
export const OFFICE_REVIEW_PATH = '/cho-xac-nhan';

/**
 * The line of an "awaiting review" item in the office's digest: a plain link to the office's own review page, behind
 * the office's login. It carries no unit's key, so opening it never turns the office's session into the unit's.
 * Without the web app, the task's id for `dondoc task review`.
 */
export function officeReviewLines(rowKey: string, config: TaskLinkConfig): { text: string; html: string; url?: string } {
  if (config.webBaseUrl) {
    const url = `${config.webBaseUrl.replace(/\/+$/, '')}${OFFICE_REVIEW_PATH}`;
    return { text: `Xác nhận minh chứng (đăng nhập tài khoản Văn phòng): ${url}`, html: `<p><a href="${url}">Xác nhận minh chứng</a> (đăng nhập tài khoản Văn phòng).</p>`, url };
  }
  const id = `Mã nhiệm vụ: ${rowKey}. Xác nhận bằng: dondoc task review ${rowKey} --accept (hoặc --return "<lý do>").`;
  return { text: id, html: `<p>${id}</p>` };
}
