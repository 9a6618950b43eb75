import type { CalendarSnapshot } from '../calendar/snapshot';
import { IsoDate } from '../dates';
import { Schedule } from '../deadline/schedule';
import type { RowNotice } from '../digest/due-items';

/**
 * The state of one plan row as its workflow keeps it, and as the read model stores it.
 * Plain JSON (no classes, no Dates): it crosses workflow/activity boundaries and continue-as-new.
 * Instants are epoch milliseconds from the workflow clock; calendar days are ISO dates in Asia/Ho_Chi_Minh.
 */

/** The government's status of one occurrence (QĐ 42/2014/QĐ-TTg as amended, and the provinces' own counts). */
export type OccurrenceStatus =
  | 'chua-den-han' // not yet open: its period has not started
  | 'dang-thuc-hien-trong-han' // open, before the effective deadline
  | 'dang-thuc-hien-qua-han' // open, past the effective deadline
  | 'cho-xac-nhan' // evidence submitted, the office has not decided
  | 'hoan-thanh-dung-han' // accepted, submitted on or before the effective deadline
  | 'hoan-thanh-qua-han' // accepted, submitted after it
  | 'da-huy'; // cancelled with a reason (not counted)

export const STATUS_LABEL: Record<OccurrenceStatus, string> = {
  'chua-den-han': 'Chưa đến hạn',
  'dang-thuc-hien-trong-han': 'Đang thực hiện trong hạn',
  'dang-thuc-hien-qua-han': 'Đang thực hiện quá hạn',
  'cho-xac-nhan': 'Chờ xác nhận',
  'hoan-thanh-dung-han': 'Hoàn thành đúng hạn',
  'hoan-thanh-qua-han': 'Hoàn thành quá hạn',
  'da-huy': 'Đã huỷ',
};

export interface UnitRef {
  id: string;
  name: string;
}

export interface PlanRef {
  /** "16/KH-SKHCN" */
  number: string;
  title: string;
  /** ISO date the plan was signed. */
  date: IsoDate;
  year: number;
}

/** One plan row as imported: the business key is `${planKey}/${where}`, e.g. "16-KH-SKHCN-2025/3.4". */
export interface RowSpec {
  planKey: string;
  plan: PlanRef;
  /** Appendix section and order: "3.4". */
  where: string;
  content: string;
  lead: UnitRef;
  coordinating: UnitRef[];
  deadlineText: string;
  deadlineContext?: string;
  expectedOutput: string;
  /** Evidence type the output calls for ("BC" for a Báo cáo…), from the plan model's classifier. */
  evidenceType: string;
  note?: string;
  schedule: Schedule;
}

/** A file kept with evidence: stored once by its content, so a resubmitted file is the same file. */
export interface EvidenceFile {
  /** The file's own name: "bao-cao-thang-4.pdf". */
  name: string;
  sha256: string;
  bytes: number;
  /** Where the evidence store keeps it, relative to the store's root: "ab/abcdef…/bao-cao-thang-4.pdf". */
  stored: string;
}

export interface Evidence {
  id: string;
  /** "662/BC-SKHCN" */
  documentNumber: string;
  documentDate: IsoDate;
  title: string;
  files: EvidenceFile[];
  submitter: { unitId: string; name: string; email?: string };
  submittedAt: number;
  review?: { decision: 'accept' | 'return'; reason?: string; reviewer: string; at: number };
}

export interface Extension {
  from: IsoDate;
  to: IsoDate;
  /** The deciding document, e.g. "Công văn 123/SKHCN-VP ngày 10/4/2025". */
  document: string;
  at: number;
}

export interface Occurrence {
  /** Stable within the row: "2025-03" for a monthly report, "m1" for a milestone, "case-2" for a triggered case. */
  id: string;
  label: string;
  /** The day the occurrence opens (reminders and statuses start from here). */
  opensOn: IsoDate;
  /** The deadline as first set, kept for reports even after an extension. */
  originalNominal: IsoDate;
  nominal: IsoDate;
  effective: IsoDate;
  role: 'deadline' | 'target';
  /** The triggering document or case, for event rows. */
  trigger?: { document: string; date: IsoDate };
  extensions: Extension[];
  evidence: Evidence[];
  completedAt?: number;
  /** Set once the office accepts evidence (or auto-accept does). */
  outcome?: 'on-time' | 'late';
  cancelled?: { reason: string; at: number };
}

export interface MessageRecord {
  /** Deterministic idempotency key: `${rowKey}/${occurrenceId}/${step}`. */
  key: string;
  kind: 'reminder' | 'escalation' | 'evidence-returned' | 'evidence-accepted' | 'check-in' | 'assignment' | 'deadline-moved';
  occurrenceId: string;
  to: string[];
  cc: string[];
  subject: string;
  /** When it was (or will be) sent, epoch ms. */
  at: number;
  state: 'planned' | 'sent';
  /** Why this message goes out, in Vietnamese: "nhắc trước hạn 3 ngày làm việc". */
  why: string;
}

export interface LogEntry {
  at: number;
  /** Vietnamese, for people: "Văn phòng Sở trả lại minh chứng: thiếu phụ lục". */
  text: string;
}

export interface RowState {
  rowKey: string;
  spec: RowSpec;
  occurrences: Occurrence[];
  messages: MessageRecord[];
  log: LogEntry[];
  /** Waiting for the office to set a deadline (the engine could not read the phrase). */
  needsDeadline: boolean;
  cancelled?: { reason: string; at: number };
  /** The legal calendar the row counts with (absent in rows opened before it was kept: the shipped one). */
  calendar?: CalendarSnapshot;
  /** Delivery through the daily digest: from when (and, when the plan turned it off again, until when). */
  digest?: { from: number; until?: number };
  /** What the next digest tells the lead unit besides its ladder: returned evidence, moved deadlines. */
  notices?: RowNotice[];
  /** When the row stopped being followed, and why (domain/tracking/row-end.ts). */
  ended?: { at: number; reason: string };
}
