/**
 * `npm run corpus`: how well the deadline reader reads the corpus of real cells (test/corpus/deadlines/cells.tsv):
 * accuracy overall and per family, accuracy among readings not marked "cần xác nhận", and every confident-and-wrong
 * reading. `--verbose` lists every cell. Exits 1 when accuracy falls below the figure recorded in recorded.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCorpus } from '../test/corpus/deadlines/evaluate';

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);
const report = evaluateCorpus();
const recorded = JSON.parse(readFileSync(join(__dirname, '..', 'test', 'corpus', 'deadlines', 'recorded.json'), 'utf8')) as { accuracy: number };
const out: string[] = [
  `Kho ô thời hạn thật: ${report.cells} ô từ ${report.documents} văn bản.`,
  `Đọc đúng: ${report.right}/${report.cells} (${pct(report.right, report.cells)}); mức đã ghi nhận: ${(100 * recorded.accuracy).toFixed(1)} %.`,
  `Trong các cách đọc không đánh dấu "cần xác nhận": đúng ${report.unmarkedRight}/${report.unmarked} (${pct(report.unmarkedRight, report.unmarked)}).`,
  `Đọc sai mà không hỏi lại: ${report.confidentAndWrong.length}.`,
  'Theo nhóm:',
  ...report.families.map((f) => `  ${f.family.padEnd(20)} ${f.right}/${f.cells} (${pct(f.right, f.cells)})`),
];
for (const r of report.confidentAndWrong) out.push(`  SAI, KHÔNG HỎI LẠI: "${r.cell.cell}" → ${r.got}; mong đợi ${r.cell.kind ?? 'cần xác nhận'} ${r.cell.dates.join(';')} (${r.cell.number}, ${r.cell.issuer})`);
if (process.argv.includes('--verbose')) {
  for (const r of report.results) out.push(`${r.right ? 'đúng' : 'SAI '} ${r.marked ? '[hỏi lại]' : '         '} "${r.cell.cell}" → ${r.got}`);
}
process.stdout.write(`${out.join('\n')}\n`);
if (report.accuracy + 1e-9 < recorded.accuracy) {
  process.stdout.write(`Độ chính xác ${pct(report.right, report.cells)} thấp hơn mức đã ghi nhận ${(100 * recorded.accuracy).toFixed(1)} %.\n`);
  process.exitCode = 1;
}
