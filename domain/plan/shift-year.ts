import { PlanDocument } from './model';

const YEAR_IN_TEXT = /(?<!\d)(19|20)\d{2}(?!\d)/g;

/**
 * The same plan issued `years` later: every four-digit year in its dates and texts moves by as much ("Trước ngày
 * 30/4/2025" → "Trước ngày 30/4/2027", "năm 2024" → "năm 2026"). The demo replays the sample plan this way, because
 * Temporal's time-skipping server starts its clock today and cannot go back to the sample's own year.
 */
export function shiftPlanYears(doc: PlanDocument, years: number): PlanDocument {
  const shift = (text: string) => text.replace(YEAR_IN_TEXT, (y) => String(Number(y) + years));
  return {
    plan: { ...doc.plan, title: shift(doc.plan.title), date: shift(doc.plan.date) as typeof doc.plan.date, year: doc.plan.year + years },
    sections: doc.sections.map((s) => ({ ...s, title: shift(s.title) })),
    rows: doc.rows.map((r) => ({ ...r, content: shift(r.content), deadline: shift(r.deadline), output: shift(r.output), note: shift(r.note), ...(r.groupTitle ? { groupTitle: shift(r.groupTitle) } : {}) })),
  };
}
