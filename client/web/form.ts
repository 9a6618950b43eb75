import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EvidenceFile } from '../../domain/tracking/row-state';

/** A field of a url-encoded or multipart body ({ value } in multipart), composed Unicode, trimmed. */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const raw = typeof v === 'string' ? v : typeof (v as { value?: unknown } | undefined)?.value === 'string' ? (v as { value: string }).value : '';
  return raw.normalize('NFC').trim();
}

export interface UploadedPart {
  filename: string;
  toBuffer(): Promise<Buffer>;
}

/** The file part of a multipart body, or null when no file was chosen. */
export function filePart(body: unknown, name: string): UploadedPart | null {
  const v = (body as Record<string, unknown> | undefined)?.[name] as Partial<UploadedPart> & { type?: string } | undefined;
  return v && v.type === 'file' && typeof v.filename === 'string' && v.filename !== '' && typeof v.toBuffer === 'function' ? (v as UploadedPart) : null;
}

/** Field errors shown beside each field and in the summary at the top (GOV.UK's error pattern). */
export type FieldErrors = Record<string, string>;

/**
 * A file already kept in the evidence store, carried between "read the file" and "send" as a signed hidden value,
 * so a form cannot claim a file it did not upload, nor one for another row.
 */
export function signFileRef(file: EvidenceFile, rowKey: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify([file.name, file.sha256, file.bytes, file.stored, rowKey])).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(`tep\n${payload}`).digest('base64url')}`;
}

export function verifyFileRef(ref: string, rowKey: string, secret: string): EvidenceFile | null {
  const [payload, mac] = ref.split('.');
  if (!payload || !mac) return null;
  const expected = createHmac('sha256', secret).update(`tep\n${payload}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [name, sha256, bytes, stored, forRow] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string, number, string, string];
  return forRow === rowKey ? { name, sha256, bytes, stored } : null;
}
