import { PlanDocument } from './model';

/**
 * A four-digit year, unless it is the middle of a legal document's number ("Nghị định 61/2018/NĐ-CP"): the law a plan
 * cites keeps its name whatever year the plan is replayed in.
 */
const YEAR_IN_TEXT = /(?<!\d)(19|20)\d{2}(?!\d)(?!\/\p{L})/gu;

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

/** The years `--nam` and the web's upload accept. */
export const TRIAL_YEARS = { min: 2000, max: 2100 } as const;

/**
 * A plan tried as the plan of `year` (`dondoc plan import --nam`, the web's upload): every date moves to that year,
 * and the title says so, so that nobody takes the trial for the plan the department issued. Its key changes with
 * the year ("16-KH-SKHCN-2026"), so it never mixes with the original's rows.
 */
export function planAsYear(doc: PlanDocument, year: number): PlanDocument {
  if (year === doc.plan.year) return doc;
  const shifted = shiftPlanYears(doc, year - doc.plan.year);
  return { ...shifted, plan: { ...shifted.plan, title: `${shifted.plan.title} (bản thử: kế hoạch năm ${doc.plan.year}, mọi ngày tháng chuyển sang năm ${year})` } };
}
