import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ZodType, ZodTypeDef } from 'zod';
import { PlanFileError } from './errors';

/** Reads a JSON file and validates it; errors name the file, then each wrong field by its path. */
export async function readJsonFile<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, what: string): Promise<T> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(file, code === 'ENOENT' ? `không có tệp ${what} ở ${path}.` : `không mở được (${code ?? String(error)}).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, `JSON không hợp lệ: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new PlanFileError(file, `${what} sai: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}${i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : ''}`).join('; ')}.`);
  }
  return parsed.data;
}
