/**
 * `npm run readme:excerpts`: the README's command excerpts, printed by the commands they show. Each marked block
 *
 *     <!-- dondoc:excerpt NAME -->
 *     ```
 *     $ dondoc …
 *     …what it printed…
 *     ```
 *     <!-- /dondoc:excerpt -->
 *
 * is rewritten from a real run of `bin/dondoc` on a fixed setup: a fresh SQLite read model holding two plans that
 * share row numbers (test/support/two-plans.ts, recorded at fixed instants) and three accounts, and fixed as-of
 * dates. `--check` changes nothing and exits 1 naming each block that differs (test/readme-excerpts.test.ts runs it).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { disableAccount, saveAccount } from '../activities/store/accounts';
import { openStore } from '../activities/store/database';
import { recordTwoPlans } from '../test/support/two-plans';

const ROOT = join(__dirname, '..');
export const README = join(ROOT, 'README.md');

export interface Excerpt {
  name: string;
  /** The command as the README shows it, after "$ dondoc". */
  args: string[];
  /** Only these rows of a table (by the first cell), with the lines before the table and the first after it. */
  rows?: string[];
}

export const EXCERPTS: Excerpt[] = [
  { name: 'preview', args: ['plan', 'preview', 'samples/ke-hoach-16-KH-SKHCN-2025.xlsx', '--units', 'samples/units.json', '--as-of', '2025-03-05'], rows: ['3.4', '5.2', '9.1.1'] },
  { name: 'overdue', args: ['overdue', '--as-of', '15/05/2026', '--unit', 'ptcn'] },
  { name: 'report', args: ['report', '--from', '01/01/2026', '--to', '31/12/2026', '--as-of', '15/05/2026', '--ke-hoach', '16-KH-SKHCN-2026'] },
  { name: 'users', args: ['user', 'list'] },
];

const at = (iso: string) => Date.parse(`${iso}T08:00:00+07:00`);

/** The fixed setup: the two-plan read model and three accounts, one of them turned off on 20/04/2026. */
async function setUp(dbPath: string): Promise<void> {
  const db = await openStore({ sqlitePath: dbPath });
  try {
    await recordTwoPlans(db);
    const hash = 'scrypt$32768$8$1$không-dùng-để-đăng-nhập';
    await saveAccount(db, { email: 'kiemsoat-tthc@skhcn-angiang.example', name: 'Nguyễn Thị Thu Hà', role: 'van-phong', unitId: null, passwordHash: hash }, at('2026-03-05'));
    await saveAccount(db, { email: 'giamdoc@skhcn-angiang.example', name: 'Trần Minh Khoa', role: 'lanh-dao', unitId: 'gd', passwordHash: hash }, at('2026-03-05'));
    await saveAccount(db, { email: 'ptcn-cds@skhcn-angiang.example', name: 'Võ Thanh Tùng', role: 'don-vi', unitId: 'ptcn', passwordHash: hash }, at('2026-03-05'));
    await saveAccount(db, { email: 'nguyen.van.a@skhcn-angiang.example', name: 'Nguyễn Văn A', role: 'don-vi', unitId: 'vp', passwordHash: hash }, at('2026-03-05'));
    await disableAccount(db, 'nguyen.van.a@skhcn-angiang.example', at('2026-04-20'));
  } finally {
    await db.destroy();
  }
}

/**
 * A table's rows kept by their first cell, the lines before the table and the summary line after it. (The preview's
 * next line, on rows ending at import, reads today's date whatever --as-of says: it would not stay fixed.)
 */
export function pickRows(output: string, rows: string[]): string {
  const lines = output.split('\n');
  const isRule = (l: string) => /^\+-[-+]*\+$/.test(l);
  const rules = lines.flatMap((l, i) => (isRule(l) ? [i] : []));
  if (rules.length < 3) return output;
  const [, headerEnd] = rules;
  const kept = lines.slice(0, headerEnd + 1);
  for (let r = 1; r < rules.length - 1; r++) {
    const block = lines.slice(rules[r] + 1, rules[r + 1] + 1);
    if (rows.includes(block[0].split('|')[1]?.trim() ?? '')) kept.push(...block);
  }
  return [...kept, ...lines.slice(rules[rules.length - 1] + 1, rules[rules.length - 1] + 2)].join('\n');
}

/** Each excerpt's block text (between the fences), from real runs of bin/dondoc on the fixed setup. */
export async function buildExcerpts(): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-readme-'));
  const dbPath = join(dir, 'dondoc.sqlite');
  try {
    await setUp(dbPath);
    // Nothing of the caller's environment chooses another database or server.
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DONDOC_|DATABASE_URL|TEMPORAL_ADDRESS)/.test(k))), DONDOC_DB_PATH: dbPath };
    const run = promisify(execFile);
    const blocks = new Map<string, string>();
    for (const e of EXCERPTS) {
      const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'dondoc'), ...e.args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
      const printed = (e.rows ? pickRows(stdout, e.rows) : stdout).trimEnd();
      blocks.set(e.name, `$ dondoc ${e.args.map((a) => (/[\s"']/.test(a) ? `"${a}"` : a)).join(' ')}\n${printed}`);
    }
    return blocks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A block's text never runs into the next block's markers.
const BLOCK = /(<!-- dondoc:excerpt ([\w-]+) -->\n```\n)((?:(?!<!-- \/?dondoc:excerpt)[\s\S])*?)(\n```\n<!-- \/dondoc:excerpt -->)/g;

/** The README's marked blocks by name, as they are now. */
export function readmeBlocks(readme: string): Map<string, string> {
  return new Map([...readme.matchAll(BLOCK)].map((m) => [m[2], m[3]]));
}

export function withExcerpts(readme: string, blocks: Map<string, string>): string {
  return readme.replace(BLOCK, (whole, open: string, name: string, _old: string, close: string) => (blocks.has(name) ? `${open}${blocks.get(name)}${close}` : whole));
}

/** The names of the blocks whose README text is not what the command printed; a block missing from the README is an error. */
export function differences(readme: string, blocks: Map<string, string>): string[] {
  const present = readmeBlocks(readme);
  const missing = [...blocks.keys()].filter((n) => !present.has(n));
  if (missing.length) throw new Error(`README.md không có khối đánh dấu cho: ${missing.join(', ')} (<!-- dondoc:excerpt TÊN --> … <!-- /dondoc:excerpt -->).`);
  return [...blocks].filter(([n, text]) => present.get(n) !== text).map(([n]) => n);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const readme = readFileSync(README, 'utf8');
  const blocks = await buildExcerpts();
  const differ = differences(readme, blocks);
  if (check) {
    if (differ.length) {
      process.stderr.write(`README.md khác với lệnh in ra ở khối: ${differ.join(', ')}. Chạy lại: npm run readme:excerpts\n`);
      process.exitCode = 1;
    } else process.stdout.write(`README.md: ${blocks.size} khối trích đúng như lệnh in ra.\n`);
    return;
  }
  writeFileSync(README, withExcerpts(readme, blocks));
  process.stdout.write(differ.length ? `Đã viết lại ${differ.length} khối trích trong README.md: ${differ.join(', ')}.\n` : `README.md: ${blocks.size} khối trích đã đúng, không đổi gì.\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
}
