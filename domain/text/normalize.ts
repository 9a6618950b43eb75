/**
 * Text normalisation shared by every parser: users type with or without diacritics,
 * in upper case, or paste decomposed Unicode (NFD) from PDFs and Word.
 *
 * The deadline engine folds every phrase it reads, so these run by character code in one pass rather than through
 * whole-string regular expressions and normalisations; `test/text-normalize.test.ts` holds them to the plain
 * definitions (`\s`, NFC, NFD without marks) on random text.
 */

/** What JavaScript's `\s` matches. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Combining marks: only text carrying them can differ between NFC and NFD (Vietnamese uses U+0300–036F). */
function isCombining(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f);
}

function hasCombining(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x300 && isCombining(c)) return true;
  }
  return false;
}

/** Whether the text has a space other than single U+0020s between words. */
function hasUntidySpace(text: string): boolean {
  let afterSpace = true; // a leading space is untidy
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return true;
      afterSpace = true;
    } else if (isSpace(c)) {
      return true;
    } else {
      afterSpace = false;
    }
  }
  return afterSpace && text.length > 0; // a trailing space
}

/** NFC, single spaces, trimmed: the form we store and show. */
export function tidy(text: string): string {
  const composed = hasCombining(text) ? text.normalize('NFC') : text;
  return hasUntidySpace(composed) ? composed.replace(/\s+/g, ' ').trim() : composed;
}

const MARKS = /[\u0300-\u036f]/g;

function foldSlowly(text: string): string {
  return text.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').normalize('NFC');
}

/** Each non-ASCII character of the BMP folded once and remembered: Vietnamese text repeats a few dozen letters. */
const foldedUnits = new Array<string | undefined>(0x10000);

function foldUnit(c: number, char: string): string {
  let folded = foldedUnits[c];
  if (folded === undefined) {
    folded = foldSlowly(char);
    foldedUnits[c] = folded;
  }
  return folded;
}

/** `fold` of text that is already tidy (the engine tidies each phrase once and folds it after). */
export function foldTidy(tidied: string): string {
  const lower = tidied.toLowerCase();
  let out = '';
  let start = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c < 0x80) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < lower.length) {
      out += lower.slice(start, i) + foldSlowly(lower.slice(i, i + 2)); // a character beyond the BMP: rare, not cached
      start = ++i + 1;
      continue;
    }
    out += lower.slice(start, i) + foldUnit(c, lower[i]);
    start = i + 1;
  }
  if (start === 0) return lower;
  out += lower.slice(start);
  // A mark NFC could not compose onto its letter (outside Vietnamese) may still compose across characters.
  return hasCombining(out) ? foldSlowly(out) : out;
}

/** Lower case without diacritics ("Quý II" → "quy ii", "đột xuất" → "dot xuat"): the form we match. */
export function fold(text: string): string {
  return foldTidy(tidy(text));
}
