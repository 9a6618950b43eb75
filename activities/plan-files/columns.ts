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

/**
 * Column roles as offices name them: a header is recognised by the words that say what the column holds, not by one
 * exact name ("Nội dung công việc", "Tên nhiệm vụ"; "Đơn vị thực hiện" over "Chủ trì | Phối hợp" reads "Đơn vị thực
 * hiện Chủ trì"; "Thời gian thực hiện", "Tiến độ"; "Sản phẩm", "Hình thức văn bản"). Order matters: "Kết quả thực
 * hiện nhiệm vụ" is an output before it is a task, "Đơn vị thực hiện Phối hợp" coordinates before it leads.
 */
const ROLES: [keyof PlanRow, RegExp][] = [
  ['note', /^ghi chu\b/],
  ['order', /^(stt|tt|so tt|so thu tu)$/],
  ['coordinating', /\bphoi hop\b/],
  ['output', /\b(ket qua|san pham|hinh thuc (van ban|san pham)|dau ra)\b/],
  ['deadline', /\b(thoi gian|thoi han|tien do|han hoan thanh|thoi diem)\b/],
  ['lead', /\b(chu tri|(co quan|don vi|bo phan) (thuc hien|thuc hien chinh|trien khai))\b/],
  ['content', /^(noi dung|ten nhiem vu|nhiem vu|cong viec|nhiem vu cu the|hoat dong|ten hoat dong|giai phap)\b/],
];

const STARTS = /\b(bat dau|khoi cong|tu ngay|trien khai tu)\b/;

/** Indicator-table headers ("Chỉ tiêu năm 2025", "Cơ quan chủ trì đánh giá", "Đơn vị") name no row field. */
const isIndicatorOnly = (folded: string) =>
  INDICATOR_COLUMNS.target.test(folded) || INDICATOR_COLUMNS.evaluator.includes(folded) || INDICATOR_COLUMNS.unit.includes(folded);

/** The field a header cell names ("STT", "Nội dung công việc", "Thoi gian thuc hien"), or null. */
export function fieldOf(cell: string): keyof PlanRow | null {
  const folded = fold(cell).replace(/[.:;,]+$/, '');
  const exact = COLUMNS.find((c) => c.aliases.includes(folded))?.field;
  if (exact) return exact;
  if (folded === '' || isIndicatorOnly(folded)) return null;
  const role = ROLES.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
  // "Thời gian bắt đầu" beside "Thời gian hoàn thành": when the work starts is no deadline.
  return role === 'deadline' && STARTS.test(folded) ? null : role;
}

/**
 * Maps each header cell to a field; unknown headers are ignored, missing required ones reported. `required` narrows
 * what must be there (a Word appendix may lack "Ghi chú", "Sản phẩm" or even "Stt"); by default every required column.
 */
export function mapHeader(cells: string[], required: (keyof PlanRow)[] = COLUMNS.filter((c) => c.required).map((c) => c.field)): { fields: (keyof PlanRow | null)[]; missing: string[] } {
  const fields = cells.map(fieldOf);
  const missing = COLUMNS.filter((c) => required.includes(c.field) && !fields.includes(c.field)).map((c) => c.header);
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
