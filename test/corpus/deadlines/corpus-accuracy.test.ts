import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCorpus, loadCorpus } from './evaluate';

const root = join(__dirname, '..', '..', '..');
const recorded = JSON.parse(readFileSync(join(__dirname, 'recorded.json'), 'utf8')) as { accuracy: number; cells: number; confidentAndWrong: string[] };

describe('the corpus of real deadline cells', () => {
  it('gives every cell its document, issuer and source address', () => {
    for (const c of loadCorpus()) {
      expect({ cell: c.cell, ok: c.cell.trim() !== '' && c.issuer !== '' && c.number !== '' && /^https?:\/\//.test(c.source) && c.year >= 2023 && c.year <= 2026 }).toEqual({ cell: c.cell, ok: true });
    }
  });

  // A real cell the reader gets wrong without asking stays in the corpus (it is the finding) and is listed by name in
  // recorded.json; any other confident-and-wrong reading fails, so the list can only shrink.
  it('reads at least the recorded share of cells right, and no cell wrong without asking beyond the recorded ones', () => {
    const report = evaluateCorpus();
    expect(report.cells).toBeGreaterThanOrEqual(recorded.cells);
    expect(report.accuracy).toBeGreaterThanOrEqual(recorded.accuracy);
    const wrong = report.confidentAndWrong.map((r) => r.cell.cell);
    expect(wrong.filter((c) => !recorded.confidentAndWrong.includes(c))).toEqual([]);
  });

  it('counts a confident reading of a cell a careful reader would ask about as wrong', () => {
    const [result] = evaluateCorpus([{ cell: 'Tháng 11/2025', year: 2025, family: 'thử', kind: null, dates: [], confirm: true, number: '1/TB', issuer: 'thử', source: 'https://example.org' }]).results;
    expect(result).toMatchObject({ right: false, marked: false });
  });

  it('prints the figures through npm run corpus', () => {
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/corpus.ts'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Kho ô thời hạn thật: \d+ ô từ \d+ văn bản\./);
    expect(run.stdout).toContain(`Đọc sai mà không hỏi lại: ${evaluateCorpus().confidentAndWrong.length}.`);
    expect(run.stdout).toContain('Theo nhóm:');
  }, 60_000);
});
