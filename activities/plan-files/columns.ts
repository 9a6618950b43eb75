import { fold } from '../../domain/text/normalize';
import { PlanRow } from '../../domain/plan/model';

/** Appendix columns: the header a person writes (any case, with or without diacritics) → the row field. */
export const COLUMNS: { field: keyof PlanRow; header: string; aliases: string[]; required: boolean }[] = [
  { field: 'section', header: 'Mục', aliases: ['muc', 'phan'], required: true },
  { field: 'group', header: 'Nhóm', aliases: ['nhom'], required: false },
  { field: 'groupTitle', header: 'Tên nhóm', aliases: ['ten nhom'], required: false },
  { field: 'order', header: 'Stt', aliases: ['stt', 'so thu tu'], required: true },
  { field: 'order2', header: 'Stt2', aliases: ['stt2', 'stt trong nhom'], required: false },
  { field: 'content', header: 'Nội dung', aliases: ['noi dung', 'nhiem vu', 'chi tieu'], required: true },
  { field: 'lead', header: 'Cơ quan chủ trì', aliases: ['co quan chu tri', 'chu tri', 'don vi chu tri', 'co quan chu tri thuc hien'], required: true },
  { field: 'coordinating', header: 'Cơ quan phối hợp', aliases: ['co quan phoi hop', 'phoi hop', 'don vi phoi hop'], required: true },
  { field: 'deadline', header: 'Thời gian hoàn thành', aliases: ['thoi gian hoan thanh', 'thoi han', 'han hoan thanh'], required: true },
  { field: 'output', header: 'Kết quả thực hiện', aliases: ['ket qua thuc hien', 'san pham', 'ket qua'], required: true },
  { field: 'note', header: 'Ghi chú', aliases: ['ghi chu'], required: true },
];

/**
 * Indicator tables (section 9 of the seed plan: "Chỉ tiêu", "Đơn vị", "Chỉ tiêu năm 2025", "Cơ quan chủ trì đánh giá")
 * have no deadline, result or note columns: the year's target with its unit is the expected result
 * ("Chỉ tiêu năm 2025: 80%") and the evaluating body the note ("Cơ quan chủ trì đánh giá: Văn phòng UBND tỉnh").
 */
export const INDICATOR_COLUMNS = {
  target: /^chi tieu nam \d{4}$/,
  unit: ['don vi', 'don vi tinh', 'dvt'],
  evaluator: ['co quan chu tri danh gia', 'co quan danh gia'],
  /** The columns an indicator table may lack. */
  optional: ['deadline', 'output', 'note'] as (keyof PlanRow)[],
};

/** The field a header cell names ("STT", "Nội dung", "Thoi gian hoan thanh"), or null. */
export function fieldOf(cell: string): keyof PlanRow | null {
  const folded = fold(cell);
  return COLUMNS.find((c) => c.aliases.includes(folded))?.field ?? null;
}

/** Maps each header cell to a field; unknown headers are ignored, missing required ones reported. */
export function mapHeader(cells: string[]): { fields: (keyof PlanRow | null)[]; missing: string[] } {
  const fields = cells.map(fieldOf);
  const missing = COLUMNS.filter((c) => c.required && !fields.includes(c.field)).map((c) => c.header);
  return { fields, missing };
}

/** Plan metadata keys, as written in the "Kế hoạch" sheet or the CSV's leading "# Khoá: giá trị" lines. */
export const META_KEYS: Record<string, 'number' | 'title' | 'issuer' | 'date' | 'year'> = {
  so: 'number',
  'so ke hoach': 'number',
  ten: 'title',
  'ten ke hoach': 'title',
  'co quan ban hanh': 'issuer',
  'ngay ban hanh': 'date',
  ngay: 'date',
  nam: 'year',
};

export const META_HEADERS: Record<'number' | 'title' | 'issuer' | 'date' | 'year', string> = {
  number: 'Số',
  title: 'Tên',
  issuer: 'Cơ quan ban hành',
  date: 'Ngày ban hành',
  year: 'Năm',
};
