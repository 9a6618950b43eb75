import ExcelJS from 'exceljs';

/**
 * One worksheet cell as the plan means it, whatever Excel stored: a date (typed, or a number with a date format)
 * becomes "dd/mm/yyyy" text, which the deadline engine reads as a stated date; a formula becomes its cached result;
 * rich text its plain text. What has no usable value (an error such as #REF!, a formula Excel never computed) is a
 * problem for the row, never a crash.
 */
export interface CellRead {
  text: string;
  problem?: string;
}

/** Excel's date serials from 01/01/2000 to 31/12/2099: a whole number in a date column in this range is a date. */
const SERIAL_FROM = 36526;
const SERIAL_TO = 73050;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** exceljs gives dates as UTC instants of the wall-clock time Excel stored: read them back in UTC. */
export function dateText(date: Date): string {
  const day = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  const minutes = date.getUTCHours() * 60 + date.getUTCMinutes();
  return minutes === 0 ? day : `${day} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** 45747 → "31/03/2025"; anything that is not a plausible date serial → null. */
export function serialDateText(value: number): string | null {
  if (!Number.isInteger(value) || value < SERIAL_FROM || value > SERIAL_TO) return null;
  return dateText(new Date(EXCEL_EPOCH_MS + value * DAY_MS));
}

const ERROR_MEANING: Record<string, string> = {
  '#REF!': 'tham chiếu tới ô đã bị xoá',
  '#N/A': 'không tìm thấy giá trị',
  '#VALUE!': 'sai kiểu giá trị',
  '#DIV/0!': 'chia cho 0',
  '#NAME?': 'tên hàm hoặc tên vùng không có',
  '#NUM!': 'số không hợp lệ',
  '#NULL!': 'vùng không giao nhau',
};

/** `code` is unknown when exceljs read a formula's error result under a date format (it keeps only an invalid Date). */
function errorProblem(code: string | null, formula?: string): string {
  const error = code ? `lỗi ${code}${ERROR_MEANING[code] ? ` (${ERROR_MEANING[code]})` : ''}` : 'lỗi (như #REF! hoặc #N/A)';
  const what = formula ? `công thức =${formula} cho ${error}` : `ô chứa ${error}`;
  return `${what}: hãy sửa ô này trong Excel (hoặc gõ thẳng giá trị) rồi lưu và nhập lại.`;
}

function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function plain(value: ExcelJS.CellValue, dateColumn: boolean): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'number') return { text: (dateColumn ? serialDateText(value) : null) ?? String(value) };
  if (value instanceof Date) {
    // A date-formatted cell holding an error or text gives exceljs an invalid Date: there is no date to read.
    return Number.isNaN(value.getTime()) ? { text: '', problem: 'ô định dạng ngày nhưng không có ngày hợp lệ: hãy gõ lại ngày dạng dd/mm/yyyy.' } : { text: dateText(value) };
  }
  if (isError(value)) return { text: '', problem: errorProblem(value.error) };
  if ('richText' in value) return { text: value.richText.map((t) => t.text).join('') };
  if ('hyperlink' in value) return plain(value.text as ExcelJS.CellValue, dateColumn);
  return { text: '', problem: 'ô có kiểu dữ liệu không đọc được: hãy gõ lại nội dung ô dưới dạng chữ.' };
}

/** A formula's cached result, read as a plain value; no result means Excel never computed it (e.g. a generated file). */
function formulaRead(value: ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue, dateColumn: boolean): CellRead {
  const formula = 'formula' in value && value.formula ? value.formula : (value as ExcelJS.CellSharedFormulaValue).sharedFormula;
  const result = value.result as unknown;
  if (result === undefined || result === null || (typeof result === 'object' && !(result instanceof Date) && !isError(result))) {
    return { text: '', problem: `công thức =${formula} chưa có kết quả lưu trong tệp: hãy mở tệp bằng Excel, để Excel tính rồi lưu lại, hoặc thay công thức bằng giá trị.` };
  }
  if (isError(result)) return { text: '', problem: errorProblem(result.error, formula) };
  if (result instanceof Date && Number.isNaN(result.getTime())) return { text: '', problem: errorProblem(null, formula) };
  return plain(result as ExcelJS.CellValue, dateColumn);
}

/** The cell's value as the plan means it; `dateColumn` lets a bare date serial (General format) read as a date. */
export function readExcelCell(value: ExcelJS.CellValue, dateColumn = false): CellRead {
  if (typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value)) {
    return formulaRead(value as ExcelJS.CellFormulaValue, dateColumn);
  }
  return plain(value, dateColumn);
}
