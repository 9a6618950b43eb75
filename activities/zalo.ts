/**
 * A Zalo Official Account sender, after Zalo's published OA API (v3.0):
 * - a text message is `POST {api}/v3.0/oa/message/cs` with the OA's token in the `access_token` header and the JSON
 *   body `{ recipient: { user_id }, message: { text } }`; Zalo answers HTTP 200 with `{ error: 0, data: { message_id } }`
 *   or a negative `error` code and a `message`;
 * - an access token lives about 25 hours. It is renewed by `POST {oauth}/v4/oa/access_token` with the app's
 *   `secret_key` header and the form `refresh_token, app_id, grant_type=refresh_token`; the answer carries a new
 *   access token AND a new refresh token (each refresh token works once), so both are kept in the token store.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { ActivityError } from './errors';

export interface ZaloTokens {
  accessToken: string;
  refreshToken: string;
}

/** Where renewed tokens survive a worker restart: the environment's refresh token is spent after one renewal. */
export interface ZaloTokenStore {
  /** The latest tokens of the renewal chain that started from the refresh token `origin`, if any renewal happened. */
  load(): Promise<(ZaloTokens & { origin: string }) | undefined>;
  save(tokens: ZaloTokens & { origin: string }): Promise<void>;
}

export interface ZaloConfig {
  appId: string;
  secretKey: string;
  /** ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN as the office configured them. */
  tokens: ZaloTokens;
  apiBase?: string;
  oauthBase?: string;
}

export const ZALO_API_BASE = 'https://openapi.zalo.me';
export const ZALO_OAUTH_BASE = 'https://oauth.zaloapp.com';

/** Error codes that mean "renew the access token": invalid (-216) and expired (-124). */
const TOKEN_ERRORS = new Set([-216, -124]);
/** Zalo's own rate limit and unknown errors are passing conditions, like an SMTP 4xx. */
const PASSING_ERRORS = new Set([-32, -100]);

/** The maximum length of an OA text message. */
export const ZALO_TEXT_LIMIT = 2000;

interface ZaloAnswer {
  error?: number;
  message?: string;
  data?: { message_id?: string };
}

/** Reads the Zalo settings from the environment; undefined when Zalo is not configured at all. */
export function zaloConfigFromEnv(env: NodeJS.ProcessEnv): ZaloConfig | undefined {
  const names = ['ZALO_APP_ID', 'ZALO_SECRET_KEY', 'ZALO_ACCESS_TOKEN', 'ZALO_REFRESH_TOKEN'] as const;
  const set = names.filter((n) => env[n]?.trim());
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    throw new Error(`Cấu hình Zalo thiếu ${names.filter((n) => !set.includes(n)).join(', ')}: đặt đủ bốn biến ${names.join(', ')} (lấy ở trang quản lý ứng dụng Zalo của Sở), hoặc bỏ hết để chỉ gửi thư điện tử.`);
  }
  return {
    appId: env.ZALO_APP_ID!.trim(),
    secretKey: env.ZALO_SECRET_KEY!.trim(),
    tokens: { accessToken: env.ZALO_ACCESS_TOKEN!.trim(), refreshToken: env.ZALO_REFRESH_TOKEN!.trim() },
    apiBase: env.ZALO_API_BASE?.trim() || undefined,
    oauthBase: env.ZALO_OAUTH_BASE?.trim() || undefined,
  };
}

const retryable = (why: string) => ApplicationFailure.retryable(`Chưa gửi được tin Zalo (${why}); sẽ thử lại.`, ActivityError.ZaloTemporarilyRefused);

export class ZaloSender {
  private tokens: Promise<ZaloTokens>;
  private readonly api: string;
  private readonly oauth: string;

  constructor(
    private readonly config: ZaloConfig,
    private readonly store: ZaloTokenStore,
  ) {
    this.api = (config.apiBase ?? ZALO_API_BASE).replace(/\/+$/, '');
    this.oauth = (config.oauthBase ?? ZALO_OAUTH_BASE).replace(/\/+$/, '');
    // Renewals that grew from the refresh token the environment still holds supersede it (it is spent); a refresh
    // token the office set since then starts a new chain.
    this.tokens = store.load().then((saved) => (saved && saved.origin === config.tokens.refreshToken ? saved : config.tokens));
  }

  /** Sends one text; renews the access token once when Zalo says it is invalid or expired. Returns Zalo's message id. */
  async sendText(userId: string, text: string): Promise<string> {
    const body = JSON.stringify({ recipient: { user_id: userId }, message: { text: text.length > ZALO_TEXT_LIMIT ? `${text.slice(0, ZALO_TEXT_LIMIT - 1)}…` : text } });
    let answer = await this.post(body, (await this.tokens).accessToken);
    if (answer.error !== undefined && TOKEN_ERRORS.has(answer.error)) {
      answer = await this.post(body, await this.renew());
    }
    if (!answer.error) return answer.data?.message_id ?? '';
    if (PASSING_ERRORS.has(answer.error) || TOKEN_ERRORS.has(answer.error)) throw retryable(`lỗi ${answer.error}: ${answer.message ?? ''}`);
    throw ApplicationFailure.nonRetryable(
      `Zalo từ chối gửi tin tới người dùng ${userId} (lỗi ${answer.error}: ${answer.message ?? ''}). Kiểm tra "zaloUserId" trong danh bạ đơn vị và việc người đó đã quan tâm Official Account của Sở, hoặc đổi "channel" của họ sang "email".`,
      ActivityError.ZaloRecipientRejected,
    );
  }

  private async post(body: string, accessToken: string): Promise<ZaloAnswer> {
    let res: Response;
    try {
      res = await fetch(`${this.api}/v3.0/oa/message/cs`, { method: 'POST', headers: { 'content-type': 'application/json', access_token: accessToken }, body });
    } catch (error) {
      throw retryable(`không kết nối được ${this.api}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    if (res.status >= 500 || res.status === 429) throw retryable(`HTTP ${res.status}`);
    try {
      return (await res.json()) as ZaloAnswer;
    } catch {
      throw retryable(`HTTP ${res.status}, câu trả lời không phải JSON`);
    }
  }

  /** One renewal at a time: concurrent sends that all saw an expired token share it. */
  private renewing: Promise<string> | undefined;

  private renew(): Promise<string> {
    this.renewing ??= this.refresh().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async refresh(): Promise<string> {
    const { refreshToken } = await this.tokens;
    let res: Response;
    try {
      res = await fetch(`${this.oauth}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.config.secretKey },
        body: new URLSearchParams({ refresh_token: refreshToken, app_id: this.config.appId, grant_type: 'refresh_token' }).toString(),
      });
    } catch (error) {
      throw retryable(`không gia hạn được mã truy cập: ${(error as Error).message}`);
    }
    const answer = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; error?: number; error_description?: string };
    if (!res.ok || !answer.access_token || !answer.refresh_token) {
      // Retryable on purpose: a spent refresh token is fixed by a person (a new ZALO_REFRESH_TOKEN), and the
      // reminders must wait for that rather than be dropped.
      throw retryable(`Zalo không gia hạn mã truy cập (HTTP ${res.status}${answer.error ? `, lỗi ${answer.error}` : ''}${answer.error_description ? `: ${answer.error_description}` : ''}); hãy đặt ZALO_REFRESH_TOKEN mới rồi khởi động lại máy chủ nhắc việc`);
    }
    const fresh = { accessToken: answer.access_token, refreshToken: answer.refresh_token };
    await this.store.save({ ...fresh, origin: this.config.tokens.refreshToken });
    this.tokens = Promise.resolve(fresh);
    return fresh.accessToken;
  }
}
