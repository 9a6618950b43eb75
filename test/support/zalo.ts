import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the fake received, as it arrived. */
export interface ZaloRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * Zalo's OA API played on loopback: `POST /v3.0/oa/message/cs` and `POST /v4/oa/access_token`, answering as Zalo
 * documents (HTTP 200 with `error` codes). It accepts only well-formed requests: a wrong header or body is answered
 * with an error the sender would report, and is kept in `problems` for the test to assert on.
 */
export interface FakeZalo {
  base: string;
  requests: ZaloRequest[];
  /** Texts delivered, by user id. */
  delivered: { userId: string; text: string; messageId: string }[];
  problems: string[];
  /** The valid access token; any other gets -216. */
  accessToken: string;
  refreshToken: string;
  /** Users that follow the OA; others get -213. */
  followers: Set<string>;
  /** While set, every send answers with this HTTP status. */
  failWith?: number;
  close(): Promise<void>;
}

export const APP_ID = '3120984756120934875';
export const SECRET_KEY = 'fake-zalo-secret-key';

export async function startFakeZalo(initial: { accessToken: string; refreshToken: string; followers: string[] }): Promise<FakeZalo> {
  let issued = 0;
  const fake: FakeZalo = { base: '', requests: [], delivered: [], problems: [], accessToken: initial.accessToken, refreshToken: initial.refreshToken, followers: new Set(initial.followers), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      fake.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const problem = (text: string) => {
        fake.problems.push(text);
        json(200, { error: -201, message: text });
      };
      if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') {
        if (fake.failWith) return json(fake.failWith, { error: -1, message: 'Service unavailable' });
        if (req.headers['content-type'] !== 'application/json') return problem(`content-type ${req.headers['content-type']}`);
        if (req.headers.access_token !== fake.accessToken) return json(200, { error: -216, message: 'Access token is invalid' });
        let parsed: { recipient?: { user_id?: unknown }; message?: { text?: unknown } };
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          return problem('body is not JSON');
        }
        const userId = parsed.recipient?.user_id;
        const text = parsed.message?.text;
        if (typeof userId !== 'string' || typeof text !== 'string' || Object.keys(parsed).sort().join() !== 'message,recipient') return problem(`body ${body}`);
        if (text.length > 2000) return problem(`text of ${text.length} characters`);
        if (!fake.followers.has(userId)) return json(200, { error: -213, message: 'User has not followed OA' });
        const messageId = `zmsg-${fake.delivered.length + 1}`;
        fake.delivered.push({ userId, text, messageId });
        return json(200, { error: 0, message: 'Success', data: { message_id: messageId, user_id: userId } });
      }
      if (req.method === 'POST' && req.url === '/v4/oa/access_token') {
        if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return problem(`refresh content-type ${req.headers['content-type']}`);
        if (req.headers.secret_key !== SECRET_KEY) return json(200, { error: -14002, error_name: 'Invalid secret key' });
        const form = new URLSearchParams(body);
        if (form.get('app_id') !== APP_ID || form.get('grant_type') !== 'refresh_token') return problem(`refresh form ${body}`);
        if (form.get('refresh_token') !== fake.refreshToken) return json(200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or expired' });
        issued += 1;
        fake.accessToken = `access-${issued}`;
        fake.refreshToken = `refresh-${issued}`;
        return json(200, { access_token: fake.accessToken, refresh_token: fake.refreshToken, expires_in: '90000' });
      }
      json(404, { error: 404, message: `no route ${req.method} ${req.url}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
