import iconv from 'iconv-lite';
import { PlanFileError } from './errors';

/**
 * A text file's bytes as Vietnamese Excel and Notepad save them: UTF-8 with or without BOM, UTF-16 (LE/BE, with BOM,
 * or without BOM when every other byte is 0), or Windows-1258, Excel's "CSV" in a Vietnamese Windows. Windows-1258
 * writes tones as combining marks ("e" + U+0301), so the text is normalised to NFC before anything reads it.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

function startsWith(bytes: Buffer, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** UTF-16 without a BOM: ASCII-heavy text has a zero in every high byte. */
function zeroBytes(bytes: Buffer, parity: 0 | 1): number {
  let zeros = 0;
  for (let i = parity; i < Math.min(bytes.length, 4096); i += 2) if (bytes[i] === 0) zeros++;
  return zeros / Math.max(1, Math.min(bytes.length, 4096) / 2);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(bytes: Buffer): { encoding: TextEncoding; bom: number } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', bom: 3 };
  if (startsWith(bytes, 0xff, 0xfe)) return { encoding: 'utf-16le', bom: 2 };
  if (startsWith(bytes, 0xfe, 0xff)) return { encoding: 'utf-16be', bom: 2 };
  if (bytes.length >= 4 && zeroBytes(bytes, 1) > 0.5 && zeroBytes(bytes, 0) < 0.1) return { encoding: 'utf-16le', bom: 0 };
  if (bytes.length >= 4 && zeroBytes(bytes, 0) > 0.5 && zeroBytes(bytes, 1) < 0.1) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1258', bom: 0 };
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** Decodes a CSV's bytes, or says in Vietnamese why the file is not a readable CSV and what to do. */
export function decodePlanText(file: string, bytes: Buffer): string {
  if (bytes.length === 0) throw new PlanFileError(file, 'tệp trống (0 byte): hãy xuất lại bảng kế hoạch từ Excel ("Lưu thành" → CSV) hoặc dùng tệp .xlsx.');
  if (startsWith(bytes, ...ZIP)) throw new PlanFileError(file, 'đây là tệp nén (Excel .xlsx hoặc Word .docx) mang đuôi .csv: hãy đổi đuôi tệp cho đúng (.xlsx hoặc .docx) rồi nhập lại.');
  if (startsWith(bytes, ...OLE)) throw new PlanFileError(file, 'đây là tệp Excel/Word đời cũ (.xls, .doc) mang đuôi .csv: hãy mở bằng Excel và "Lưu thành" .xlsx hoặc CSV UTF-8.');
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  const text = encoding === 'utf-16be' ? iconv.decode(body, 'utf-16be') : iconv.decode(body, encoding === 'utf-16le' ? 'utf-16le' : encoding);
  // Control characters other than tab and line ends mean the bytes were not text in any encoding we know.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    throw new PlanFileError(file, `không phải tệp văn bản CSV (có ký tự điều khiển khi đọc theo ${encoding}): hãy mở bảng bằng Excel và "Lưu thành" CSV UTF-8 hoặc .xlsx.`);
  }
  if (text.trim() === '') throw new PlanFileError(file, 'tệp chỉ có khoảng trắng, không có dòng nào: hãy xuất lại bảng kế hoạch từ Excel hoặc dùng tệp .xlsx.');
  return text.normalize('NFC');
}

/** The separator of a CSV's header line: Vietnamese Excel writes ";" (the decimal comma takes ","), others ",". */
export function detectSeparator(line: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}
