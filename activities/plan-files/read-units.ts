import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UnitsDirectory, unitsDirectorySchema } from '../../domain/plan/units';
import { PlanFileError } from './errors';

/** Reads and validates a units directory (units.json); errors name the field path. */
export async function readUnitsFile(path: string): Promise<UnitsDirectory> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(file, code === 'ENOENT' ? `không có tệp danh bạ đơn vị ở ${path}.` : `không mở được (${code ?? String(error)}).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, `JSON không hợp lệ: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = unitsDirectorySchema.safeParse(raw);
  if (!parsed.success) {
    throw new PlanFileError(file, `danh bạ đơn vị sai: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`).join('; ')}.`);
  }
  return parsed.data;
}
