import { PlanDocument } from './model';

/**
 * A legal document's reference, with the date or year it was issued when written after it ("Nghị định số 45/2020/NĐ-CP
 * ngày 08/4/2020", "Kế hoạch số 712/KH-UBND ngày 18/11/2024", "Quyết định 933/QĐ-TTg năm 2023"): the law and the
 * letters a plan cites keep their names and dates whatever year the plan is replayed in. Else a four-digit year.
 */
const REFERENCE_OR_YEAR = /(\d+\/(?:\d{4}\/)?\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*(?:\s+ngày\s+\d{1,2}(?:\/\d{1,2}\/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})|\s+năm\s+\d{4})?)|(?<!\d)((?:19|20)\d{2})(?!\d)/gu;

/**
 * The same plan issued `years` later: every four-digit year in its dates and texts moves by as much ("Trước ngày
 * 30/4/2025" → "Trước ngày 30/4/2027", "năm 2024" → "năm 2026"). The demo replays the sample plan this way, because
 * Temporal's time-skipping server starts its clock today and cannot go back to the sample's own year.
 */
export function shiftPlanYears(doc: PlanDocument, years: number): PlanDocument {
  const shift = (text: string) => text.replace(REFERENCE_OR_YEAR, (whole, reference: string | undefined, year: string | undefined) => (reference ? whole : String(Number(year) + years)));
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
