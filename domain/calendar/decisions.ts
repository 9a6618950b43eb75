/**
 * The Prime Minister's yearly decisions on holidays, as shipped data. They override the computed
 * defaults for their year: exact Tết days, swapped days off and the Saturdays worked in exchange.
 * Imported statically so the calendar stays pure (no file reads) and usable in workflow code.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';
import y2025 from './decisions/2025.json';
import y2026 from './decisions/2026.json';

const isoDate = z.string().refine(isIsoDate, 'ngày phải theo dạng YYYY-MM-DD');

export const yearDecisionSchema = z.object({
  year: z.number().int(),
  sources: z.array(z.string()).min(1),
  note: z.string().optional(),
  holidays: z.array(z.object({ date: isoDate, name: z.string().min(1), kind: z.enum(['holiday', 'compensatory']).optional() })),
  swappedDaysOff: z.array(z.object({ date: isoDate, name: z.string().min(1), workOn: isoDate })),
});

export type YearDecision = z.infer<typeof yearDecisionSchema>;

function load(raw: unknown): YearDecision {
  const decision = yearDecisionSchema.parse(raw);
  for (const day of [...decision.holidays, ...decision.swappedDaysOff]) {
    if (!day.date.startsWith(`${decision.year}-`)) throw new Error(`Quyết định năm ${decision.year}: ngày ${day.date} không thuộc năm này.`);
  }
  return decision;
}

export const SHIPPED_DECISIONS: ReadonlyMap<number, YearDecision> = new Map(
  [y2025, y2026].map((raw) => {
    const decision = load(raw);
    return [decision.year, decision] as const;
  }),
);
