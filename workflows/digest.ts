/**
 * The daily digest sender: one per deployment (task queue). Every day at the policy's hour it asks its activity to
 * claim what the rows have due and mail each person one digest; the activity skips days off. Deterministic: the day
 * and the cutoff come from the workflow clock, and every retry of a day's run is keyed by that day.
 */
import { allHandlersFinished, condition, continueAsNew, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities, DigestRunResult } from '../activities/digests';
import { addDays, isoDateAt } from '../domain/dates';
import { atLocalHour } from '../domain/policy/reminders';

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
   * A new sender's first run waits until then (epoch ms): the rows of the import that started it record themselves in
   * the meantime, so its first digests carry the whole plan rather than the rows that happened to be recorded first.
   */
  firstRunNotBefore?: number;
}

/**
 * `dondoc digest send`: today's run now, day off or not (after an outage, or for a first import late in the day).
 * It counts as today's run: what falls due later today goes in tomorrow's digest, so nobody gets two in one day.
 */
export const sendDigestsNowUpdate = defineUpdate<DigestRunResult & { day: string }, []>('sendDigestsNow');

/** A run a month keeps the history short (≈11 events a day). */
const RUNS_PER_HISTORY = 31;

/** The digest sender's workflow id on a task queue: one sender, whoever imports first starts it. */
export const digestWorkflowId = (taskQueue: string) => `thu-tong-hop/${taskQueue}`;

/**
 * When the next run is due: today's hour unless today's run is done, else tomorrow's. Started after today's hour,
 * it runs at once, so a plan imported at ten hears of what is already due the same day.
 */
export function nextRunAt(now: number, hour: number, lastCutoff?: number): number {
  const today = isoDateAt(now);
  const todays = atLocalHour(today, hour);
  if (lastCutoff === undefined) return Math.max(now, todays);
  return lastCutoff >= todays || isoDateAt(lastCutoff) === today ? atLocalHour(addDays(today, 1), hour) : todays;
}

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

  for (let runs = 0; runs < RUNS_PER_HISTORY && !workflowInfo().continueAsNewSuggested; runs++) {
    const at = Math.max(nextRunAt(Date.now(), input.hour, lastCutoff), lastCutoff === undefined ? input.firstRunNotBefore ?? 0 : 0);
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
