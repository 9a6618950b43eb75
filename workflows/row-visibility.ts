/**
 * Keeps what Temporal shows of a row current (domain/tracking/row-visibility.ts): its search attributes and memo are
 * upserted when they differ from what the server holds, and the row wakes when its status changes with time alone.
 * Gated by a patch, so rows whose histories were written without these commands replay as they were written.
 */
import { patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { RowState } from '../domain/tracking/row-state';
import { nextVisibilityChangeAt, rowMemo, rowSearchAttributes, sameAttributes, sameMemo } from '../domain/tracking/row-visibility';

export const PATCH_ROW_VISIBILITY = 'row-visibility';

/** Upserts the row's attributes and memo where they differ from the workflow's own (start values, earlier upserts). */
export function refreshRowVisibility(state: RowState): void {
  if (!patched(PATCH_ROW_VISIBILITY)) return;
  const attributes = rowSearchAttributes(state, Date.now());
  const info = workflowInfo();
  if (!sameAttributes(attributes, info.searchAttributes as Record<string, readonly unknown[]>)) upsertSearchAttributes(attributes);
  const memo = rowMemo(state.spec);
  if (!sameMemo(memo, info.memo)) upsertMemo({ ...memo });
}

/**
 * When the row waits next: its next step (`stepAt`), or sooner when its listed status changes with time. Rows
 * written before the patch wait for their step alone, as their histories say.
 */
export function rowWakeAt(state: RowState, stepAt: number | undefined): number | undefined {
  if (!patched(PATCH_ROW_VISIBILITY)) return stepAt;
  const change = state.ended ? undefined : nextVisibilityChangeAt(state.occurrences, Date.now());
  return change === undefined ? stepAt : stepAt === undefined ? change : Math.min(change, stepAt);
}
