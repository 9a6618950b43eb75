/**
 * Text normalisation shared by every parser: users type with or without diacritics,
 * in upper case, or paste decomposed Unicode (NFD) from PDFs and Word.
 */

/** NFC, single spaces, trimmed: the form we store and show. */
export function tidy(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Lower case without diacritics ("Quý II" → "quy ii", "đột xuất" → "dot xuat"): the form we match. */
export function fold(text: string): string {
  return tidy(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}
