import { Worker } from 'node:worker_threads';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { IsoDate, isIsoDate } from '../../domain/dates';
import { fold } from '../../domain/text/normalize';

/** How much of an uploaded file is read: the number and date line sit at the top of its first page. */
export const READ_BOUNDS = {
  chars: 100_000,
  pages: 2,
  timeoutMs: 10_000,
  /** The worker's heap: a file that needs more is a failed read, not a dead server. */
  heapMb: 96,
  /** Reads at once, and reads waiting: each worker may take its heap, so uploads queue rather than pile up. */
  concurrent: 1,
  waiting: 8,
};

export interface DocumentRead {
  text: string;
  /** What the person is told when reading stopped at a bound or failed ('' when the whole file was read). */
  note: string;
}

const vnNumber = (n: number) => n.toLocaleString('vi-VN');
export const READ_NOTES = {
  truncated: `Tệp dài: chỉ đọc phần đầu (${vnNumber(READ_BOUNDS.chars)} ký tự, tối đa ${READ_BOUNDS.pages} trang đầu), nơi có số và ngày văn bản.`,
  failed: 'Không đọc được nội dung tệp (tệp hỏng, quá lớn khi giải nén hoặc đọc quá lâu).',
  busy: 'Máy chủ đang đọc nhiều tệp khác nên chưa đọc tệp này.',
};

let running = 0;
const queue: (() => void)[] = [];

/** Waits for a free reading slot; null when too many reads already wait (the upload is kept, only not read). */
async function slot(): Promise<(() => void) | null> {
  if (running >= READ_BOUNDS.concurrent) {
    if (queue.length >= READ_BOUNDS.waiting) return null;
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

/**
 * The text of a PDF or DOCX, read in a worker thread with bounded heap, time, characters and pages. A worker that
 * runs out of memory, throws or hangs is a failed read with a note: never an exception, never a dead process.
 */
export async function readDocument(kind: 'pdf' | 'docx', bytes: Buffer, timeoutMs = READ_BOUNDS.timeoutMs): Promise<DocumentRead> {
  const release = await slot();
  if (!release) return { text: '', note: READ_NOTES.busy };
  try {
    return await readInWorker(kind, bytes, timeoutMs);
  } finally {
    release();
  }
}

function readInWorker(kind: 'pdf' | 'docx', bytes: Buffer, timeoutMs: number): Promise<DocumentRead> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (read: DocumentRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(read);
    };
    const failed = { text: '', note: READ_NOTES.failed };
    const worker = new Worker(require.resolve('./document-text-worker.mjs'), {
      workerData: { kind, bytes: new Uint8Array(bytes), maxChars: READ_BOUNDS.chars, maxPages: READ_BOUNDS.pages },
      resourceLimits: { maxOldGenerationSizeMb: READ_BOUNDS.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const timer = setTimeout(() => done(failed), timeoutMs);
    worker.once('message', (m: { text?: string; truncated?: boolean; error?: string }) =>
      done(typeof m.text === 'string' ? { text: m.text.slice(0, READ_BOUNDS.chars), note: m.truncated ? READ_NOTES.truncated : '' } : failed),
    );
    // ERR_WORKER_OUT_OF_MEMORY and any other death of the thread arrive here, or as an exit without a message.
    worker.once('error', () => done(failed));
    worker.once('exit', () => done(failed));
  });
}

/** The text alone ('' when it cannot be read). */
export const documentText = async (kind: 'pdf' | 'docx', bytes: Buffer, timeoutMs?: number): Promise<string> => (await readDocument(kind, bytes, timeoutMs)).text;

export interface DocumentFacts {
  /** "662/BC-SKHCN" */
  number?: string;
  date?: IsoDate;
}

/**
 * The document number ("Số: 662/BC-SKHCN") and the date line ("An Giang, ngày 27 tháng 4 năm 2025") of a Vietnamese
 * administrative document (Nghị định 30/2020 lays both out at the top). Text from PDFs often splits letters
 * ("S ố :"), so spaces are ignored where they cannot matter.
 */
export function documentFacts(text: string): DocumentFacts {
  const facts: DocumentFacts = {};
  const nfc = text.normalize('NFC');
  const number = /(?:^|[^\p{L}])S\s*[ốỐoO]\s*:\s*(\d[^\n]{2,60})/iu.exec(nfc);
  if (number) {
    // The number ends at the line's end or at a wide gap (the date line often shares the line in a two-column header).
    const candidate = number[1].split(/\s{3,}|\t/)[0].replace(/\s+/g, '').toUpperCase();
    const m = /^\d{1,6}\/[A-ZĐ0-9&.-]{2,40}/u.exec(candidate);
    if (m) facts.number = m[0].replace(/[.-]+$/, '');
  }
  const folded = fold(nfc);
  const date = /ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})/i.exec(folded);
  if (date) {
    const iso = normaliseDate(`${date[1]}/${date[2]}/${date[3]}`);
    if (isIsoDate(iso)) facts.date = iso;
  }
  return facts;
}
