import { join } from 'node:path';
import { readSavedHistories } from '../support/histories';
import { replayHistories } from '../support/replay';
import { engineBundle } from './support';

/**
 * The histories of whole simulated years (`npm run demo -- --histories F`, on Temporal's time-skipping server: 112
 * rows and their plan, with evidence, reviews, returns, triggers, check-ins and escalations) replay against the
 * current workflow code. They were written by earlier versions of the code, as running rows are: a change that would
 * break those rows fails here. Regenerate a file only when the rows it stands for could no longer be running.
 */
describe('years of rows written by earlier code', () => {
  it.each([
    // Rows mailing each step, written before daily digests existed.
    ['demo-histories.bin.gz', 113],
    // Rows delivering through daily digests, with the digest sender's last run.
    ['demo-histories-digest.bin.gz', 114],
  ])('replays every history of %s against the current workflow code', async (file, count) => {
    const histories = readSavedHistories(join(__dirname, '..', 'fixtures', file));
    expect(histories).toHaveLength(count);
    expect(await replayHistories(await engineBundle(), histories)).toBe(count);
    // ≈17 s alone; several times that beside the year-long equivalence test on two cores. A replay checks
    // correctness, not speed: the bound only stops a hang.
  }, 600_000);
});
