import { OccurrenceStatus, STATUS_LABEL } from './row-state';

/** Counts of occurrences by status, and `giao`: every occurrence assigned in the period (cancelled ones are not). */
export type Counts = Record<OccurrenceStatus, number> & { giao: number };

export const emptyCounts = (): Counts => ({
  giao: 0,
  'chua-den-han': 0,
  'dang-thuc-hien-trong-han': 0,
  'dang-thuc-hien-qua-han': 0,
  'cho-xac-nhan': 0,
  'hoan-thanh-dung-han': 0,
  'hoan-thanh-qua-han': 0,
  'da-huy': 0,
});

export interface PeriodReport {
  byUnit: Map<string, Counts>;
  total: Counts;
}

/** Adds `n` occurrences of one unit in one status; cancelled occurrences are not assigned work and are left out. */
export function tally(report: PeriodReport, unit: string, status: OccurrenceStatus, n = 1): void {
  if (status === 'da-huy') return;
  const counts = report.byUnit.get(unit) ?? emptyCounts();
  for (const c of [counts, report.total]) {
    c.giao += n;
    c[status] += n;
  }
  report.byUnit.set(unit, counts);
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** One figure of the report sentence: how the sentence words it, and the table's columns it adds up. */
export interface SentenceFigure {
  words: (count: string) => string;
  columns: (keyof Counts)[];
}

/**
 * The sentence department reports send upward. It has no "đang thực hiện trong hạn": seed report 004 ("Sở được giao 55
 * nhiệm vụ, hoàn thành đúng hạn 42 nhiệm vụ, 12 nhiệm vụ chưa đến hạn, 01 nhiệm vụ quá hạn": 42 + 12 + 1 = 55) calls
 * every task neither done nor overdue "chưa đến hạn", so its figure adds the open tasks still within their deadline
 * to those whose period has not started. The table beside the sentence keeps the two apart.
 */
export const SENTENCE_FIGURES: SentenceFigure[] = [
  { words: (n) => `Sở được giao ${n} nhiệm vụ`, columns: ['giao'] },
  { words: (n) => `hoàn thành đúng hạn ${n} nhiệm vụ`, columns: ['hoan-thanh-dung-han'] },
  { words: (n) => `hoàn thành quá hạn ${n} nhiệm vụ`, columns: ['hoan-thanh-qua-han'] },
  { words: (n) => `${n} nhiệm vụ chưa đến hạn`, columns: ['chua-den-han', 'dang-thuc-hien-trong-han'] },
  { words: (n) => `${n} nhiệm vụ quá hạn`, columns: ['dang-thuc-hien-qua-han'] },
  { words: (n) => `${n} nhiệm vụ chờ xác nhận`, columns: ['cho-xac-nhan'] },
];

export const figureCount = (c: Counts, figure: SentenceFigure) => figure.columns.reduce((n, k) => n + c[k], 0);

/** The sentence reports use: "Sở được giao 55 nhiệm vụ, hoàn thành đúng hạn 42 nhiệm vụ, …", counts on two digits. */
export function reportSentence(c: Counts): string {
  return `${SENTENCE_FIGURES.map((f) => f.words(twoDigits(figureCount(c, f)))).join(', ')}.`;
}

/** Says, with this report's counts, which of the table's columns the sentence's "chưa đến hạn" adds up. */
export function reportSentenceNote(c: Counts): string {
  const notYet = c['chua-den-han'];
  const within = c['dang-thuc-hien-trong-han'];
  return (
    `Ghi chú: "${twoDigits(notYet + within)} nhiệm vụ chưa đến hạn" trong câu trên gộp hai cột của bảng, như báo cáo của các Sở vẫn tính: ` +
    `"${STATUS_LABEL['chua-den-han']}" (${twoDigits(notYet)}: kỳ thực hiện chưa bắt đầu) và "${STATUS_LABEL['dang-thuc-hien-trong-han']}" (${twoDigits(within)}: đang thực hiện, chưa quá hạn).`
  );
}
