/** How the same phrase reaches the engine from different offices, PDFs and keyboards. */

export const stripDiacritics = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

export const SPELLINGS: [string, (s: string) => string][] = [
  ['as written', (s) => s],
  ['without diacritics', stripDiacritics],
  ['in upper case', (s) => s.toUpperCase()],
  ['in decomposed Unicode (NFD)', (s) => s.normalize('NFD')],
  ['broken across lines like a PDF cell', (s) => s.replace(/ /g, '\n')],
];

/** Every dash a cell may carry: hyphen, en dash, em dash, figure dash, minus sign. */
export const DASHES = ['-', '\u2013', '\u2014', '\u2012', '\u2212'];

/** A phrase written with `~` where a dash goes, in each dash. */
export const withEachDash = (phrase: string) => DASHES.map((dash) => phrase.replace(/~/g, dash));
