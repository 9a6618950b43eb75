import type { IsoDate } from '../dates';
import type { Schedule } from '../deadline/schedule';
import type { Occurrence } from './row-state';
import { yearReportPeriod } from './report-period';

/**
 * The day an occurrence is counted on in reports, the one rule every report (`--from/--to`, `--period`, Số liệu)
 * places occurrences by: its effective deadline, so it belongs to the period whose data days hold that deadline;
 * except an indicator the plan evaluates in a year's report (an empty deadline cell on a "Chỉ tiêu năm 2025" row,
 * implied as due 31/12 and "đánh giá trong báo cáo năm 2025"): it counts on the last data day of that year's report
 * (14/12/2025), so `--ky 2025` holds it, and the second half, quarter IV and December of 2025 with it. Its deadline
 * itself does not move: until 31/12 it is open within its deadline.
 */
export function reportDay(schedule: Pick<Schedule, 'inferred'>, occ: Pick<Occurrence, 'effective' | 'originalNominal'>): IsoDate {
  if (schedule.inferred?.rule !== 'indicator-year-end') return occ.effective;
  return yearReportPeriod(Number(occ.originalNominal.slice(0, 4))).to;
}
