/**
 * Precision before recall: what of a deadline cell no rule of the grammar consumed. A number left over (a day, a
 * month, a year, a count) is a date or a quantity the reading does not explain, so the reading is marked for the
 * office to confirm instead of being scheduled silently (issue 19).
 */

/** Numbers no parser consumed, as written in the folded text ("29", "26, 27, 28"). */
const NUMBER_LEFT = /\d+(?:\s*[,/.-]\s*\d+)*/g;

/** Left-over numbers that say nothing about time: item numbers ("1.", "a)") at the very start of the cell. */
const ITEM_NUMBER = /^\s*\d+(?:\.\d+)*[.)]\s/;

export function unexplainedNumbers(rest: string): string[] {
  const text = rest.replace(ITEM_NUMBER, (m) => ' '.repeat(m.length));
  return text.match(NUMBER_LEFT) ?? [];
}

export function unexplainedReason(numbers: string[]): string {
  const shown = numbers.slice(0, 3).map((n) => `"${n}"`).join(', ');
  return `Cách đọc cần xác nhận: ${numbers.length > 1 ? 'các số' : 'số'} ${shown}${numbers.length > 3 ? ' …' : ''} trong ô thời hạn chưa được quy tắc nào giải thích, nên hạn dưới đây có thể chưa đúng ý văn bản: Văn phòng hãy xác nhận hoặc ghi lại thời hạn.`;
}

/**
 * Several deadlines in one cell with nothing to say which part of the task each one closes ("trong tháng 11, tháng 12
 * năm 2025"): milestones need their labels, so the office says which work is due when.
 */
export function unlabelledDeadlines(dates: { nominal: string; role: string; label?: string }[]): string | null {
  const deadlines = dates.filter((d) => d.role === 'deadline');
  if (deadlines.length < 2 || deadlines.some((d) => d.label)) return null;
  const shown = deadlines.map((d) => d.nominal.split('-').reverse().join('/')).join(', ');
  return `Cách đọc cần xác nhận: ô thời hạn ghi ${deadlines.length} hạn (${shown}) mà không nói việc nào đến hạn khi nào: Văn phòng hãy ghi rõ từng mốc (ví dụ "Tháng 11: dự thảo; Tháng 12: ban hành") hoặc tách thành nhiều dòng.`;
}

/** What the assembler knows of a phrase when it asks whether a careful reader would ask back. */
export interface Reading {
  kind: 'once' | 'recurring' | 'event' | 'continuous';
  /** The folded cell, document references blanked. */
  folded: string;
  /** The cell with its document references kept ("theo chỉ đạo tại Thông báo số 12/TB-UBND"). */
  foldedWithReferences: string;
  /** Frequencies of every recurring rule the cell names. */
  frequencies: string[];
  /** How many periods (dates, months, quarters, years) the cell names. */
  periods: number;
}

const FREQUENCY_NAMES: Record<string, string> = {
  weekly: 'hằng tuần', monthly: 'hằng tháng', quarterly: 'hằng quý', 'half-yearly': '6 tháng', yearly: 'hằng năm', 'every-n-months': 'vài tháng một lần',
};

/**
 * Phrases that real documents use and that a careful reader would not schedule without asking (issue 19): each
 * returns what the office is told, or null. The reading itself is kept and shown, marked.
 */
const DOUBTS: ((r: Reading) => string | null)[] = [
  (r) => {
    const kinds = [...new Set(r.frequencies)];
    return kinds.length > 1
      ? `Cách đọc cần xác nhận: ô thời hạn ghi ${kinds.length} kỳ báo cáo (${kinds.map((f) => FREQUENCY_NAMES[f]).join(', ')}) mà một dòng chỉ theo dõi một kỳ (${FREQUENCY_NAMES[r.frequencies[0]]}): hãy tách mỗi kỳ báo cáo thành một dòng với hạn của nó.`
      : null;
  },
  (r) =>
    r.kind === 'continuous' && r.periods > 0
      ? 'Cách đọc cần xác nhận: ô thời hạn ghi cả một hạn và việc làm thường xuyên; dondoc theo dõi việc thường xuyên, còn hạn kia cần một dòng riêng (hoặc ghi rõ hạn đó là mốc gì).'
      : null,
  (r) =>
    /(?:nhung|cac)\s+nam\s+tiep theo/.test(r.folded)
      ? 'Cách đọc cần xác nhận: "… và những năm tiếp theo" là việc lặp lại mỗi năm sau năm đầu: hãy xác nhận hạn của năm đầu và ghi chu kỳ cho các năm sau (ví dụ "trước ngày 15/12 hằng năm").'
      : null,
  (r) =>
    /(?:^|\s)(?:den|toi)\s+khi\s/.test(r.folded)
      ? 'Cách đọc cần xác nhận: khoảng thời gian kết thúc "đến khi …" một việc xảy ra, không phải một ngày: hãy ghi hạn (hoặc để trống và mở lần thực hiện khi việc đó xảy ra).'
      : null,
  (r) =>
    r.kind === 'event' && /(?:^|\s)truoc\s+khi\s/.test(r.folded) && !/(?:^|\s)(?:sau khi|khi co|neu co|theo yeu cau|dot xuat)/.test(r.folded)
      ? 'Cách đọc cần xác nhận: "trước khi …" nói việc này phải xong trước một việc khác, không phải một sự kiện để chờ: hãy ghi hạn của việc này (thường là hạn của việc kia trừ đi vài ngày).'
      : null,
  (r) =>
    /theo\s+chi\s+dao\s+(?:tai|cua)\s/.test(r.foldedWithReferences) && /\d+\s*\/\s*[a-z]/.test(r.foldedWithReferences) && r.periods === 0
      ? 'Cách đọc cần xác nhận: ô thời hạn dẫn một văn bản đã có ("theo chỉ đạo tại …"), không phải một sự kiện sẽ đến: hãy ghi hạn mà văn bản đó đặt.'
      : null,
  (r) =>
    r.kind === 'once' && /bao cao\s+(?:0?6\s+thang|quy|nam|thang|9\s+thang)/.test(r.folded)
      ? 'Cách đọc cần xác nhận: "Báo cáo 6 tháng / quý / năm …" là tên kỳ báo cáo, không nói hạn gửi; hạn dưới đây là ngày cuối kỳ: hãy ghi hạn gửi báo cáo.'
      : null,
];

export function doubtOf(reading: Reading): string | null {
  for (const doubt of DOUBTS) {
    const reason = doubt(reading);
    if (reason) return reason;
  }
  return null;
}
