import { fold, tidy } from '../domain/text/normalize';

describe('text normalisation', () => {
  it('folds composed, decomposed and unaccented spellings to one form', () => {
    const composed = 'Quý II năm 2025 hoặc đột xuất';
    const decomposed = composed.normalize('NFD');
    expect(fold(composed)).toBe('quy ii nam 2025 hoac dot xuat');
    expect(fold(decomposed)).toBe(fold(composed));
    expect(fold('QUY II NAM 2025 HOAC DOT XUAT')).toBe(fold(composed));
  });

  it('keeps one character per character so spans found in folded text point into the original', () => {
    const text = 'Trước ngày 30 tháng 4 năm 2025';
    expect(fold(text)).toHaveLength(tidy(text).length);
    expect(fold(text.normalize('NFD'))).toHaveLength(tidy(text).length);
  });

  it('collapses line breaks from PDF table cells into single spaces', () => {
    expect(tidy('Quý II năm\n2025 hoặc\n  đột xuất ')).toBe('Quý II năm 2025 hoặc đột xuất');
  });
});

/** The definitions the fast paths must agree with. */
const tidyByDefinition = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
const foldByDefinition = (text: string) =>
  tidyByDefinition(text).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').normalize('NFC');

/** A seeded generator, so a failure names an input that reproduces. */
function randomText(seed: number, length: number): string {
  const pool = [
    ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789/.-–,;:()',
    ...'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ',
    ...'ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ',
    '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0306', '\u0302', '\u031b', '\u1dc4', '\u20d7',
    ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u202f', '\u3000', '\ufeff',
    'ß', 'İ', 'Ω', 'ﬁ', '😀', '\ud835\udc00',
  ];
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  let text = '';
  for (let i = 0; i < length; i++) text += pool[Math.floor(next() * pool.length)];
  return text;
}

describe('text normalisation, held to its definitions', () => {
  it('tidies and folds 5,000 random Vietnamese strings (any spacing, composed or decomposed) exactly as the definitions do', () => {
    for (let seed = 1; seed <= 5_000; seed++) {
      const raw = randomText(seed, 1 + (seed % 60));
      for (const text of [raw, raw.normalize('NFD'), raw.toUpperCase()]) {
        if (tidy(text) !== tidyByDefinition(text) || fold(text) !== foldByDefinition(text)) {
          throw new Error(`seed ${seed}: ${JSON.stringify(text)} → tidy ${JSON.stringify(tidy(text))}, fold ${JSON.stringify(fold(text))}`);
        }
      }
    }
  });
});
