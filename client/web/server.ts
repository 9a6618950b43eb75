import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import type { Client } from '@temporalio/client';
import type { Store } from '../../activities/store/database';
import { sweepPendingUploads } from '../../activities/evidence-files';
import { loadUnitsDirectory, saveUnitsDirectory } from '../../activities/store/accounts';
import type { UnitsDirectory } from '../../domain/plan/units';
import type { EngineState } from '../temporal-client';
import { Forbidden, principalOf, sessionStillValid } from './access';
import { calendarFeedResponse } from './calendar-feed';
import type { WebSecrets } from './config';
import { render } from './views';
import { boardRoutes } from './routes/board';
import { rowRoutes } from './routes/row';
import { unitRoutes } from './routes/unit';
import { officeRoutes } from './routes/office';
import { planRoutes } from './routes/plan';
import { DEFAULT_LOGIN_LIMITS, LoginLimits, sessionRoutes } from './routes/session';

export interface WebOptions {
  db: Store;
  temporal: Client;
  taskQueue: string;
  secrets: WebSecrets;
  /** Where evidence files are kept (DONDOC_EVIDENCE_DIR). */
  evidenceDir: string;
  /** The units directory to start from when the database has none yet (samples/units.json, or the office's file). */
  units?: UnitsDirectory;
  /** "Now" for statuses and lists: the wall clock in production, the simulated clock in the demo and tests. */
  now?: () => number | Promise<number>;
  /** Login attempts allowed per minute and account (from any address). */
  loginAttemptsPerMinute?: number;
  /** Login attempts per minute per account, per address and in all (routes/session.ts DEFAULT_LOGIN_LIMITS). */
  loginLimits?: Partial<LoginLimits>;
  /** Largest evidence or plan upload, in bytes. */
  maxUploadBytes?: number;
  /** Cookies only over HTTPS (production behind TLS). */
  secureCookies?: boolean;
  /** Request logs (production): to stdout, or to this stream. Cookies and authorization headers are never logged. */
  logger?: boolean;
  logStream?: NodeJS.WritableStream;
  /** Whether Temporal and the worker answer (watchEngine): pages show a banner while they do not. */
  engine?: { state(): EngineState };
}

export interface WebContext extends Required<Pick<WebOptions, 'db' | 'temporal' | 'taskQueue' | 'secrets' | 'evidenceDir'>> {
  now(): Promise<number>;
  /** The units directory; a page that cannot do without it fails with MissingUnitsDirectory, which says how to add one. */
  units(): Promise<UnitsDirectory>;
  /** The units directory, or null while none is stored: for pages that can be read without it (the board, figures). */
  unitsIfAny(): Promise<UnitsDirectory | null>;
  maxUploadBytes: number;
}

/** No units directory is stored: a state the office fixes, never a server error. */
export class MissingUnitsDirectory extends Error {
  constructor() {
    super('Cơ sở dữ liệu chưa có danh bạ đơn vị (tên đơn vị, trưởng đơn vị, lãnh đạo phụ trách), nên trang này chưa hiển thị được.');
  }
}

/** How the office adds the directory, on the page and in the board's notice. */
export const ADD_UNITS_DIRECTORY = 'Cách khắc phục: Văn phòng Sở khởi động lại trang web một lần với tệp danh bạ, ví dụ "dondoc web --units samples/units.json" (tệp danh bạ của Sở); danh bạ được lưu vào cơ sở dữ liệu và sửa tiếp ở trang "Danh bạ đơn vị".';

/** Shown on every page while actions cannot be recorded; read pages keep working from the read model. */
export const ENGINE_BANNER = 'Hệ thống nhắc việc tạm ngừng: chỉ xem, chưa ghi nhận thao tác';
const ENGINE_DETAIL: Partial<Record<EngineState, string>> = {
  'temporal-down': 'Không kết nối được Temporal (nơi lưu việc nhắc). Các danh sách và số liệu vẫn xem được; nộp minh chứng, xác nhận, gia hạn… hãy thử lại sau.',
  'worker-down': 'Máy chủ nhắc việc đang không chạy. Các danh sách và số liệu vẫn xem được; nộp minh chứng, xác nhận, gia hạn… hãy thử lại sau.',
};
/** Where layout.eta puts the banner: filled per response, so every page has it whatever route rendered it. */
const BANNER_SLOT = '<!--dondoc:thong-bao-he-thong-->';

function engineBanner(state: EngineState | undefined): string {
  const detail = state ? ENGINE_DETAIL[state] : undefined;
  return detail ? `<div class="panel panel--warn engine-banner" role="status" data-test="he-thong-tam-ngung"><p><strong>${ENGINE_BANNER}</strong></p><p>${detail}</p></div>` : '';
}

declare module 'fastify' {
  interface FastifyInstance {
    web: WebContext;
  }
}

const CSS = readFileSync(join(__dirname, 'static', 'app.css'));
const SCRIPT = readFileSync(join(__dirname, 'static', 'app.js'));
const ICON = readFileSync(join(__dirname, 'static', 'bieu-tuong.svg'));
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The whole app, not listening: tests drive it with inject(), startWebServer() puts it on a port. */
export async function buildWebApp(options: WebOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger || options.logStream
        ? {
            // A signed link is a key to a task page: logs keep only that one was used.
            serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: maskLinks(req.url), ip: req.ip }) },
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            ...(options.logStream ? { stream: options.logStream } : {}),
          }
        : false,
    bodyLimit: 1024 * 1024,
    // Signed links carry the unit, row, occurrence and last day: longer than Fastify's default 100-character parameter.
    routerOptions: { maxParamLength: 1000 },
    trustProxy: false,
  });
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  let units = await loadUnitsDirectory(options.db);
  if (!units && options.units) {
    await saveUnitsDirectory(options.db, options.units, 'khởi tạo từ tệp danh bạ', Date.now());
    units = options.units;
  }
  app.decorate('web', {
    db: options.db,
    temporal: options.temporal,
    taskQueue: options.taskQueue,
    secrets: options.secrets,
    evidenceDir: options.evidenceDir,
    maxUploadBytes,
    now: async () => (options.now ? options.now() : Date.now()),
    units: async () => {
      const current = await loadUnitsDirectory(options.db);
      if (!current) throw new MissingUnitsDirectory();
      return current;
    },
    unitsIfAny: () => loadUnitsDirectory(options.db),
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string' || !payload.includes(BANNER_SLOT)) return payload;
    return payload.replace(BANNER_SLOT, engineBanner(options.engine?.state()));
  });

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"] } },
    // Pages show evidence links and downloads; no referrer leaks a signed link to another site.
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(secureSession, {
    key: options.secrets.sessionKey,
    cookieName: 'dondoc_phien',
    expiry: 8 * 3600,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies ?? false },
  });
  await app.register(formbody);
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: maxUploadBytes, files: 1, fields: 20 }, throwFileSizeLimit: true });
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/secure-session',
    // Multipart fields arrive as { value }; url-encoded ones as strings.
    getToken: (req: FastifyRequest) => {
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof field === 'string' ? field : ((field as { value?: string } | undefined)?.value ?? (req.headers['csrf-token'] as string | undefined));
    },
  });
  await app.register(rateLimit, { global: false });
  // Every request checks a signed-in session against the account as it is now: a changed or revoked one ends here.
  app.addHook('preHandler', async (request) => {
    const p = principalOf(request);
    if (p && !(await sessionStillValid(options.db, p))) request.session.regenerate();
  });
  // Uploads nobody submitted are removed after a day.
  const sweep = () => void sweepPendingUploads(options.evidenceDir, Date.now()).catch((error: Error) => app.log.error(error));
  sweep();
  const sweeper = setInterval(sweep, 3600 * 1000).unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error instanceof Forbidden ? 403 : error instanceof MissingUnitsDirectory ? 503 : error.statusCode ?? 500;
    let title = 'Có lỗi';
    let lines = ['Trang web gặp lỗi không mong đợi. Hãy thử lại; nếu vẫn lỗi, báo Văn phòng Sở.'];
    if (error instanceof Forbidden) [title, lines] = ['Không có quyền', [error.message]];
    else if (error instanceof MissingUnitsDirectory) [title, lines] = ['Chưa có danh bạ đơn vị', [error.message, ADD_UNITS_DIRECTORY]];
    else if (error.code === 'FST_CSRF_MISSING_SECRET' || error.code === 'FST_CSRF_INVALID_TOKEN') [title, lines] = ['Biểu mẫu đã cũ', ['Biểu mẫu này không còn hiệu lực (phiên làm việc đã đổi). Hãy mở lại trang và gửi lại.']];
    else if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') [title, lines] = ['Tệp quá lớn', [`Tệp tải lên vượt giới hạn ${Math.round(maxUploadBytes / 1048576)} MB. Hãy gửi bản nén hoặc trích phần cần thiết.`]];
    else if (status === 401) [title, lines] = ['Cần đăng nhập', ['Phiên làm việc đã hết. Hãy đăng nhập lại, hoặc mở lại liên kết trong thư.']];
    else if (status === 404) [title, lines] = ['Không tìm thấy', ['Không có nhiệm vụ hay trang này (có thể kế hoạch chưa được nhập). Kiểm tra lại đường dẫn.']];
    else if (status === 429) [title, lines] = ['Thử đăng nhập quá nhiều lần', ['Anh/chị đã thử đăng nhập quá nhiều lần. Hãy đợi một phút rồi thử lại.']];
    else if (status < 500) [title, lines] = ['Yêu cầu không hợp lệ', ['Yêu cầu gửi lên không đúng dạng. Hãy mở lại trang và thử lại.']];
    else if (!(error instanceof MissingUnitsDirectory)) request.log.error(error);
    const code = error.code === 'FST_REQ_FILE_TOO_LARGE' ? 413 : status;
    return reply
      .code(code)
      .type('text/html; charset=utf-8')
      .send(render('message', { title, principal: principalOf(request), csrf: safeCsrf(reply) }, { lines, next: { href: '/', text: 'Về trang chính' } }));
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(render('message', { title: 'Không tìm thấy trang', principal: principalOf(request), csrf: safeCsrf(reply) }, { lines: ['Địa chỉ này không có trang nào. Kiểm tra lại đường dẫn.'], next: { href: '/', text: 'Về trang chính' } })),
  );

  app.get('/tai-nguyen/app.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS));
  app.get('/tai-nguyen/app.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT));
  // The icon pages link; /favicon.ico too, which browsers and feed readers ask for without reading the page.
  for (const path of ['/tai-nguyen/bieu-tuong.svg', '/favicon.ico']) app.get(path, async (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON));

  /** A unit's calendar feed (see calendar-feed.ts): calendar apps cannot log in, the token in the URL is the key. */
  app.get('/lich/:file', async (request, reply) => {
    const feed = await calendarFeedResponse(request.url, { db: options.db, secret: options.secrets.linkSecret, now: app.web.now });
    return reply.code(feed.status).headers(feed.headers).send(feed.body);
  });

  app.get('/', async (request, reply) => {
    const p = principalOf(request);
    if (!p) return reply.redirect('/dang-nhap');
    if (p.kind === 'link') return reply.redirect(`/nhiem-vu/${p.scope.rowKey.split('/').map(encodeURIComponent).join('/')}${p.scope.occurrenceId ? `?lan=${encodeURIComponent(p.scope.occurrenceId)}` : ''}`);
    return reply.redirect(p.role === 'don-vi' ? '/don-vi' : '/qua-han');
  });

  await app.register(sessionRoutes({ ...DEFAULT_LOGIN_LIMITS, ...(options.loginAttemptsPerMinute ? { perAccount: options.loginAttemptsPerMinute } : {}), ...options.loginLimits }));
  await app.register(boardRoutes);
  await app.register(rowRoutes);
  await app.register(unitRoutes);
  await app.register(officeRoutes);
  await app.register(planRoutes);
  return app;
}

export function html(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

function safeCsrf(reply: FastifyReply): string | undefined {
  try {
    return reply.generateCsrf();
  } catch {
    return undefined;
  }
}

/** Signed links and calendar tokens are keys: logs keep only that one was used. */
export const maskLinks = (url: string) => url.replace(/\/lien-ket\/[^/?#]+/g, '/lien-ket/***').replace(/([?&]token=)[^&#]*/g, '$1***');

export interface RunningWebServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (or `host`) at `port` (0: any free port). The demo and `dondoc web` call this. */
export async function startWebServer(options: WebOptions & { port?: number; host?: string }): Promise<RunningWebServer> {
  const app = await buildWebApp(options);
  await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host ?? '127.0.0.1'}:${port}`, app, close: () => app.close() };
}
