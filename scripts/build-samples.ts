/**
 * Regenerates samples/ke-hoach-16-KH-SKHCN-2025.xlsx and .csv from the JSON transcription of the
 * seed plan's appendix, so the three formats never drift apart. Run: npx tsx scripts/build-samples.ts
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPlanFile } from '../activities/plan-files/read-plan';
import { planToCsv, planToXlsx } from '../activities/plan-files/write-plan';

async function main(): Promise<void> {
  const base = join(__dirname, '..', 'samples', 'ke-hoach-16-KH-SKHCN-2025');
  const doc = await readPlanFile(`${base}.json`);
  await writeFile(`${base}.csv`, planToCsv(doc));
  await writeFile(`${base}.xlsx`, await planToXlsx(doc));
  process.stdout.write(`Đã ghi ${doc.rows.length} dòng vào ${base}.csv và ${base}.xlsx\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
