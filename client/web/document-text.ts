import { Worker } from 'node:worker_threads';
import { normaliseDate } from '../../activities/plan-files/assemble';
import { IsoDate, isIsoDate } from '../../domain/dates';
import { fold } from '../../domain/text/normalize';

/** The text of a PDF or DOCX, read in a worker thread with bounded memory and time; '' when it cannot be read. */
export function documentText(kind: 'pdf' | 'docx', bytes: Buffer, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve) => {
    const worker = new Worker(require.resolve('./document-text-worker.mjs'), { workerData: { kind, bytes: new Uint8Array(bytes) }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const timer = setTimeout(() => void worker.terminate().then(() => resolve('')), timeoutMs);
    worker.once('message', (m: { text?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m.text ?? '');
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve('');
    });
  });
}

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
