import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * The office's settings file (data/dondoc.env): the link and session secrets, generated on the first `dondoc up` and
 * reused after, so sessions and mailed links survive a restart; and whatever else the office writes there (SMTP_URL,
 * MAIL_FROM, DONDOC_WEB_URL). Readable by its owner only (mode 600), since the secrets sign every link.
 * The environment wins over the file, so one setting can be tried without editing it.
 */
export const SECRET_NAMES = ['DONDOC_SESSION_SECRET', 'DONDOC_LINK_SECRET'] as const;

const MIN_SECRET_LENGTH = 32;
const KEY = /^[A-Z_][A-Z0-9_]*$/;

const TEMPLATE_TAIL = [
  '',
  '# Máy chủ thư: bỏ dấu # ở đầu dòng, ghi giá trị thật, rồi chạy lại dondoc up. Ví dụ:',
  '# SMTP_URL=smtps://nhacviec%40skhcn-angiang.example:MAT_KHAU@mail.skhcn-angiang.example:465',
  '# MAIL_FROM=Văn phòng Sở <nhacviec@skhcn-angiang.example>',
  '# (hoặc SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD)',
  '',
  '# Địa chỉ trang web mà thư nhắc việc dẫn tới; mặc định là địa chỉ dondoc up in ra:',
  '# DONDOC_WEB_URL=https://dondoc.skhcn-angiang.example',
];

export class SettingsFileError extends Error {}

export interface OfficeSettings {
  /** Values from the file, the generated secrets among them. */
  values: Record<string, string>;
  /** What happened to the file this time, for the log: created, secrets added, permissions tightened. */
  notes: string[];
}

/** Reads KEY=value lines; # starts a comment; quotes around a value are dropped. A malformed line names itself. */
export function parseSettings(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!KEY.test(key)) {
      throw new SettingsFileError(`${file}, dòng ${index + 1}: "${line.slice(0, 60)}" không phải dạng TÊN=giá trị (tên viết hoa, ví dụ SMTP_URL=smtp://mail.example:25). Sửa hoặc xoá dòng này rồi chạy lại.`);
    }
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    values[key] = value;
  });
  return values;
}

const newSecret = () => randomBytes(48).toString('base64');

/**
 * The settings file, created with fresh secrets when absent; a secret missing or too short is generated and added.
 * The file's mode is set to 600 whenever it is looser.
 */
export function loadOfficeSettings(file: string): OfficeSettings {
  const notes: string[] = [];
  if (!existsSync(file)) {
    const lines = [
      '# Cấu hình của dondoc up cho văn phòng này. Chỉ chủ tài khoản đọc được (quyền 600): không gửi tệp này cho ai.',
      '# Khoá bí mật tạo tự động ở lần chạy đầu. Đổi khoá thì mọi phiên đăng nhập và liên kết trong thư đã gửi hết hiệu lực.',
      ...SECRET_NAMES.map((name) => `${name}=${newSecret()}`),
      ...TEMPLATE_TAIL,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
    notes.push(`Đã tạo ${file} với khoá bí mật mới (quyền 600).`);
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    notes.push(`${file} đang cho người khác đọc (quyền ${mode.toString(8)}): đã đặt lại quyền 600.`);
  }
  const text = readFileSync(file, 'utf8');
  const values = parseSettings(text, file);
  const missing = SECRET_NAMES.filter((name) => (values[name] ?? '').length < MIN_SECRET_LENGTH);
  if (missing.length > 0) {
    const added = missing.map((name) => `${name}=${newSecret()}`);
    writeFileSync(file, `${text.endsWith('\n') || text === '' ? text : `${text}\n`}${added.join('\n')}\n`, { mode: 0o600 });
    Object.assign(values, parseSettings(added.join('\n'), file));
    notes.push(`${missing.join(', ')} thiếu hoặc ngắn hơn ${MIN_SECRET_LENGTH} ký tự trong ${file}: đã tạo khoá mới và ghi thêm vào tệp.`);
  }
  return { values, notes };
}

/** True when mail has somewhere to go: an SMTP URL or host, from the environment or the file. */
export function hasSmtp(settings: Record<string, string | undefined>): boolean {
  return Boolean(settings.SMTP_URL || settings.SMTP_HOST);
}
