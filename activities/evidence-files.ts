import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { FileHandle, lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { EvidenceFile } from '../domain/tracking/row-state';

/** A file that cannot be kept as evidence: which one, why, and what to do. */
export class EvidenceFileError extends Error {}

/** Larger files belong in the document system; the evidence store keeps what a report or a letter needs. */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/** O_NOFOLLOW where the platform has it (not on Windows): opening a link then fails instead of reaching its target. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export function evidenceRootFromEnv(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, env.DONDOC_EVIDENCE_DIR ?? 'data/evidence');
}

interface Source {
  given: string;
  path: string;
  name: string;
}

interface Copied extends Source {
  temporary: string;
  sha256: string;
  bytes: number;
}

const megabytes = (bytes: number) => (bytes / 1048576).toFixed(1);

/** The checks a person can act on, made on the path as given, before anything is copied. */
async function checkSource(given: string, cwd: string): Promise<Source> {
  const path = resolve(cwd, given);
  const info = await lstat(path).catch(() => null);
  if (!info) throw new EvidenceFileError(`Không tìm thấy tệp minh chứng "${given}" (${path}): kiểm tra lại đường dẫn.`);
  if (info.isSymbolicLink()) throw new EvidenceFileError(`"${given}" là một liên kết (symlink), không phải tệp: hãy chỉ đường dẫn đến chính tệp minh chứng.`);
  if (!info.isFile()) throw new EvidenceFileError(`"${given}" không phải một tệp: hãy chỉ ra từng tệp minh chứng, mỗi tệp một --file.`);
  if (info.size === 0) throw new EvidenceFileError(`Tệp minh chứng "${given}" rỗng (0 byte): hãy gửi bản có nội dung.`);
  if (info.size > MAX_EVIDENCE_BYTES) throw new EvidenceFileError(`Tệp minh chứng "${given}" nặng ${megabytes(info.size)} MB, quá giới hạn ${MAX_EVIDENCE_BYTES / 1048576} MB: hãy gửi bản nén hoặc trích phần cần thiết.`);
  return { given, path, name: basename(path).normalize('NFC') };
}

/** Opens a regular file without following a link; a link put in its place since it was checked is refused. */
async function openRegularFile(path: string, given: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | NO_FOLLOW).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new EvidenceFileError(`"${given}" là một liên kết (symlink), không phải tệp: hãy chỉ đường dẫn đến chính tệp minh chứng.`);
    throw new EvidenceFileError(`Không mở được tệp minh chứng "${given}" (${path}): ${error.message}.`);
  });
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new EvidenceFileError(`"${given}" không phải một tệp: hãy chỉ ra từng tệp minh chứng, mỗi tệp một --file.`);
  }
  return handle;
}

/** Reads a file once, handing every chunk to `each`; returns the number of bytes read. */
async function readChunks(handle: FileHandle, each: (chunk: Buffer, soFar: number) => Promise<void>): Promise<number> {
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return total;
    total += bytesRead;
    await each(buffer.subarray(0, bytesRead), total);
  }
}

/**
 * Copies a source into a new temporary file of the store, hashing the very bytes written: a source that changes
 * while it is read is stored under the hash of what was stored, never of what was there a moment before.
 * The temporary file has a random name and is created exclusively, so nothing planted in the store is written through.
 */
async function copyToTemporary(source: Source, root: string): Promise<Copied> {
  const temporary = join(root, `.tmp-${randomBytes(16).toString('hex')}`);
  const input = await openRegularFile(source.path, source.given);
  try {
    const output = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o644).catch((error: Error) => {
      throw unwritableStore(root, error);
    });
    try {
      const hash = createHash('sha256');
      const bytes = await readChunks(input, async (chunk, soFar) => {
        if (soFar > MAX_EVIDENCE_BYTES) throw new EvidenceFileError(`Tệp minh chứng "${source.given}" lớn dần khi đang chép, đã quá giới hạn ${MAX_EVIDENCE_BYTES / 1048576} MB: hãy gửi bản nén hoặc trích phần cần thiết.`);
        hash.update(chunk);
        await output.write(chunk);
      });
      if (bytes === 0) throw new EvidenceFileError(`Tệp minh chứng "${source.given}" rỗng (0 byte) khi chép: hãy gửi bản có nội dung.`);
      // On disk before it is renamed into place: a crash never leaves a short file under a final name.
      await output.sync();
      await output.close();
      return { ...source, temporary, sha256: hash.digest('hex'), bytes };
    } catch (error) {
      await output.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  } finally {
    await input.close();
  }
}

const unwritableStore = (root: string, error: Error) =>
  new EvidenceFileError(`Không ghi được vào kho minh chứng ${root}: ${error.message}. Hãy kiểm tra DONDOC_EVIDENCE_DIR và quyền ghi thư mục đó.`);

/** The SHA-256 of a stored file, read without following a link; null when it cannot be read (then it is replaced). */
async function storedSha256(path: string): Promise<string | null> {
  const handle = await open(path, constants.O_RDONLY | NO_FOLLOW).catch(() => null);
  if (!handle) return null;
  try {
    const hash = createHash('sha256');
    await readChunks(handle, async (chunk) => void hash.update(chunk));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** `ab/abcdef…` under the root, made one level at a time, each checked: a link in its place could lead writes elsewhere. */
async function hashDirectory(root: string, sha256: string): Promise<string> {
  let directory = root;
  for (const part of [sha256.slice(0, 2), sha256]) {
    directory = join(directory, part);
    await mkdir(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw unwritableStore(root, error);
    });
    if (!(await lstat(directory)).isDirectory()) throw new EvidenceFileError(`Kho minh chứng bị sửa ngoài dondoc: ${directory} không phải thư mục (có thể là liên kết). Hãy báo quản trị hệ thống kiểm tra và xoá nó, rồi gửi lại.`);
  }
  return directory;
}

/**
 * Moves a copied file to its place. A file already there is kept only when its content still has the hash its name
 * says; otherwise it is replaced. The store is addressed by content, so a different file under a hash's name can only
 * be damage (a disk error, a hand-made copy, tampering), and the submitter holds the right bytes now: repairing the
 * store lets the submission through, where refusing would block the unit for a fault that is not theirs.
 */
async function placeCopied(file: Copied, root: string, notice: (message: string) => void): Promise<string> {
  const relative = join(file.sha256.slice(0, 2), file.sha256, file.name);
  const target = join(await hashDirectory(root, file.sha256), file.name);
  const existing = await lstat(target).catch(() => null);
  if (existing?.isDirectory()) throw new EvidenceFileError(`Kho minh chứng bị sửa ngoài dondoc: ${target} là một thư mục. Hãy báo quản trị hệ thống kiểm tra và xoá nó, rồi gửi lại.`);
  if (existing?.isFile() && (await storedSha256(target)) === file.sha256) {
    await unlink(file.temporary);
    return relative;
  }
  if (existing) notice(`Kho minh chứng đã có ${target} nhưng nội dung không khớp mã SHA-256 trong tên (tệp hỏng, bị sửa hoặc là liên kết): đã thay bằng bản vừa gửi.`);
  // rename replaces a link itself, never the file it points to.
  await rename(file.temporary, target);
  return relative;
}

/**
 * Copies each file into the evidence store under its SHA-256 (`ab/abcdef…/name`), once: submitting the same file
 * again stores nothing new. Every file is checked and copied to a temporary file before any is put in place, so a bad
 * one stores none. `notice` hears about a damaged copy the store replaced.
 */
export async function storeEvidenceFiles(paths: string[], root: string, cwd = process.cwd(), notice: (message: string) => void = () => undefined): Promise<EvidenceFile[]> {
  return (await prepareEvidenceFiles(paths, root, cwd, notice)).commit();
}

/**
 * Evidence copied into the store but not yet in place: `files` says where each will be; `commit` puts them there (a
 * rename each), `abandon` removes the copies. A submission is sent between the two, so the store keeps only what an
 * accepted submission refers to.
 */
export interface PreparedEvidence {
  files: EvidenceFile[];
  commit(): Promise<EvidenceFile[]>;
  abandon(): Promise<void>;
}

export async function prepareEvidenceFiles(paths: string[], root: string, cwd = process.cwd(), notice: (message: string) => void = () => undefined): Promise<PreparedEvidence> {
  const sources: Source[] = [];
  for (const given of paths) sources.push(await checkSource(given, cwd));
  const copied: Copied[] = [];
  const abandon = async (from = 0) => void (await Promise.all(copied.slice(from).map((c) => unlink(c.temporary).catch(() => undefined))));
  if (sources.length > 0) {
    await mkdir(root, { recursive: true }).catch((error: Error) => {
      throw unwritableStore(root, error);
    });
    try {
      for (const source of sources) copied.push(await copyToTemporary(source, root));
    } catch (error) {
      await abandon();
      throw error;
    }
  }
  return {
    files: copied.map((file) => ({ name: file.name, sha256: file.sha256, bytes: file.bytes, stored: join(file.sha256.slice(0, 2), file.sha256, file.name) })),
    abandon,
    commit: async () => {
      const stored: EvidenceFile[] = [];
      for (const [i, file] of copied.entries()) {
        try {
          stored.push({ name: file.name, sha256: file.sha256, bytes: file.bytes, stored: await placeCopied(file, root, notice) });
        } catch (error) {
          await abandon(i);
          throw error;
        }
      }
      return stored;
    },
  };
}

/**
 * Files uploaded from the web wait here, outside the content store, until a submission carries them: the store keeps
 * only what a submission referenced, and what nobody submitted is removed after a day (`sweepPendingUploads`).
 */
export const PENDING_DIR = '.cho-gui';
export const PENDING_LIFETIME_MS = 24 * 3600 * 1000;

/** An upload waiting for its submission: `id` names its own directory under PENDING_DIR. */
export interface PendingUpload {
  id: string;
  name: string;
  sha256: string;
  bytes: number;
}

const PENDING_ID = /^[0-9a-f]{32}$/;

/** The pending file's path, or null when the id or the name could lead anywhere else. */
export function pendingUploadPath(root: string, upload: Pick<PendingUpload, 'id' | 'name'>): string | null {
  if (!PENDING_ID.test(upload.id) || upload.name !== basename(upload.name) || upload.name.startsWith('.') || upload.name === '') return null;
  return join(root, PENDING_DIR, upload.id, upload.name);
}

/** Keeps uploaded bytes as a pending upload, in a directory of its own created exclusively. */
export async function stagePendingUpload(name: string, bytes: Buffer, root: string): Promise<PendingUpload> {
  const upload = { id: randomBytes(16).toString('hex'), name: basename(name.normalize('NFC')), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  const path = pendingUploadPath(root, upload);
  if (!path) throw new EvidenceFileError(`Tên tệp "${name}" không dùng được: hãy đổi tên tệp (không bắt đầu bằng dấu chấm) rồi tải lên lại.`);
  try {
    await mkdir(join(root, PENDING_DIR), { recursive: true });
    await mkdir(join(root, PENDING_DIR, upload.id));
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o644);
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unwritableStore(root, error as Error);
  }
  return upload;
}

/**
 * Copies a pending upload into the content store, not yet in place, for a submission about to be sent (see
 * PreparedEvidence). The bytes must still have the hash the form was signed with.
 */
export async function preparePendingUpload(upload: PendingUpload, root: string): Promise<PreparedEvidence> {
  const path = pendingUploadPath(root, upload);
  if (!path || !(await lstat(path).catch(() => null))) throw new EvidenceFileError(`Tệp "${upload.name}" tải lên đã quá một ngày nên không còn giữ: hãy chọn tệp và tải lên lại.`);
  const prepared = await prepareEvidenceFiles([path], root);
  if (prepared.files[0].sha256 !== upload.sha256) {
    await prepared.abandon();
    throw new EvidenceFileError(`Tệp "${upload.name}" tải lên đã bị thay đổi trên máy chủ: hãy chọn tệp và tải lên lại.`);
  }
  return prepared;
}

export async function discardPendingUpload(upload: Pick<PendingUpload, 'id' | 'name'>, root: string): Promise<void> {
  if (pendingUploadPath(root, upload)) await rm(join(root, PENDING_DIR, upload.id), { recursive: true, force: true });
}

/**
 * Removes pending uploads older than `lifetimeMs` (by their directory's time), and copies a crash left between
 * copying and placing (`.tmp-…` in the store); returns how many.
 */
export async function sweepPendingUploads(root: string, now: number, lifetimeMs = PENDING_LIFETIME_MS): Promise<number> {
  const pending = (await readdir(join(root, PENDING_DIR)).catch(() => [] as string[])).filter((id) => PENDING_ID.test(id)).map((id) => join(root, PENDING_DIR, id));
  const copies = (await readdir(root).catch(() => [] as string[])).filter((n) => /^\.tmp-[0-9a-f]{32}$/.test(n)).map((n) => join(root, n));
  let removed = 0;
  for (const path of [...pending, ...copies]) {
    const info = await lstat(path).catch(() => null);
    if (!info || now - info.mtimeMs < lifetimeMs) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
