import { fold } from '../text/normalize';

/**
 * The kind of document a row's "Kết quả thực hiện" calls for, and the type symbol a document number
 * carries (Nghị định 30/2020/NĐ-CP: "662/BC-SKHCN" is a Báo cáo). Later checks compare the two.
 */
export type EvidenceType = 'KH' | 'BC' | 'CV' | 'QĐ' | 'DS' | 'TB' | 'THƯ' | 'VB' | 'KHÁC';

export const EVIDENCE_LABEL: Record<EvidenceType, string> = {
  KH: 'Kế hoạch',
  BC: 'Báo cáo',
  CV: 'Công văn',
  QĐ: 'Quyết định',
  DS: 'Danh sách',
  TB: 'Thông báo',
  THƯ: 'Thư',
  VB: 'Văn bản',
  KHÁC: 'Kết quả khác (không phải văn bản có số)',
};

const KEYWORDS: [RegExp, EvidenceType][] = [
  [/ke hoach/, 'KH'],
  [/bao cao/, 'BC'],
  [/cong van/, 'CV'],
  [/quyet dinh/, 'QĐ'],
  [/danh sach/, 'DS'],
  [/thong bao/, 'TB'],
  [/thu xin loi/, 'THƯ'],
];

/**
 * The earliest document word wins ("Kiểm tra, Báo cáo kết quả kiểm tra; Văn bản kiến nghị" asks for a BC);
 * plain "văn bản" counts only when no named type appears ("Văn bản báo cáo" is a BC).
 */
export function classifyExpectedOutput(output: string): EvidenceType {
  const folded = fold(output);
  let best: { at: number; type: EvidenceType } | null = null;
  for (const [pattern, type] of KEYWORDS) {
    const at = folded.search(pattern);
    if (at >= 0 && (best === null || at < best.at)) best = { at, type };
  }
  return best?.type ?? (/van ban/.test(folded) ? 'VB' : 'KHÁC');
}

/** Type symbols that may follow the number in a document number. A number without one is a Công văn. */
const SYMBOLS: Record<string, EvidenceType> = { BC: 'BC', KH: 'KH', QĐ: 'QĐ', QD: 'QĐ', TB: 'TB', DS: 'DS' };

export const DOCUMENT_NUMBER = /^(\d{1,6})\/(?:(\d{4})\/)?([A-ZĐ]{1,6})-([A-ZĐ0-9&.-]{1,30})$/u;

export interface DocumentNumber {
  number: number;
  /** The type the symbol names; CV for "12/SKHCN-VP", which has none. */
  type: EvidenceType;
  symbol: string;
  issuer: string;
}

/** Reads "662/BC-SKHCN" or "12/SKHCN-VP"; null when malformed. */
export function parseDocumentNumber(text: string): DocumentNumber | null {
  const m = DOCUMENT_NUMBER.exec(text.normalize('NFC').trim().toUpperCase());
  if (!m) return null;
  const type = SYMBOLS[m[3]];
  return type ? { number: Number(m[1]), type, symbol: m[3], issuer: m[4] } : { number: Number(m[1]), type: 'CV', symbol: '', issuer: `${m[3]}-${m[4]}` };
}

/** Whether a document of `actual` type satisfies a row expecting `expected`. */
export function evidenceMatches(expected: EvidenceType, actual: EvidenceType): boolean {
  if (expected === 'KHÁC' || expected === 'VB') return true;
  return expected === actual;
}
