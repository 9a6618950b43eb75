/**
 * One plan row as a durable workflow. The row (workflows/row-entity.ts) holds the state and the rules; its delivery
 * (workflows/row-delivery.ts) carries out what it owes; this function wires Temporal to them: one handler per update,
 * and a loop that delivers, records, ends the row when its time is over, and sleeps until the next thing to do.
 * Deterministic: time is the workflow's clock, every effect goes through an activity with an idempotency key.
 */
import { allHandlersFinished, condition, deprecatePatch, makeContinueAsNewFunc, patched, proxyActivities, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import type { ReadModelActivities } from '../activities/read-model';
import { FINGERPRINT_MEMO, importFingerprint } from '../domain/plan/row-fingerprint';
import type { RowState } from '../domain/tracking/row-state';
import {
  calendarQuery,
  calendarUpdate,
  cancelUpdate,
  extendDeadlineUpdate,
  reassignUpdate,
  reviewEvidenceUpdate,
  RowWorkflowInput,
  stateQuery,
  submitEvidenceUpdate,
  triggerUpdate,
  updateSpecUpdate,
} from './definitions';
import { deliveryOf } from './row-delivery';
import { Row } from './row-entity';
import { refreshRowVisibility, rowWakeAt } from './row-visibility';

const { recordRow } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30 seconds',
  // A database restart must not lose a change: retry until it is written (every write is an upsert).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Changes to the row's commands, gated so that rows already running replay their history as it was written (see
 * "Changing the row workflow" in the README). Every saved history took the first two, so their old branches are gone
 * and only the markers stay where those histories have them.
 */
const PATCH_RECORD_UNTIL_SETTLED = 'record-until-settled';
const PATCH_DAILY_DIGEST = 'daily-digest';
/** Steps missed before the row started become one "overdue at import" line; weekly repeats have no cap. */
const PATCH_OWED_SINCE_START = 'owed-since-start';
/** A row that ends says when and why: one more record of the row, which histories written before it do not have. */
const PATCH_END_SAYS_WHY = 'end-says-why';
/** Per-step mail under the digest's rules: 3 days of retries then listed, addresses from the newest saved directory. */
const PATCH_STEP_MAIL_POLICY = 'step-mail-policy';

/** A safety bound besides the server's suggestion: a recurring row carries few events per occurrence. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 8000;

export async function rowWorkflow(input: RowWorkflowInput): Promise<RowState> {
  const owesSinceStart = input.owesSinceStart ?? (input.state === undefined && patched(PATCH_OWED_SINCE_START));
  const stepMailPolicy = input.stepMailPolicy ?? (input.state === undefined && patched(PATCH_STEP_MAIL_POLICY));
  const row = new Row(input, workflowInfo().runStartTime.getTime(), owesSinceStart, stepMailPolicy);
  const delivery = () => deliveryOf(row);

  /** Brings the read model up to date; a change that arrives while `recordRow` is in flight is recorded next round. */
  async function record(): Promise<void> {
    deprecatePatch(PATCH_RECORD_UNTIL_SETTLED);
    for (let next = row.unrecorded(); next; next = row.unrecorded()) {
      await recordRow(next.change);
      row.recordedUpTo(next.mark);
    }
  }

  setHandler(submitEvidenceUpdate, (s) => row.submitEvidence(s), { validator: (s) => row.validateSubmission(s) });
  setHandler(
    reviewEvidenceUpdate,
    async (r) => {
      const notice = row.review(r);
      if (notice) await delivery().notify(notice);
      row.changed = true;
      return row.statusOf(r.occurrenceId);
    },
    { validator: (r) => row.validateReview(r) },
  );
  setHandler(triggerUpdate, (t) => row.trigger(t), { validator: (t) => row.validateTrigger(t) });
  setHandler(extendDeadlineUpdate, (x) => row.extend(x), { validator: (x) => row.validateExtension(x) });
  setHandler(cancelUpdate, (c) => row.cancel(c), { validator: (c) => row.validateCancel(c) });
  setHandler(updateSpecUpdate, (u) => {
    upsertMemo({ [FINGERPRINT_MEMO]: importFingerprint(u.spec, u.policy, u.contacts) });
    return row.updateSpec(u);
  });
  setHandler(reassignUpdate, (r) => row.reassign(r), { validator: (r) => row.validateReassign(r) });
  setHandler(
    calendarUpdate,
    async (change) => {
      const { moved, notices } = row.changeCalendar(change);
      for (const notice of notices) await delivery().notify(notice);
      row.changed = true;
      return { moved };
    },
    { validator: (change) => row.validateCalendarChange(change) },
  );
  setHandler(stateQuery, (options) => row.view(delivery().planned(), options));
  setHandler(calendarQuery, () => row.state.calendar);

  for (;;) {
    const digest = row.wantsDigest();
    if (digest) deprecatePatch(PATCH_DAILY_DIGEST);
    row.settleDelivery(digest);
    await delivery().deliverDue();
    await record();
    // What Temporal lists of the row (search attributes, memo) follows its state.
    refreshRowVisibility(row.state);

    const ending = row.ending();
    if (ending) {
      // Said in the row's log and the read model, so the web and the CLI show the row as ended and why.
      if (patched(PATCH_END_SAYS_WHY)) row.end(ending);
      break;
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS) {
      await condition(allHandlersFinished);
      await record();
      // The memo (what the plan file last said) goes with the row into its next run.
      await makeContinueAsNewFunc<typeof rowWorkflow>({ memo: workflowInfo().memo })(row.snapshot());
    }
    // The next delivery, or sooner when the row's listed status changes with time alone.
    const next = rowWakeAt(row.state, delivery().nextAt());
    const wait = next !== undefined ? Math.max(1, next - Date.now()) : row.idleWait();
    row.changed = false;
    // Nothing left to deliver and the plan year over: only a person (evidence, review, trigger) moves the row now.
    await (wait === undefined ? condition(() => row.changed) : condition(() => row.changed, wait));
  }
  await condition(allHandlersFinished);
  await record();
  return row.state;
}
