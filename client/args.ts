import { parseArgs, ParseArgsConfig } from 'node:util';

/** A usage error the CLI prints as is (in Vietnamese) with exit code 1. */
export class UsageError extends Error {}

/** node:util parseArgs with our error wording: an unknown flag names itself and the command's usage. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

/** Reads a year flag: an integer within the supported range. */
export function parseYearFlag(value: string | undefined, min: number, max: number, usage: string): number | undefined {
  if (value === undefined) return undefined;
  const year = Number(value);
  if (!Number.isInteger(year) || year < min || year > max) {
    throw new UsageError(`Năm "${value}" không hợp lệ: hãy ghi một năm từ ${min} đến ${max}.\n\n${usage}`);
  }
  return year;
}
