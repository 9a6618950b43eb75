import { deadlineJson } from '../../client/commands/deadline';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { loadSeedDeadlines, SeedDeadline } from '../support/seed-deadlines';
import { SPELLINGS } from '../support/spellings';

const seeds = loadSeedDeadlines();

function read(seed: SeedDeadline, transform: (s: string) => string) {
  return deadlineJson(parseDeadline({ text: transform(seed.phrase), context: seed.context && transform(seed.context), year: 2025 }));
}


describe('every deadline phrase of the seed plan (Kế hoạch 16/KH-SKHCN)', () => {
  it('has the whole file to read', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(35);
  });

  describe.each(SPELLINGS)('%s', (_label, transform) => {
    it.each(seeds.map((s) => [s.where, s.phrase, s] as const))('reads %s "%s" as the file says', (_where, _phrase, seed) => {
      const json = read(seed, transform);
      expect({ kind: json.kind, due: json.due, trigger: json.trigger }).toEqual({ kind: seed.kind, due: seed.due, trigger: seed.trigger });
      expect(json.effectiveDue).toHaveLength(json.due.length);
    });
  });
});
