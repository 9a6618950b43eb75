import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedDeadline {
  where: string;
  phrase: string;
  context?: string;
  kind: string;
  due: string[];
  trigger: boolean;
}

/** The seed plan's deadline phrases with their expected readings (a copy of ../shared/deadlines, so CI needs no sibling folder). */
export function loadSeedDeadlines(): SeedDeadline[] {
  const lines = readFileSync(join(__dirname, '..', 'fixtures', 'seed-plan-deadlines.tsv'), 'utf8').split('\n');
  return lines
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('where\t'))
    .map((line) => {
      const [where, phrase, context, kind, due, trigger] = line.split('\t');
      return {
        where,
        phrase,
        ...(context && context !== '-' ? { context } : {}),
        kind,
        due: due === '-' ? [] : due.split(';'),
        trigger: trigger === 'yes',
      };
    });
}
