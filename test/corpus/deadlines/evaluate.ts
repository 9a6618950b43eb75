import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { occurrences } from '../../../domain/deadline/occurrences';
import { parseDeadline } from '../../../domain/deadline/parse-deadline';
import { Schedule, ScheduleKind } from '../../../domain/deadline/schedule';

/**
 * Scores the deadline reader against the corpus of real cells (`cells.tsv`): a cell is right when the reading matches
 * the one written by hand (kind, and for dated kinds the nominal deadlines of the year), or, where a careful reader
 * would ask, when the reader asks too (marked "cần xác nhận" or unreadable). Shared by `npm run corpus` and the test.
 */
export interface CorpusCell {
  cell: string;
  year: number;
  family: string;
  kind: ScheduleKind | null;
  dates: string[];
  confirm: boolean;
  number: string;
  issuer: string;
  source: string;
}

export interface CellResult {
  cell: CorpusCell;
  right: boolean;
  /** The reader asked for confirmation (or could not read the cell). */
  marked: boolean;
  got: string;
}

const FILE = join(__dirname, 'cells.tsv');

export function loadCorpus(file = FILE): CorpusCell[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const [header, ...rows] = lines.map((l) => l.split('\t'));
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: thiếu cột "${name}"`);
    return i;
  };
  return rows.map((r, i) => {
    if (r.length !== header.length) throw new Error(`${file}, dòng ${i + 4}: có ${r.length} cột, cần ${header.length}`);
    const kind = r[col('kind')];
    return {
      cell: r[col('cell')],
      year: Number(r[col('year')]),
      family: r[col('family')],
      kind: kind === '-' ? null : (kind as ScheduleKind),
      dates: r[col('dates')] === '-' ? [] : r[col('dates')].split(';'),
      confirm: r[col('confirm')] === 'yes',
      number: r[col('number')],
      issuer: r[col('issuer')],
      source: r[col('source')],
    };
  });
}

function deadlinesOf(schedule: Schedule): string[] {
  if (schedule.kind !== 'once' && schedule.kind !== 'recurring') return [];
  return occurrences(schedule, { from: `${schedule.year}-01-01`, to: `${schedule.year}-12-31` })
    .filter((d) => d.role === 'deadline')
    .map((d) => d.nominal);
}

export function scoreCell(cell: CorpusCell): CellResult {
  const schedule = parseDeadline({ text: cell.cell, year: cell.year });
  const marked = schedule.kind === 'unknown' || Boolean(schedule.toConfirm) || Boolean(schedule.inferred);
  const dates = deadlinesOf(schedule);
  const got = `${schedule.kind}${dates.length ? ` ${dates.join(';')}` : ''}${schedule.toConfirm ? ' (cần xác nhận)' : ''}`;
  const right = cell.confirm ? marked : schedule.kind === cell.kind && dates.join(';') === cell.dates.join(';');
  return { cell, right, marked, got };
}

export interface CorpusReport {
  cells: number;
  documents: number;
  right: number;
  accuracy: number;
  unmarked: number;
  unmarkedRight: number;
  /** Readings given without a mark that are wrong: the misses that schedule a wrong date silently. */
  confidentAndWrong: CellResult[];
  families: { family: string; cells: number; right: number }[];
  results: CellResult[];
}

export function evaluateCorpus(cells = loadCorpus()): CorpusReport {
  const results = cells.map(scoreCell);
  const families = new Map<string, { cells: number; right: number }>();
  for (const r of results) {
    const f = families.get(r.cell.family) ?? { cells: 0, right: 0 };
    f.cells++;
    if (r.right) f.right++;
    families.set(r.cell.family, f);
  }
  const unmarked = results.filter((r) => !r.marked);
  const right = results.filter((r) => r.right).length;
  return {
    cells: results.length,
    documents: new Set(cells.map((c) => `${c.number}|${c.issuer}|${c.source}`)).size,
    right,
    accuracy: results.length ? right / results.length : 0,
    unmarked: unmarked.length,
    unmarkedRight: unmarked.filter((r) => r.right).length,
    confidentAndWrong: unmarked.filter((r) => !r.right),
    families: [...families].map(([family, f]) => ({ family, ...f })).sort((a, b) => a.family.localeCompare(b.family)),
    results,
  };
}
