import type { Generated } from 'kysely';

/**
 * The read model's tables, as Kysely sees them. Instants are epoch milliseconds (bigint), calendar days ISO
 * text in Asia/Ho_Chi_Minh, lists JSON text: the same columns work on SQLite and PostgreSQL.
 */
export interface PlansTable {
  plan_key: string;
  number: string;
  title: string;
  date: string;
  year: number;
}

export interface RowsTable {
  row_key: string;
  plan_key: string;
  /** Appendix section and order, "3.4". */
  position: string;
  content: string;
  lead_id: string;
  lead_name: string;
  /** JSON: [{ id, name }] */
  coordinating: string;
  deadline_text: string;
  schedule_kind: string;
  expected_output: string;
  evidence_type: string;
  needs_deadline: number;
  cancelled_reason: string | null;
  cancelled_at: number | null;
  /** When the row stopped being followed and why (null while it runs). */
  ended_at: number | null;
  ended_reason: string | null;
  /** Workflow time of the last recorded change. */
  recorded_at: number;
}

export interface OccurrencesTable {
  row_key: string;
  occurrence_id: string;
  label: string;
  opens_on: string;
  original_nominal: string;
  nominal: string;
  effective: string;
  /** The day reports count it on (domain/tracking/report-day.ts); null only between a migration and its backfill. */
  report_day: string | null;
  role: string;
  trigger_document: string | null;
  trigger_date: string | null;
  /** 'on-time' | 'late' once the office accepts evidence. */
  outcome: string | null;
  completed_at: number | null;
  cancelled_reason: string | null;
  /** Evidence waiting for the office's review (0 or 1). */
  pending_evidence: number;
  /** Raised each time the effective deadline moves or the row gets a new lead unit: the calendar's SEQUENCE. */
  revision: Generated<number>;
}

export interface MessagesTable {
  message_key: string;
  row_key: string;
  occurrence_id: string;
  kind: string;
  /** JSON string arrays */
  recipients: string;
  copies: string;
  subject: string;
  sent_at: number;
  why: string;
}

export interface EvidenceTable {
  row_key: string;
  occurrence_id: string;
  evidence_id: string;
  document_number: string;
  document_date: string;
  title: string;
  /** JSON string array */
  files: string;
  submitter_unit: string;
  submitter_name: string;
  submitted_at: number;
  review_decision: string | null;
  review_reason: string | null;
  reviewer: string | null;
  reviewed_at: number | null;
}

export interface EventsTable {
  row_key: string;
  seq: number;
  at: number;
  text: string;
}

export interface SentMessagesTable {
  key: string;
  message_id: string;
  sent_at: number;
}

/** The Official Account's renewed tokens (one row, id 'oa'): Zalo's refresh tokens work once. */
export interface ZaloTokensTable {
  id: string;
  origin: string;
  access_token: string;
  refresh_token: string;
  saved_at: number;
}

export interface UsersTable {
  email: string;
  name: string;
  /** 'van-phong' | 'lanh-dao' | 'don-vi' */
  role: string;
  /** The unit of a 'don-vi' account; the leader id of a 'lanh-dao' account, when given. */
  unit_id: string | null;
  password_hash: string;
  created_at: number;
  /** Bumped by a new password, role or unit, a logout and `user disable`: older sessions stop working. */
  session_version: Generated<number>;
  /** When `dondoc user disable` turned the account off; null while it may sign in. */
  disabled_at: number | null;
}

export interface UnitsDirectoryTable {
  version: number;
  /** JSON of the units directory (domain/plan/units.ts). */
  document: string;
  saved_by: string;
  saved_at: number;
}

/** What the digest sender reads of a row in digest mode (domain/digest/due-items.ts DigestSource, as JSON). */
export interface DigestRowsTable {
  row_key: string;
  source: string;
  recorded_at: number;
  /** The earliest instant the row owes the digest sender an item not yet claimed or mailed (epoch ms). */
  next_due: number;
}

/** One item claimed by one digest: the primary key makes "in exactly one digest" a constraint, not a hope. */
export interface DigestItemsTable {
  item_key: string;
  digest_key: string;
  row_key: string;
  occurrence_id: string;
  kind: string;
  step: string;
  /** When the per-message design would have sent it (epoch ms). */
  due_at: number;
  why: string;
}

/** One person's mail of one day: claimed items wait here (the outbox) until it is sent. */
export interface DigestsTable {
  digest_key: string;
  /** 'tong-hop' | 'qua-han' */
  list: string;
  email: string;
  name: string;
  day: string;
  /**
   * 'cho-gui' (claimed, not yet sent, waiting through temporary refusals) | 'da-gui' | 'bi-tu-choi' (the mail server
   * rejected the address) | 'khong-gui-duoc' (refused for more than the retry window) | 'da-chuyen' (its items went
   * back to be owed after the office saved the units directory)
   */
  state: string;
  subject: string | null;
  message_id: string | null;
  sent_at: number | null;
  error: string | null;
  /** The day of the first refusal of a digest still owed. */
  first_failed_day: string | null;
  /** The last refusal (epoch ms). */
  failed_at: number | null;
  attempts: Generated<number>;
}

/** The sending side's refusal, one row ('smtp') while it lasts. */
export interface MailServerStatusTable {
  id: string;
  error: string;
  since: number;
  checked_at: number;
}

/** A row's own mail (per-step delivery) that did not reach its recipient: activities/store/step-mail.ts. */
export interface StepMailFailuresTable {
  message_key: string;
  row_key: string;
  subject: string;
  /** JSON array of addresses. */
  recipients: string;
  state: 'bi-tu-choi' | 'khong-gui-duoc';
  error: string;
  failed_at: number;
}

export interface DondocDatabase {
  plans: PlansTable;
  rows: RowsTable;
  occurrences: OccurrencesTable;
  messages: MessagesTable;
  evidence: EvidenceTable;
  events: EventsTable;
  sent_messages: SentMessagesTable;
  zalo_tokens: ZaloTokensTable;
  users: UsersTable;
  units_directory: UnitsDirectoryTable;
  digest_rows: DigestRowsTable;
  digest_items: DigestItemsTable;
  digests: DigestsTable;
  mail_server_status: MailServerStatusTable;
  step_mail_failures: StepMailFailuresTable;
}
