import type { Store } from '../activities/store/database';
import { planKey } from '../domain/plan/model';

/**
 * The plans in the read model, as lists name them. Two plans may both have a row "5.11" (the 2025 plan and the same
 * plan tried as this year's): wherever more than one plan is shown, each line says which plan, and lists filter by it.
 */
export interface PlanShown {
  /** "16-KH-SKHCN-2025": the business key, the value of `--ke-hoach` and of `?ke_hoach=`. */
  key: string;
  number: string;
  year: number;
  title: string;
  /** "16/KH-SKHCN (2025)": short enough for a column, unique because the key is number and year. */
  label: string;
}

export async function plansShown(db: Store): Promise<PlanShown[]> {
  const rows = await db.selectFrom('plans').select(['plan_key as key', 'number', 'year', 'title']).orderBy('year').orderBy('number').execute();
  return rows.map((p) => ({ ...p, year: Number(p.year), label: `${p.number} (${p.year})` }));
}

/** "16-KH-SKHCN-2025/3.4" → "16-KH-SKHCN-2025". */
export const planKeyOf = (rowKey: string): string => rowKey.slice(0, rowKey.indexOf('/'));

/** A plan's label by the key of one of its rows, for list lines; the key itself when the plan is not recorded. */
export function planLabeller(plans: PlanShown[]): (rowKey: string) => string {
  const byKey = new Map(plans.map((p) => [p.key, p.label]));
  return (rowKey) => byKey.get(planKeyOf(rowKey)) ?? planKeyOf(rowKey);
}

/** Accepts the key, the number ("16/KH-SKHCN", "16/kh-skhcn") or the number with its year, with or without diacritics. */
const comparable = (s: string) => planKey({ number: s.trim(), year: 0 }).slice(0, -2).toLowerCase().replace(/-+/g, '-').replace(/^-|-$/g, '');

export type PlanChoice = { plan: PlanShown } | { error: string };

/** Which plan a filter names: exactly one, or an error that lists the plans there are. */
export function choosePlan(plans: PlanShown[], asked: string): PlanChoice {
  const wanted = comparable(asked);
  const exact = plans.filter((p) => comparable(p.key) === wanted || comparable(`${p.number} ${p.year}`) === wanted || comparable(p.label) === wanted);
  const byNumber = exact.length ? exact : plans.filter((p) => comparable(p.number) === wanted);
  if (byNumber.length === 1) return { plan: byNumber[0] };
  const known = plans.length ? `Các kế hoạch có: ${plans.map((p) => `${p.key} (Kế hoạch số ${p.label})`).join(', ')}.` : 'Cơ sở dữ liệu theo dõi chưa có kế hoạch nào (nhập bằng dondoc plan import).';
  if (byNumber.length > 1) return { error: `Có ${byNumber.length} kế hoạch số ${byNumber[0].number} (các năm ${byNumber.map((p) => p.year).join(', ')}): hãy ghi cả năm, ví dụ "${byNumber[0].key}". ${known}` };
  return { error: `Không có kế hoạch "${asked}" trong cơ sở dữ liệu theo dõi. ${known}` };
}
