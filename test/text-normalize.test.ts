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
