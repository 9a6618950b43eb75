import { join } from 'node:path';
import { readSavedHistories } from '../support/histories';
import { replayHistories } from '../support/replay';
import { engineBundle } from './support';

/**
 * The histories of a whole simulated year (`npm run demo -- --histories test/fixtures/demo-histories.bin.gz`, on
 * Temporal's time-skipping server: 112 rows and their plan, with evidence, reviews, returns, triggers, check-ins and
 * escalations) replay against the current workflow code. They were written by an earlier version of the code, as
 * running rows are: a change that would break those rows fails here. Regenerate the file only when the rows it stands
 * for could no longer be running.
 */
describe('a year of rows written by earlier code', () => {
  it('replays every history of the demo year against the current workflow code', async () => {
    const histories = readSavedHistories(join(__dirname, '..', 'fixtures', 'demo-histories.bin.gz'));
    expect(histories).toHaveLength(113);
    expect(await replayHistories(await engineBundle(), histories)).toBe(113);
  }, 180_000);
});
