import { z } from 'zod';
import { isIsoDate } from '../dates';

/**
 * The plan model: a Kế hoạch with its appendix rows, as read from CSV, XLSX or JSON.
 * Cells are kept verbatim (NFC, single spaces); empty cells are kept as "" and reported as problems,
 * never dropped.
 */

const isoDate = z.string().refine(isIsoDate, 'phải là ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY');

/** "16/KH-SKHCN": number / document type - issuing body. */
export const PLAN_NUMBER = /^\d{1,5}\/[A-ZĐ]{1,5}-[A-ZĐ0-9&.-]{1,30}$/u;

export const planSchema = z.object({
  number: z.string().regex(PLAN_NUMBER, 'phải có dạng số/KH-cơ quan, ví dụ 16/KH-SKHCN'),
  title: z.string().min(1, 'không được trống'),
  issuer: z.string().min(1, 'không được trống'),
  date: isoDate,
  year: z.number().int().min(2000, 'phải từ 2000').max(2100, 'phải đến 2100'),
});

export const sectionSchema = z.object({ id: z.string().min(1), title: z.string() });

const cell = z.string();

export const rowSchema = z.object({
  section: z.string().min(1, 'không được trống: ghi mục của phụ lục, ví dụ 3'),
  group: z.string().optional(),
  groupTitle: z.string().optional(),
  order: z.string().min(1, 'không được trống: ghi số thứ tự (Stt)'),
  order2: z.string().optional(),
  content: cell,
  lead: cell,
  coordinating: cell,
  deadline: cell,
  output: cell,
  note: cell,
});

export type Plan = z.infer<typeof planSchema>;
export type PlanSection = z.infer<typeof sectionSchema>;
export type PlanRow = z.infer<typeof rowSchema>;

/** Where a row came from, so every message can name the file, row and column. */
export interface RowSource {
  file: string;
  /** 1-based line (CSV), sheet row (XLSX) or array index + 1 (JSON). */
  row: number;
}

/**
 * A cell the reader could take no value from (an Excel error such as #REF!, a formula Excel never computed): the row
 * is kept with that cell empty, and the message (file, row, column, what to do) is shown with the row.
 */
export interface CellReadProblem {
  column: string;
  message: string;
}

export interface ImportedRow extends PlanRow {
  /** "3.4": section and order, the row's address in the appendix. */
  where: string;
  source: RowSource;
  readProblems?: CellReadProblem[];
}

export interface PlanDocument {
  plan: Plan;
  sections: PlanSection[];
  rows: ImportedRow[];
}

/** "16/KH-SKHCN" of 2025 → "16-KH-SKHCN-2025": safe in a workflow id, unique per plan and year. */
export function planKey(plan: Pick<Plan, 'number' | 'year'>): string {
  const slug = plan.number.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/Đ/g, 'D').replace(/đ/g, 'd').replace(/[^A-Za-z0-9&-]+/g, '-');
  return `${slug}-${plan.year}`;
}

/** "16-KH-SKHCN-2025/3.4": the business key of a row and the id of its workflow. */
export function rowKey(plan: Pick<Plan, 'number' | 'year'>, where: string): string {
  return `${planKey(plan)}/${where}`;
}
