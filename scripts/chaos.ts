/**
 * `npm run chaos -- --seeds 20`: the fault-model year of test/engine/fault-year.test.ts, for as many seeds as asked
 * (random ones, printed), or `--seed <n>` to replay one. Per seed it prints the seed, the wall time, the mails sent,
 * the faults as they happened and each invariant; it exits 1 if any invariant failed for any seed.
 */
import { playFaultYear } from './chaos/fault-year';
import { randomSeed } from './chaos/fault-schedule';
import { startEngineHarness, YEAR } from '../test/engine/support';

function seedsFrom(argv: string[]): number[] {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const one = value('--seed') ?? process.env.DONDOC_CHAOS_SEED;
  if (one !== undefined) {
    if (!/^\d+$/.test(one)) throw new Error(`--seed "${one}": cần một số nguyên không âm.`);
    return [Number(one)];
  }
  const count = value('--seeds') ?? '1';
  if (!/^[1-9]\d*$/.test(count)) throw new Error(`--seeds "${count}": cần số lần chạy, ví dụ --seeds 20.`);
  return Array.from({ length: Number(count) }, randomSeed);
}

async function main(): Promise<number> {
  const seeds = seedsFrom(process.argv.slice(2));
  const started = Date.now();
  const failedSeeds: number[] = [];
  for (const seed of seeds) {
    const h = await startEngineHarness(`chaos/${seed}`);
    try {
      const result = await playFaultYear(h, seed, YEAR);
      const failed = result.invariants.filter((i) => !i.ok);
      if (failed.length > 0) failedSeeds.push(seed);
      console.log(`seed ${seed}: ${result.seconds.toFixed(0)} s, ${result.mails} thư, ${result.faults.length} sự cố, ${failed.length === 0 ? 'đạt mọi bất biến' : `${failed.length} bất biến KHÔNG ĐẠT`}`);
      for (const f of result.faults) console.log(`  sự cố ${f.kind} ${new Date(f.from + 7 * 3600000).toISOString().slice(0, 16)} → ${new Date(f.to + 7 * 3600000).toISOString().slice(0, 16)}${f.email ? ` ${f.email}` : ''}${f.fixedTo ? ` → ${f.fixedTo}` : ''}`);
      for (const i of result.invariants) console.log(`  ${i.ok ? 'đạt' : 'KHÔNG ĐẠT'} ${i.name}: ${i.detail}`);
    } finally {
      await h.teardown();
    }
  }
  console.log(`${seeds.length} seed trong ${((Date.now() - started) / 1000).toFixed(0)} s; ${failedSeeds.length === 0 ? 'không có vi phạm' : `vi phạm ở seed ${failedSeeds.join(', ')} (chạy lại: npm run chaos -- --seed <seed>)`}`);
  return failedSeeds.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
