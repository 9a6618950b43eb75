import { hkdfSync, randomBytes } from 'node:crypto';

/** The web app's secrets: the session cookie's key and the signed links' key. */
export interface WebSecrets {
  /** 32 bytes for the encrypted session cookie. */
  sessionKey: Buffer;
  /** HMAC key of signed links (DONDOC_LINK_SECRET, shared with the worker that writes the mails). */
  linkSecret: string;
}

export class MissingSecretError extends Error {}

const MIN_SECRET_LENGTH = 32;

/**
 * From DONDOC_SESSION_SECRET and DONDOC_LINK_SECRET. In production (NODE_ENV=production) both are required and
 * long; elsewhere missing ones are generated for this run, with a warning that names the variable, never a value.
 */
export function webSecretsFromEnv(env: NodeJS.ProcessEnv, warn: (text: string) => void): WebSecrets {
  const production = env.NODE_ENV === 'production';
  const read = (name: string): string => {
    const value = env[name] ?? '';
    if (value.length >= MIN_SECRET_LENGTH) return value;
    if (production) {
      throw new MissingSecretError(
        `${name} ${value ? `quá ngắn (cần ít nhất ${MIN_SECRET_LENGTH} ký tự)` : 'chưa được đặt'}: ở chế độ vận hành (NODE_ENV=production) trang web không chạy khi thiếu khoá bí mật. Tạo một khoá bằng: openssl rand -base64 48`,
      );
    }
    warn(`Cảnh báo: ${name} chưa được đặt; dùng một khoá tạm cho lần chạy này (phiên đăng nhập${name === 'DONDOC_LINK_SECRET' ? ' và liên kết trong thư' : ''} mất hiệu lực khi khởi động lại).`);
    return randomBytes(48).toString('base64');
  };
  const session = read('DONDOC_SESSION_SECRET');
  const linkSecret = read('DONDOC_LINK_SECRET');
  return { sessionKey: Buffer.from(hkdfSync('sha256', session, 'dondoc', 'session-cookie', 32)), linkSecret };
}
