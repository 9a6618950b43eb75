import type { Store } from '../../activities/store/database';
import { choosePlan, PlanShown, planLabeller, plansShown } from '../plans-shown';
import { text } from './params';

export interface PlanFilter {
  plans: PlanShown[];
  /** The plan `?ke_hoach=` names, or null for all of them. */
  plan: PlanShown | null;
  /** A column says each line's plan while more than one plan is shown: two plans may both have a row "5.11". */
  showPlan: boolean;
  planOf: (rowKey: string) => string;
  /** What was wrong with `?ke_hoach=` (the list then shows every plan), for the page's notice. */
  error: string | null;
}

/** The `ke_hoach` query value of a list page, read against the plans in the read model. */
export async function planFilter(db: Store, value: unknown): Promise<PlanFilter> {
  const plans = await plansShown(db);
  const asked = text(value);
  const chosen = asked ? choosePlan(plans, asked) : null;
  const plan = chosen && 'plan' in chosen ? chosen.plan : null;
  return { plans, plan, showPlan: plans.length > 1 && !plan, planOf: planLabeller(plans), error: chosen && 'error' in chosen ? chosen.error : null };
}

/** Only the lines of the chosen plan (all of them when none is chosen). */
export const ofPlan = <T extends { rowKey: string }>(items: T[], filter: PlanFilter): T[] => (filter.plan ? items.filter((i) => i.rowKey.startsWith(`${filter.plan!.key}/`)) : items);
