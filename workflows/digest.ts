/**
 * The daily digest sender: one per deployment (task queue). Every day at the policy's hour it asks its activity to
 * claim what the rows have due and mail each person one digest; the activity skips days off. Deterministic: the day
 * and the cutoff come from the workflow clock, and every retry of a day's run is keyed by that day.
 */
import { allHandlersFinished, condition, continueAsNew, defineUpdate, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities, DigestRunResult } from '../activities/digests';
import { isoDateAt } from '../domain/dates';
import { firstRunAt, nextRunAt } from '../domain/notifications/digest-schedule';

const { sendDigests } = proxyActivities<DigestActivities>({
  // One run claims and sends every digest of the day; it reports progress per digest.
  startToCloseTimeout: '10 minutes',
  // Mail servers and databases recover in minutes to days: keep trying; the ledger makes a retry send nothing twice.
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export interface DigestWorkflowInput {
  /** Local hour (Asia/Ho_Chi_Minh) of the daily run. */
  hour: number;
  /** The last run's cutoff (epoch ms), carried across continue-as-new. */
  lastCutoff?: number;
  /**
   * How long a new sender's first run waits after its start: the rows of the import that started it record themselves
   * in the meantime, so its first digests carry the whole plan rather than the rows that happened to be recorded first.
   * Measured on the workflow's clock, not the importing machine's.
   */
  firstRunDelayMs?: number;
  /** The same wait as an instant on the importing machine's clock (epoch ms), as senders started before were given. */
  firstRunNotBefore?: number;
}

/**
 * `dondoc digest send`: today's run now, day off or not (after an outage, or for a first import late in the day).
 * It counts as today's run: what falls due later today goes in tomorrow's digest, so nobody gets two in one day.
 */
export const sendDigestsNowUpdate = defineUpdate<DigestRunResult & { day: string }, []>('sendDigestsNow');

/** Senders started before it may have their first run just after midnight, if their first wait crossed it. */
const PATCH_FIRST_RUN_AT_ITS_HOUR = 'first-run-at-its-hour';

/** A run a month keeps the history short (≈11 events a day). */
const RUNS_PER_HISTORY = 31;

/** The digest sender's workflow id on a task queue: one sender, whoever imports first starts it. */
export const digestWorkflowId = (taskQueue: string) => `thu-tong-hop/${taskQueue}`;

export async function digestWorkflow(input: DigestWorkflowInput): Promise<void> {
  let lastCutoff = input.lastCutoff;
  let asked = 0;
  let answered = 0;
  let lastResult: DigestRunResult & { day: string } = { day: '', workingDay: false, claimed: 0, sent: 0, rejected: 0 };
  setHandler(sendDigestsNowUpdate, async () => {
    const ticket = ++asked;
    await condition(() => answered >= ticket);
    return lastResult;
  });

  /** One run, for the clock or for whoever asked since the last one (they all get its result). */
  async function run(): Promise<void> {
    const manual = asked > answered;
    const serving = asked;
    // Woken late (a worker down past the hour): today's run carries whatever fell due since the last one.
    const cutoff = Date.now();
    const day = isoDateAt(cutoff);
    lastResult = { day, ...(await sendDigests({ day, cutoff, manual })) };
    answered = serving;
    lastCutoff = cutoff;
  }

  const firstNotBefore = input.firstRunNotBefore ?? workflowInfo().runStartTime.getTime() + (input.firstRunDelayMs ?? 0);
  for (let runs = 0; runs < RUNS_PER_HISTORY && !workflowInfo().continueAsNewSuggested; runs++) {
    const first = lastCutoff === undefined;
    const at =
      first && patched(PATCH_FIRST_RUN_AT_ITS_HOUR)
        ? firstRunAt(Date.now(), input.hour, firstNotBefore)
        : Math.max(nextRunAt(Date.now(), input.hour, lastCutoff), first ? input.firstRunNotBefore ?? 0 : 0);
    if (asked === answered && at > Date.now()) await condition(() => asked > answered, at - Date.now());
    await run();
  }
  // A "send now" that arrives after the last run is served here, not left waiting on a run that has ended.
  for (;;) {
    while (asked > answered) await run();
    await condition(() => asked > answered || allHandlersFinished());
    if (asked === answered) break;
  }
  await continueAsNew<typeof digestWorkflow>({ hour: input.hour, lastCutoff });
}
