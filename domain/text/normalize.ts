/**
 * Text normalisation shared by every parser: users type with or without diacritics,
 * in upper case, or paste decomposed Unicode (NFD) from PDFs and Word.
 */

/** Combining marks: only text carrying them can differ between NFC and NFD (Vietnamese uses U+0300–036F). */
const COMBINING = /[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/;
const UNTIDY_SPACE = /\s{2,}|[^\S ]|^\s|\s$/;

/** NFC, single spaces, trimmed: the form we store and show. */
export function tidy(text: string): string {
  const composed = COMBINING.test(text) ? text.normalize('NFC') : text;
  return UNTIDY_SPACE.test(composed) ? composed.replace(/\s+/g, ' ').trim() : composed;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case without diacritics ("Quý II" → "quy ii", "đột xuất" → "dot xuat"): the form we match. */
export function fold(text: string): string {
  const tidied = tidy(text);
  if (ASCII.test(tidied)) return tidied.toLowerCase();
  return tidied
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}
