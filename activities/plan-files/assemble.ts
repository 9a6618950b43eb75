import { z } from 'zod';
import { isoFromParts } from '../../domain/dates';
import { CellReadProblem, ImportedRow, Plan, PlanDocument, PlanRow, PlanSection, planSchema, rowSchema } from '../../domain/plan/model';
import { tidy } from '../../domain/text/normalize';
import { COLUMNS, META_HEADERS, META_KEYS } from './columns';
import { CellProblem, describeCellProblem, PlanFileError } from './errors';
import { fold } from '../../domain/text/normalize';

/** "05/03/2025" or "2025-03-05" → ISO; anything else is left for zod to reject with the cell's address. */
export function normaliseDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (m) return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1])) ?? value;
  return value.trim();
}

/** Reads plan metadata from key/value pairs, with errors that name the key. */
export function planFromMeta(file: string, pairs: [string, string][], hint = 'Hãy ghi Số, Tên, Cơ quan ban hành, Ngày ban hành (DD/MM/YYYY), Năm.'): Plan {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const field = META_KEYS[fold(key)];
    if (field) raw[field] = field === 'year' ? Number(value) : field === 'date' ? normaliseDate(value) : tidy(value);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `"${META_HEADERS[i.path[0] as keyof typeof META_HEADERS] ?? i.path.join('.')}" ${i.message}`);
    throw new PlanFileError(file, `thông tin kế hoạch chưa đủ hoặc sai: ${issues.join('; ')}. ${hint}`);
  }
  return parsed.data;
}

export interface RawRow {
  row: number;
  values: Partial<Record<string, unknown>>;
  /** Where the row is when that is more precise than the file: "plan.docx (bảng 3)". */
  label?: string;
  /** Cells whose value could not be read, by field; the reader leaves their value out. */
  problems?: { field: keyof PlanRow; message: string }[];
}

/** Mục and Stt make the row's key: without them the row cannot be kept, so their problems stop the import. */
const KEY_FIELDS: (keyof PlanRow)[] = ['section', 'order'];

function headerOf(field: string): string {
  return COLUMNS.find((c) => c.field === field)?.header ?? field;
}

/**
 * Validates rows one by one. A row whose cells have the wrong type is a file error naming the cell;
 * an empty cell is kept ("") and reported later as a row problem: no row is ever dropped.
 */
export function assembleRows(file: string, raws: RawRow[]): ImportedRow[] {
  const problems: CellProblem[] = [];
  const rows: ImportedRow[] = [];
  const seen = new Map<string, string>();
  for (const raw of raws) {
    const at = raw.label ?? file;
    const readProblems: CellReadProblem[] = [];
    for (const p of raw.problems ?? []) {
      const problem = { file: at, row: raw.row, column: headerOf(p.field), message: p.message };
      if (KEY_FIELDS.includes(p.field)) problems.push(problem);
      else readProblems.push({ column: problem.column, message: describeCellProblem(problem) });
    }
    if (readProblems.length < (raw.problems?.length ?? 0)) continue;
    const values = Object.fromEntries(
      Object.entries(raw.values).map(([k, v]) => [k, typeof v === 'number' ? String(v) : typeof v === 'string' ? tidy(v) : v ?? '']),
    );
    for (const c of COLUMNS) if (!c.required && values[c.field] === '') delete values[c.field];
    for (const c of COLUMNS) if (c.required && values[c.field] === undefined) values[c.field] = '';
    const parsed = rowSchema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file: at, row: raw.row, column: headerOf(String(issue.path[0])), message: issue.message });
      continue;
    }
    const where = `${parsed.data.section}.${parsed.data.order}`;
    const earlier = seen.get(where);
    if (earlier !== undefined) {
      problems.push({ file: at, row: raw.row, column: headerOf('order'), message: `mục ${where} trùng với ${earlier}: mỗi dòng cần một cặp Mục + Stt riêng` });
      continue;
    }
    seen.set(where, raw.label ? `${raw.label}, dòng ${raw.row}` : `dòng ${raw.row}`);
    rows.push({ ...parsed.data, where, source: { file: at, row: raw.row }, ...(readProblems.length > 0 ? { readProblems } : {}) });
  }
  if (problems.length > 0) {
    throw new PlanFileError(file, `${problems.length} ô không hợp lệ:\n${problems.map((p) => `  - ${describeCellProblem(p)}`).join('\n')}`);
  }
  return rows;
}

/** Sections named by rows but not listed get a placeholder title, so none is lost. */
export function completeSections(sections: PlanSection[], rows: ImportedRow[]): PlanSection[] {
  const out = [...sections];
  for (const row of rows) if (!out.some((s) => s.id === row.section)) out.push({ id: row.section, title: `Mục ${row.section}` });
  return out;
}

export function document(plan: Plan, sections: PlanSection[], rows: ImportedRow[]): PlanDocument {
  return { plan, sections: completeSections(sections, rows), rows };
}

export const jsonPlanSchema = z.object({
  plan: z.record(z.string(), z.unknown()),
  sections: z.array(z.object({ id: z.string(), title: z.string() })).default([]),
  rows: z.array(z.record(z.string(), z.unknown())),
});
