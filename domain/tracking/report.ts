import { OccurrenceStatus } from './row-state';

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

/** The sentence reports use: "Sở được giao 55 nhiệm vụ, hoàn thành đúng hạn 42 nhiệm vụ, …", counts on two digits. */
export function reportSentence(c: Counts): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `Sở được giao ${two(c.giao)} nhiệm vụ, hoàn thành đúng hạn ${two(c['hoan-thanh-dung-han'])} nhiệm vụ, hoàn thành quá hạn ${two(c['hoan-thanh-qua-han'])} nhiệm vụ, ` +
    `${two(c['dang-thuc-hien-trong-han'] + c['chua-den-han'])} nhiệm vụ chưa đến hạn, ${two(c['dang-thuc-hien-qua-han'])} nhiệm vụ quá hạn, ${two(c['cho-xac-nhan'])} nhiệm vụ chờ xác nhận.`
  );
}
