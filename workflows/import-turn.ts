/**
 * One import of a plan at a time. An import holds its plan by running this workflow under the plan's turn id: the
 * server refuses a second start while it runs, with no worker needed (plan import works before the worker starts).
 * The import signals it when done (and terminates it if no worker completes it soon); an import killed midway leaves
 * it to its execution timeout, the lease.
 */
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** The import is done: the turn ends as a completed workflow. */
export const releaseTurnSignal = defineSignal('traLuot');

/** Who holds the turn, in its memo: said to the import that is refused. */
export const IMPORT_TURN_MEMO = 'nguoiNhap';

/** How long a turn lasts at most: the longest a killed import blocks the next one (a province's plan imports in seconds). */
export const IMPORT_LEASE_MS = 10 * 60 * 1000;

export const importTurnId = (planKey: string) => `nhap-ke-hoach/${planKey}`;

export async function importTurnWorkflow(): Promise<void> {
  let released = false;
  setHandler(releaseTurnSignal, () => void (released = true));
  // Holds the turn until its import releases it, or its execution timeout (the lease) ends it.
  await condition(() => released);
}
