import { IsoDate } from '../dates';

/**
 * What the deadline engine understood from a "Thời gian hoàn thành" phrase.
 * An immutable value: the engine returns new values, never edits one in place.
 * This is the contract between the engine, the plan preview, the workflows and the reports.
 */
export type ScheduleKind = 'once' | 'recurring' | 'event' | 'continuous' | 'unknown';

/** Something the engine filled in that the text did not say, so the office can confirm it. */
export interface Implied {
  /** What was filled in. */
  field: 'year' | 'month' | 'day' | 'period' | 'rule' | 'sla' | 'check-in';
  value: string | number;
  /** Vietnamese, for the office: "lấy năm của kế hoạch", "cuối tháng = ngày cuối cùng của tháng (Điều 146)". */
  reason: string;
}

/** One due date: nominal as written, effective after Điều 148 (next working day). */
export interface DueDate {
  nominal: IsoDate;
  effective: IsoDate;
  /** A "deadline" counts for the status; a "target" is an earlier aim ("Quý I hoặc Quý II": Quý I is the target). */
  role: 'deadline' | 'target';
  /** Milestone label when a row has several ("hoàn thành việc rà soát các TTHC nội bộ", "Mầm non"). */
  label?: string;
  /** A range's first day ("Từ ngày 02/6 đến hết ngày 20/6/2025": 2025-06-02): when the occurrence opens, not a deadline. */
  opensOn?: IsoDate;
  /** The date a "trước (ngày) X" names, shown beside the deadline it gives ("trước 30/04/2025 → hạn 29/04/2025"). */
  before?: IsoDate;
}

/** How a recurring row repeats. Days are 1–31 or 'last' (the period's last day). */
export type RecurrenceRule =
  | { freq: 'weekly'; weekday: number }
  | { freq: 'monthly'; day: number | 'last' }
  /** monthOfQuarter 1–3: "ngày 19 của tháng cuối quý" is { monthOfQuarter: 3, day: 19 }. */
  | { freq: 'quarterly'; monthOfQuarter: number; day: number | 'last' }
  | { freq: 'half-yearly'; monthOfHalf: number; day: number | 'last' }
  /** `alsoOn`: further dates of the same year ("trước ngày 15/5 và 10/11 hằng năm"), each its own occurrence. */
  | { freq: 'yearly'; month: number; day: number | 'last'; alsoOn?: { month: number; day: number | 'last' }[] }
  /** "03 lần/năm", "4 tháng/lần": periods of `months` months from January, due on `day` of the period's last month. */
  | { freq: 'every-n-months'; months: number; day: number | 'last' };

/** A per-case deadline counted from a triggering event (Điều 147: the event's day is not counted). */
export interface Sla {
  amount: number;
  unit: 'calendar-days' | 'working-days';
  /** 'after': due `amount` days after the event; 'before': due `amount` days before the case's own due date. */
  direction: 'after' | 'before';
  /** "immediately" ("ngay sau khi"): amount 0, due the event's day. */
  immediate?: boolean;
  /** A longer SLA under a condition ("lấy ý kiến cấp huyện, cấp xã thì không quá 15 ngày"). */
  alternative?: { amount: number; condition: string };
}

/**
 * Why a schedule was implied from the row when its deadline cell was empty: never stated, so the office confirms it.
 * - 'indicator-year-end': a yearly indicator ("Chỉ tiêu năm 2025: 80%") is due at the year's end, evaluated in the year's report;
 * - 'continuing-work': continuing work ("Tiếp tục triển khai…", "Duy trì…") is continuous, with check-ins.
 */
export interface InferredSchedule {
  rule: 'indicator-year-end' | 'continuing-work';
  /** The cell text the rule read ("Chỉ tiêu năm 2025: 80%"). */
  from: string;
  /** Vietnamese, for the office: what was implied and that it needs confirming. */
  reason: string;
}

export interface Schedule {
  kind: ScheduleKind;
  /** The phrase and context exactly as given (NFC, single spaces). */
  text: string;
  context?: string;
  /** The plan year used for everything the text did not date. */
  year: number;
  /**
   * once: every stated date (targets and milestones included), ascending.
   * event / continuous: a fallback deadline when the text gives one, else empty.
   * recurring: empty (occurrences come from `rule`).
   */
  dates: DueDate[];
  rule?: RecurrenceRule;
  /** true when an event (a letter, a case, "đột xuất") can open an occurrence. */
  trigger: boolean;
  /** Vietnamese description of what triggers it: "Công văn yêu cầu rà soát của VPUBND tỉnh". */
  triggerDescription?: string;
  sla?: Sla;
  /** continuous: the periodic check-in that fits the duty (monthly by default, weekly for "…/tuần"). */
  checkIn?: RecurrenceRule;
  implied: Implied[];
  /** unknown: why the engine could not read it, in Vietnamese, and what a person should set. */
  reason?: string;
  /**
   * Set when the grammar covered the cell only in part (a number no rule explained): the reading is shown but the
   * office confirms it before it is scheduled (Vietnamese, what was left unexplained and what to do).
   */
  toConfirm?: string;
  /** Present only when the whole schedule was implied from the row, not read from its deadline cell. */
  inferred?: InferredSchedule;
}

export interface ParseDeadlineInput {
  text: string;
  context?: string;
  /** The plan year: dates without a year take it. */
  year: number;
  /** The plan's start (its date): recurring occurrences are listed from here when asked. */
  planStart?: IsoDate;
  /** The row's other cells: read only when the deadline cell is empty, for a schedule they imply (`inferred`). */
  row?: RowCells;
  /** How the plan's policy reads "trước ngày X": strictly before X (default), or by the end of X ("den-het"). */
  truocNgay?: TruocNgay;
}

/**
 * "truoc": "trước ngày 30/4" is due 29/4, as the words say and as Bộ luật Dân sự counts a time limit that ends before a
 * day; "den-het": due 30/4, as many offices mean it. A plan's policy.json chooses (`"truocNgay"`).
 */
export type TruocNgay = 'truoc' | 'den-het';

/** A plan row's other cells, and the headings above it (group and section titles). */
export interface RowCells {
  content?: string;
  output?: string;
  headings?: string[];
}
