/**
 * Inputs that once made, or could make, a backtracking pattern of the deadline grammar slow: runs of what its
 * patterns repeat (digits, dates, bound words, range joins, document references) and random text over its words.
 * Shared by the growth test and `bench/parse-time.ts`.
 */

/** A small seeded generator (LCG), so a failing input can be rebuilt from its name. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const WORDS = ['ngày', 'tháng', 'năm', 'quý', 'II', 'trước', 'chậm nhất', 'đến', 'hết', 'từ', 'hằng', 'hàng', 'định kỳ', 'và', 'hoặc', 'khi', 'sau khi', 'thường xuyên', 'đột xuất', 'làm việc', 'số', 'Kế hoạch', '/KH-UBND', '1', '05', '12', '30/4', '2025', '/', '-', '–', ',', '.', '(', ')', ':'];
const CHARS = '0123456789/-–.,:;() aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạầấẩẫậềếểễệồốổỗộờớởỡợừứửữựỳýỷỹỵQUÝTHÁNGNĂM';

function repeat(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export const PARSE_TIME_INPUTS: Record<string, (size: number) => string> = {
  'chữ số liền nhau': (n) => repeat('1', n),
  'chữ số và dấu chấm': (n) => repeat('1.', n),
  'chữ số và gạch ngang': (n) => repeat('1-', n),
  'chữ số và dấu cách': (n) => repeat('12 ', n),
  'ngày tháng năm lặp lại': (n) => repeat('30/4/2025 ', n),
  'số văn bản không có ký hiệu': (n) => `Kế hoạch số ${repeat('7', n - 20)}/`,
  'số văn bản lặp lại': (n) => repeat('Kế hoạch số 12/KH-UBND ngày 1/2/2025 ', n),
  '"ngày" lặp lại': (n) => repeat('ngày ', n),
  '"tháng 1" lặp lại': (n) => repeat('tháng 1 ', n),
  '"quý I" lặp lại': (n) => repeat('quý I ', n),
  '"trước ngày" lặp lại': (n) => repeat('trước ngày ', n),
  '"từ 1 đến" lặp lại': (n) => repeat('từ 1 đến ', n),
  '"hằng" lặp lại': (n) => repeat('hằng ', n),
  '"khi có" lặp lại': (n) => repeat('khi có ', n),
  'từ ngữ ngẫu nhiên': (n) => {
    const r = random(19);
    let s = '';
    while (s.length < n) s += WORDS[Math.floor(r() * WORDS.length)] + (r() < 0.7 ? ' ' : '');
    return s.slice(0, n);
  },
  'ký tự ngẫu nhiên': (n) => {
    const r = random(18);
    let s = '';
    while (s.length < n) s += CHARS[Math.floor(r() * CHARS.length)];
    return s;
  },
};

/** The phrases under which the grammar reads a context clause: the adversarial text goes there. */
export const CONTEXT_READERS = ['Hàng quý', 'Thường xuyên', 'Khi có văn bản yêu cầu'];
