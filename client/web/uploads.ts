import JSZip from 'jszip';
import { Allowance, takeAll } from './limits';

/** What an uploaded file is, by its bytes, whatever its name says. */
export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'doc' | 'png' | 'jpeg' | 'text' | 'unknown';

export const KIND_LABEL: Record<FileKind, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  xlsx: 'Excel (XLSX)',
  doc: 'Word/Excel cũ (DOC, XLS)',
  png: 'ảnh PNG',
  jpeg: 'ảnh JPEG',
  text: 'văn bản thuần',
  unknown: 'không rõ loại',
};

/** The names each kind may carry: a .pdf must be a PDF. */
const EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  doc: ['doc', 'xls'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  text: ['csv', 'json', 'txt'],
  unknown: [],
};

export async function detectKind(bytes: Buffer): Promise<FileKind> {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'doc';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    try {
      const zip = await JSZip.loadAsync(bytes);
      if (zip.file('word/document.xml')) return 'docx';
      if (zip.file('xl/workbook.xml')) return 'xlsx';
    } catch {
      return 'unknown';
    }
    return 'unknown';
  }
  // Text: valid UTF-8 without NUL bytes.
  if (!bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)) return 'text';
  return 'unknown';
}

/**
 * The file's own name, safe to keep: the last path segment only (a "../../etc/passwd" stays a plain name),
 * without control characters or leading dots, at most 120 characters, composed Unicode.
 */
export function safeFileName(given: string, fallback: string): string {
  const last = given.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^[.\s]+/, '').trim().slice(-120);
  return clean || fallback;
}

const extensionOf = (name: string) => (/\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? '').toLowerCase();

export class UploadRefused extends Error {}

/** Checks that the content is one of the accepted kinds and that the name does not say otherwise. */
export async function checkUpload(name: string, bytes: Buffer, accepted: FileKind[]): Promise<FileKind> {
  if (bytes.length === 0) throw new UploadRefused(`Tệp "${name}" rỗng (0 byte): hãy chọn bản có nội dung.`);
  const kind = await detectKind(bytes);
  const allowed = accepted.map((k) => KIND_LABEL[k]).join(', ');
  if (!accepted.includes(kind)) throw new UploadRefused(`Tệp "${name}" có nội dung ${KIND_LABEL[kind]}, không phải loại được nhận (${allowed}).`);
  const ext = extensionOf(name);
  if (!EXTENSIONS[kind].includes(ext)) {
    throw new UploadRefused(`Tên tệp "${name}" ghi đuôi ${ext ? `.${ext}` : '(không có đuôi)'} nhưng nội dung là ${KIND_LABEL[kind]}: hãy đổi tên cho đúng loại tệp hoặc chọn đúng tệp.`);
  }
  return kind;
}

/**
 * How much one session and one unit may upload in an hour: enough for a unit's real evidence (a few files a day),
 * far from enough to fill the disk. A link's session counts against the unit it was sent to.
 */
export const UPLOAD_LIMITS = { perSessionPerHour: 20, perUnitPerHour: 60, unitMegabytesPerHour: 200 };

export function uploadAllowances(limits = UPLOAD_LIMITS, clock: () => number = Date.now) {
  const hour = 3600 * 1000;
  const session = new Allowance(limits.perSessionPerHour, hour, clock);
  const unit = new Allowance(limits.perUnitPerHour, hour, clock);
  const unitBytes = new Allowance(limits.unitMegabytesPerHour * 1024 * 1024, hour, clock);
  /** Counts one upload; the Vietnamese refusal when an allowance is spent (nothing is counted then). */
  return (sessionId: string, unitId: string, bytes: number): string | null => {
    const spent = takeAll([
      { allowance: session, key: sessionId },
      { allowance: unit, key: unitId },
      { allowance: unitBytes, key: unitId, amount: bytes },
    ]);
    if (!spent) return null;
    const wait = `Hãy thử lại sau ${spent.allowance.minutesLeft(spent.key)} phút.`;
    if (spent.allowance === session) return `Phiên làm việc này đã tải lên ${limits.perSessionPerHour} tệp trong một giờ, mức tối đa. ${wait}`;
    if (spent.allowance === unit) return `Đơn vị đã tải lên ${limits.perUnitPerHour} tệp trong một giờ, mức tối đa. ${wait}`;
    return `Đơn vị đã tải lên ${limits.unitMegabytesPerHour} MB trong một giờ, mức tối đa. ${wait}`;
  };
}
