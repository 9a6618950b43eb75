/**
 * Deadline engine throughput: phrases parsed per second on one core, over the seed plan's phrases and
 * their spelling variants, with per-phrase latency percentiles. Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeadline } from '../domain/deadline/parse-deadline';

const tsv = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'seed-plan-deadlines.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#') && !l.startsWith('where\t'))
  .map((l) => l.split('\t'))
  .map(([, text, context]) => ({ text, context: context === '-' ? undefined : context }));

const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const inputs = tsv
  .flatMap((p) => [
    p,
    { text: strip(p.text), context: p.context && strip(p.context) },
    { text: p.text.toUpperCase(), context: p.context?.toUpperCase() },
    { text: p.text.normalize('NFD'), context: p.context?.normalize('NFD') },
  ])
  .map((p) => ({ ...p, year: 2025 }));

for (let i = 0; i < 20_000; i++) parseDeadline(inputs[i % inputs.length]);

const rounds = 300_000;
const start = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) parseDeadline(inputs[i % inputs.length]);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const samples: number[] = [];
for (let i = 0; i < 20_000; i++) {
  const t = process.hrtime.bigint();
  parseDeadline(inputs[i % inputs.length]);
  samples.push(Number(process.hrtime.bigint() - t) / 1e3);
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.floor((samples.length - 1) * p)].toFixed(1);

process.stdout.write(
  [
    `phrases: ${inputs.length} distinct inputs (${tsv.length} seed phrases × 4 spellings, with context)`,
    `throughput: ${Math.round(rounds / seconds).toLocaleString('en-US')} phrases/s on one core (${rounds.toLocaleString('en-US')} parses in ${seconds.toFixed(2)} s)`,
    `latency per phrase: p50 ${pct(0.5)} µs, p99 ${pct(0.99)} µs`,
  ].join('\n') + '\n',
);
