import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PlanDocument } from '../../domain/plan/model';
import { assembleRows, document, jsonPlanSchema, planFromMeta, RawRow } from './assemble';
import { PlanFileError } from './errors';
import { readCsv } from './read-csv';
import { readDocx } from './read-docx';
import { readXlsx } from './read-xlsx';

/** Reads a plan from DOCX, CSV, XLSX or JSON. Throws `PlanFileError` only when the file cannot be read at all. */
export async function readPlanFile(path: string): Promise<PlanDocument> {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(file, code === 'ENOENT' ? `không có tệp ở đường dẫn ${path}.` : `không mở được (${code ?? String(error)}).`);
  }
  const extension = extname(path).toLowerCase();
  if (bytes.length === 0 && extension !== '.csv') throw new PlanFileError(file, 'tệp trống (0 byte): hãy lưu lại tệp kế hoạch từ Excel hoặc Word rồi nhập lại.');
  switch (extension) {
    case '.csv':
      return readCsv(file, bytes);
    case '.xlsx':
      return readXlsx(file, bytes);
    case '.docx':
      return readDocx(file, bytes);
    case '.json':
      return readJson(file, bytes.toString('utf8'));
    default:
      throw new PlanFileError(file, `định dạng "${extname(path) || '(không có đuôi)'}" không được hỗ trợ: hãy dùng .docx, .xlsx, .csv hoặc .json.`);
  }
}

export function readJson(file: string, text: string): PlanDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, `JSON không hợp lệ: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = jsonPlanSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlanFileError(file, `cần một đối tượng { "plan": {…}, "sections": […], "rows": […] }: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'} ${i.message}`).join('; ')}.`);
  }
  const meta = Object.entries(parsed.data.plan).map(([k, v]) => [k, String(v)] as [string, string]);
  const plan = planFromMeta(file, meta.map(([k, v]) => [{ number: 'Số', title: 'Tên', issuer: 'Cơ quan ban hành', date: 'Ngày ban hành', year: 'Năm' }[k] ?? k, v]));
  const raws: RawRow[] = parsed.data.rows.map((values, i) => ({ row: i + 1, values }));
  return document(plan, parsed.data.sections, assembleRows(`${file} (rows)`, raws));
}
