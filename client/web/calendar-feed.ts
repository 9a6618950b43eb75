/**
 * `GET /lich/<unit>.ics?token=…`: a unit's calendar feed for Outlook, Google Calendar or a phone. Calendar apps
 * subscribe with a bare URL and cannot log in, so the URL carries a read-only token: HMAC-SHA256 of the unit id
 * under DONDOC_LINK_SECRET. It opens that one unit's feed and nothing else; changing the secret revokes every link.
 *
 * Framework-neutral: `calendarFeedResponse` maps a request URL to a response; the web app mounts it at
 * `/lich/:file` (client/web/server.ts) and `calendarFeedListener` serves it alone on node:http.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadUnitFeed } from '../../activities/calendar/unit-feed';
import type { Store } from '../../activities/store/database';
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { DEFAULT_POLICY, ReminderPolicy } from '../../domain/policy/reminders';

export interface CalendarFeedDeps {
  db: Store;
  /** DONDOC_LINK_SECRET; without it no link is valid and the feed answers 503. */
  secret: string | undefined;
  policy?: ReminderPolicy;
  /** The instant statuses are computed at; the wall clock unless a test or the demo fixes it. */
  now?: () => number | Promise<number>;
}

export interface FeedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A secret shorter than this would let anyone guess links by brute force. */
export const MIN_SECRET_LENGTH = 32;

const UNIT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

function requireSecret(secret: string | undefined): string {
  if (!secret || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`DONDOC_LINK_SECRET chưa đặt hoặc ngắn hơn ${MIN_SECRET_LENGTH} ký tự: hãy đặt một chuỗi ngẫu nhiên dài (ví dụ \`openssl rand -base64 48\`).`);
  }
  return secret;
}

/** The token of one unit's feed; the scope prefix keeps it from opening anything but the calendar. */
export function calendarToken(unitId: string, secret: string | undefined): string {
  return createHmac('sha256', requireSecret(secret)).update(`dondoc/lich/v1/${unitId}`).digest('base64url');
}

export function verifyCalendarToken(unitId: string, token: string, secret: string | undefined): boolean {
  const expected = Buffer.from(calendarToken(unitId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The path to give a unit: `/lich/ptcn.ics?token=…`. */
export function calendarFeedPath(unitId: string, secret: string | undefined): string {
  return `/lich/${encodeURIComponent(unitId)}.ics?token=${calendarToken(unitId, secret)}`;
}

const text = (status: number, body: string): FeedResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body });

/** The response to a request for `url` (path and query, as a server receives it). */
export async function calendarFeedResponse(url: string, deps: CalendarFeedDeps): Promise<FeedResponse> {
  const parsed = new URL(url, 'http://dondoc.invalid');
  const match = /^\/lich\/([^/]+)\.ics$/.exec(parsed.pathname);
  const unitId = match ? decodeURIComponent(match[1]) : '';
  if (!match || !UNIT_ID.test(unitId)) return text(404, 'Không có lịch ở địa chỉ này. Địa chỉ lịch có dạng /lich/<mã đơn vị>.ics?token=…');
  if (!deps.secret || deps.secret.length < MIN_SECRET_LENGTH) return text(503, 'Máy chủ chưa cấu hình DONDOC_LINK_SECRET nên chưa mở lịch được. Hãy báo Văn phòng Sở.');
  const token = parsed.searchParams.get('token') ?? '';
  if (!verifyCalendarToken(unitId, token, deps.secret)) return text(403, `Mã truy cập lịch của đơn vị "${unitId}" không đúng hoặc đã bị thu hồi. Hãy xin Văn phòng Sở đường dẫn mới.`);
  const feed = await loadUnitFeed(deps.db, unitId, deps.policy ?? DEFAULT_POLICY, legalCalendar(), await (deps.now ?? Date.now)());
  return {
    status: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${unitId}.ics"`,
      // The token is in the URL: keep the feed out of shared caches.
      'cache-control': 'private, max-age=300',
    },
    body: feed.ics,
  };
}

/** A node:http request listener serving only the feed (GET and HEAD). */
export function calendarFeedListener(deps: CalendarFeedDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const respond = (r: FeedResponse) => {
      res.writeHead(r.status, r.headers);
      res.end(req.method === 'HEAD' ? undefined : r.body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond({ ...text(405, 'Lịch chỉ để đọc (GET).'), headers: { ...text(405, '').headers, allow: 'GET, HEAD' } });
      return;
    }
    calendarFeedResponse(req.url ?? '/', deps).then(respond, (error: unknown) => {
      respond(text(500, `Không tạo được lịch: ${error instanceof Error ? error.message : String(error)}`));
    });
  };
}
