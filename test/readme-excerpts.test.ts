import { readFileSync } from 'node:fs';
import { buildExcerpts, differences, EXCERPTS, README, readmeBlocks, withExcerpts } from '../scripts/readme-excerpts';

jest.setTimeout(240_000);

/**
 * The README's command excerpts are what the commands print today, on the fixed setup of scripts/readme-excerpts.ts
 * (real runs of bin/dondoc). When a command's output changes, this fails naming the block; `npm run readme:excerpts`
 * rewrites them.
 */
describe('the README\'s excerpts', () => {
  let blocks: Map<string, string>;
  beforeAll(async () => {
    blocks = await buildExcerpts();
  });

  it('are exactly what the commands they show print', () => {
    const readme = readFileSync(README, 'utf8');
    const present = readmeBlocks(readme);
    expect([...blocks.keys()]).toEqual(EXCERPTS.map((e) => e.name));
    for (const [name, printed] of blocks) {
      const shown = present.get(name);
      if (shown !== printed) {
        throw new Error(`README.md, khối "${name}" (<!-- dondoc:excerpt ${name} -->) khác với điều lệnh in ra bây giờ.\nChạy lại: npm run readme:excerpts\n\nLệnh in ra:\n${printed}\n\nREADME ghi:\n${shown ?? '(không có khối này)'}`);
      }
    }
    expect(differences(readme, blocks)).toEqual([]);
  });

  it('name the block that differs, and rewriting puts back what the command prints', () => {
    const readme = readFileSync(README, 'utf8');
    const stale = readme.replace(blocks.get('overdue')!, blocks.get('overdue')!.replace('380 ngày', '214 ngày'));
    expect(stale).not.toBe(readme);
    expect(differences(stale, blocks)).toEqual(['overdue']);
    expect(withExcerpts(stale, blocks)).toBe(readme);
    expect(() => differences(readme.replace('<!-- dondoc:excerpt users -->', ''), blocks)).toThrow('README.md không có khối đánh dấu cho: users');
  });

  it('show two plans apart and never a password hash', () => {
    expect(blocks.get('overdue')).toMatch(/16\/KH-SKHCN \(2025\) \| 5\.11[\s\S]*16\/KH-SKHCN \(2026\) \| 5\.11/);
    expect(blocks.get('users')).not.toMatch(/scrypt/);
  });
});
