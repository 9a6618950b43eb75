import { condition, sleep } from '@temporalio/workflow';

/** Sleeps one month at a time, as a monthly reminder row does. */
export async function monthlyTicker(months: number): Promise<number> {
  for (let i = 0; i < months; i++) await sleep('30 days');
  return months;
}

/** Stays open, as a row waiting for evidence does. */
export async function waitOpen(): Promise<void> {
  await condition(() => false);
}
