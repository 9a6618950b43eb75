import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { EvidenceFile } from '../domain/tracking/row-state';

/** A file that cannot be kept as evidence: which one, why, and what to do. */
export class EvidenceFileError extends Error {}

/** Larger files belong in the document system; the evidence store keeps what a report or a letter needs. */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

export function evidenceRootFromEnv(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, env.DONDOC_EVIDENCE_DIR ?? 'data/evidence');
}

/**
 * Copies each file into the evidence store under its SHA-256 (`ab/abcdef…/name`), once: submitting the same file
 * again stores nothing new. Every file is checked before any is stored, so a bad one stores none.
 */
export async function storeEvidenceFiles(paths: string[], root: string, cwd = process.cwd()): Promise<EvidenceFile[]> {
  const checked: { path: string; name: string; bytes: number }[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const info = await stat(path).catch(() => null);
    if (!info) throw new EvidenceFileError(`Không tìm thấy tệp minh chứng "${given}" (${path}): kiểm tra lại đường dẫn.`);
    if (!info.isFile()) throw new EvidenceFileError(`"${given}" không phải một tệp: hãy chỉ ra từng tệp minh chứng, mỗi tệp một --file.`);
    if (info.size === 0) throw new EvidenceFileError(`Tệp minh chứng "${given}" rỗng (0 byte): hãy gửi bản có nội dung.`);
    if (info.size > MAX_EVIDENCE_BYTES) throw new EvidenceFileError(`Tệp minh chứng "${given}" nặng ${(info.size / 1048576).toFixed(1)} MB, quá giới hạn ${MAX_EVIDENCE_BYTES / 1048576} MB: hãy gửi bản nén hoặc trích phần cần thiết.`);
    checked.push({ path, name: basename(path).normalize('NFC'), bytes: info.size });
  }
  const stored: EvidenceFile[] = [];
  for (const file of checked) {
    const sha256 = createHash('sha256').update(await readFile(file.path)).digest('hex');
    const relative = join(sha256.slice(0, 2), sha256, file.name);
    const target = join(root, relative);
    if (!(await stat(target).catch(() => null))) {
      await mkdir(join(root, sha256.slice(0, 2), sha256), { recursive: true });
      // Copy then rename: a crash mid-copy never leaves a truncated file under the final name.
      await copyFile(file.path, `${target}.tmp`);
      await rename(`${target}.tmp`, target);
    }
    stored.push({ name: file.name, sha256, bytes: file.bytes, stored: relative });
  }
  return stored;
}
