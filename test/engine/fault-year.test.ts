import { playFaultYear } from '../../scripts/chaos/fault-year';
import { randomSeed } from '../../scripts/chaos/fault-schedule';
import { startEngineHarness, YEAR } from './support';

/**
 * Issue 17's promise, tried over a year of the sample plan in digest mode under a seeded fault schedule
 * (scripts/chaos/fault-schedule.ts): a full mailbox for three weeks, a relay refusing for a day, an unknown address
 * until the office fixes it, the mail server down for two days, the worker stopped five times, the database down for an
 * hour, two imports at once and a head changed. CI runs the fixed seed and one random seed; a failing seed is replayed
 * with DONDOC_CHAOS_SEED=<seed> (`npm run chaos -- --seed <seed>` prints the same figures).
 */
const FIXED_SEED = 17;
const seeds = process.env.DONDOC_CHAOS_SEED ? [Number(process.env.DONDOC_CHAOS_SEED)] : [FIXED_SEED, randomSeed()];

describe('a year of the sample plan under a fault model', () => {
  it.each(seeds)('keeps every invariant with seed %i', async (seed) => {
    console.info(`[fault-year] seed ${seed} (replay: DONDOC_CHAOS_SEED=${seed} npx jest -c jest.serial.config.js test/engine/fault-year.test.ts)`);
    const h = await startEngineHarness(`fault-year/${seed}`);
    try {
      const result = await playFaultYear(h, seed, YEAR);
      for (const i of result.invariants) console.info(`[fault-year] seed ${seed}: ${i.ok ? 'đạt' : 'KHÔNG ĐẠT'} ${i.name}: ${i.detail}`);
      console.info(`[fault-year] seed ${seed}: ${result.mails} mails, ${result.faults.length} faults, ${result.seconds.toFixed(0)} s`);
      expect(result.faults.map((f) => f.kind).sort()).toEqual(['database-down', 'mailbox-full', 'relay-denied', 'smtp-down', 'unknown-address', ...Array(5).fill('worker-stopped')]);
      expect(result.invariants.filter((i) => !i.ok)).toEqual([]);
    } finally {
      await h.teardown();
    }
  }, 1_200_000);
});
