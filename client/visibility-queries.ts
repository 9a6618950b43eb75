import { IsoDate } from '../domain/dates';

/**
 * The `temporal workflow list --query` lines an operator needs, over the search attributes each row keeps current
 * (workflows/definitions.ts SEARCH_ATTRIBUTES). One place: the README shows them with the examples below, and
 * test/visibility/operator-queries.test.ts runs them against the dev server and checks the README says the same.
 */
export const operatorQueries = {
  /** Every row a unit leads that is still followed: "Văn phòng Sở's rows". */
  unitRows: (unit: string) => `DondocUnit='${unit}' AND ExecutionStatus='Running'`,
  /** A unit's overdue rows: at least one occurrence past its effective deadline, not completed. */
  unitOverdue: (unit: string) => `DondocUnit='${unit}' AND DondocStatus='dang-thuc-hien-qua-han' AND ExecutionStatus='Running'`,
  /** Rows whose next deadline falls in a week (Monday to Sunday, Vietnam time). */
  dueBetween: (monday: IsoDate, sunday: IsoDate) => `DondocNextDue BETWEEN '${monday}T00:00:00+07:00' AND '${sunday}T23:59:59+07:00' AND ExecutionStatus='Running'`,
  /** Rows waiting for the office to set the deadline the engine could not read. */
  waitingForDeadline: () => `DondocStatus='chua-co-han' AND ExecutionStatus='Running'`,
  /** Rows whose evidence waits for the office's review. */
  awaitingReview: () => `DondocStatus='cho-xac-nhan' AND ExecutionStatus='Running'`,
} as const;

/** The README's examples: Văn phòng Sở ("vp"), the week of 07/12/2026. */
export const README_EXAMPLES: { what: string; query: string }[] = [
  { what: 'Nhiệm vụ Văn phòng Sở chủ trì đang theo dõi', query: operatorQueries.unitRows('vp') },
  { what: 'Nhiệm vụ quá hạn của Văn phòng Sở', query: operatorQueries.unitOverdue('vp') },
  { what: 'Nhiệm vụ đến hạn trong tuần 07/12–13/12/2026', query: operatorQueries.dueBetween('2026-12-07', '2026-12-13') },
  { what: 'Nhiệm vụ chờ Văn phòng đặt thời hạn', query: operatorQueries.waitingForDeadline() },
  { what: 'Minh chứng chờ Văn phòng xác nhận', query: operatorQueries.awaitingReview() },
];

/** A query as the README writes it, ready to paste into a shell. */
export const listCommand = (query: string) => `temporal workflow list --query "${query}"`;
