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
