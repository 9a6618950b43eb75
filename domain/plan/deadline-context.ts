import { fold } from '../text/normalize';
import { tidy } from '../text/normalize';

/**
 * Picks, from a row's other cells, the clauses that sharpen its deadline ("chậm nhất là ngày 19 của
 * tháng cuối quý", "trước ngày 22 hàng tháng", "chậm nhất sau 03 ngày", "Trong Quý II năm 2025",
 * "ít nhất 1 tin, bài viết/tuần") so the deadline engine reads them as context.
 */
const DEADLINE_WORDS =
  /cham nhat|truoc ngay|khong qua|trong thoi gian|trong vong|ngay sau khi|sau khi|hang thang|hang quy|hang tuan|hang nam|\/\s*tuan|dinh ky|trong quy|ke tu ngay|truong hop/;

export function pickDeadlineContext(cells: { note?: string; content?: string; output?: string }): string | undefined {
  const clauses: string[] = [];
  for (const text of [cells.note, cells.content, cells.output]) {
    if (!text) continue;
    for (const clause of tidy(text).split(/(?<=[.;])\s+|[()]/)) {
      const trimmed = clause.trim();
      if (trimmed && DEADLINE_WORDS.test(fold(trimmed)) && !clauses.includes(trimmed)) clauses.push(trimmed);
    }
  }
  return clauses.length > 0 ? clauses.join(' ') : undefined;
}
