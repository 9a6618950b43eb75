import { PlanRow } from '../../domain/plan/model';

/** A row's text by the field its column names, as a table reader sees it before deciding what the row is. */
export type RowTexts = Partial<Record<keyof PlanRow, string>>;

/** A group row names no unit, time or output: only a number and a title. */
const TASK_FIELDS: (keyof PlanRow)[] = ['lead', 'coordinating', 'deadline', 'output'];
const ROMAN_OR_LETTER = /^([IVXLC]+|[A-ZĐ])[.)]?$/u;
const ARABIC = /^(\d+)[.)]?$/;
const SUB_ITEM = /^([a-zđ]|[-+*•])[.)]?$/u;

/**
 * A group row of a plan table: "I | Công tác chỉ đạo" or "A | …" (a Roman number or a capital letter), or an Arabic
 * "1 | Công tác tuyên truyền" whose next row is numbered under it ("1.1", "a)", "-"). It groups the tasks below it
 * and is no task itself.
 */
export function groupOf(row: RowTexts, nextOrder: string | undefined): { group: string; groupTitle: string } | null {
  const order = (row.order ?? '').trim();
  const title = (row.content ?? '').trim();
  if (order === '' || title === '' || TASK_FIELDS.some((f) => (row[f] ?? '').trim() !== '')) return null;
  const roman = ROMAN_OR_LETTER.exec(order);
  if (roman) return { group: roman[1], groupTitle: title };
  const arabic = ARABIC.exec(order);
  if (!arabic || nextOrder === undefined) return null;
  const under = (nextOrder.startsWith(`${arabic[1]}.`) && nextOrder.length > arabic[1].length + 1) || SUB_ITEM.test(nextOrder);
  return under ? { group: arabic[1], groupTitle: title } : null;
}

/** "1", "1.2", "II", "a)", "-": the text of a row-number cell, never a header word. */
export const ROW_NUMBER = /^(\d+(\.\d+)*|[IVXLC]+|[a-zđ]|[-+*•])[.)]?$/iu;
