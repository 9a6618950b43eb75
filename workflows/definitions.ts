/**
 * The row workflow's messages, typed and shared by the workflow, the CLI and the tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { YearDecision } from '../domain/calendar/decisions';
import type { CalendarSnapshot } from '../domain/calendar/snapshot';
import type { IsoDate } from '../domain/dates';
import type { ReminderPolicy, Step } from '../domain/policy/reminders';
import type { TimelyAction } from '../domain/tracking/late-action';
import type { OfficeTimeliness } from '../domain/tracking/timeliness';
import type { RecordMark } from '../domain/tracking/row-change';
import type { EvidenceFile, OccurrenceStatus, RowSpec, RowState } from '../domain/tracking/row-state';

export interface Contact {
  name: string;
  email: string;
  /** For a coordinating unit's head: the unit (rows recorded before it was kept have none). */
  unitId?: string;
}

/** Who hears about the row: the lead unit's head, the leader in charge, the office, the coordinating units. */
export interface RowContacts {
  head: Contact;
  leader: Contact;
  office: Contact;
  coordinating: Contact[];
}

export interface RowWorkflowInput {
  spec: RowSpec;
  contacts: RowContacts;
  policy?: Partial<ReminderPolicy>;
  /** The legal calendar the row counts with, as its starter took it (`rowCalendar`). */
  calendar?: CalendarSnapshot;
  /** Carried across continue-as-new. */
  state?: RowState;
  sentKeys?: string[];
  /** When the row first started (epoch ms), carried across continue-as-new: steps before it are owed as one line. */
  startedAt?: number;
  /** The row owes a line for steps missed before it started, and weekly repeats without a cap (rows since owed-since-start). */
  owesSinceStart?: boolean;
  /** Messages the mail server refused for good, owed again when new contacts arrive; carried across continue-as-new. */
  rejectedKeys?: string[];
  /** Rows since step-mail-policy: their per-step mail follows the digest's rules (workflows/row-delivery.ts). */
  stepMailPolicy?: boolean;
  /** When the row last learned its contacts, when a mail of it was last refused, when it last asked for a directory
   *  save since: carried across continue-as-new. */
  contactsAt?: number;
  refusedAt?: number;
  refusalsCheckedAt?: number;
  /** How far the read model has been brought, carried across continue-as-new. */
  recorded?: RecordMark;
  /** Epoch ms from which the row's steps are owed (its first run's start), carried across continue-as-new. */
  trackingFrom?: number;
  /**
   * Deliver through the daily digest unless the policy says otherwise: plan import sets it. Absent (rows started
   * before digests existed, or by hand), the row mails each step itself.
   */
  digest?: boolean;
}

export interface EvidenceSubmission extends TimelyAction {
  occurrenceId: string;
  /** "662/BC-SKHCN" */
  documentNumber: string;
  documentDate: IsoDate;
  title: string;
  files?: EvidenceFile[];
  submitter: { unitId: string; name: string; email?: string };
}

export interface EvidenceReview extends TimelyAction {
  occurrenceId: string;
  decision: 'accept' | 'return';
  reason?: string;
  reviewer: string;
  /** On acceptance, the office's own call on timeliness when it differs from the rule (domain/tracking/timeliness.ts). */
  timeliness?: OfficeTimeliness;
}

export interface TriggerRequest extends TimelyAction {
  /** The triggering document: "Công văn 123/VPUBND-KSTT ngày 10/4/2025". */
  document: string;
  date: IsoDate;
  /** A deadline the document sets; otherwise the row's SLA applies. */
  deadline?: IsoDate;
  /** Who did it, for the row's log (the web app always says). */
  by?: string;
}

export interface ExtensionRequest extends TimelyAction {
  occurrenceId: string;
  to: IsoDate;
  document: string;
  by?: string;
}

export interface PlannedMessage extends Step {
  key: string;
  occurrenceId: string;
}

/** The row's state without its legal calendar (most of its size): ask `calendarQuery` for that. */
export type RowStateView = Omit<RowState, 'calendar'>;
export const withoutCalendar = ({ calendar: _calendar, ...rest }: RowState): RowStateView => rest;

export interface RowView {
  state: RowStateView;
  statuses: Record<string, OccurrenceStatus>;
  /** The next messages, with when and why, so anyone can see what goes out next. */
  planned: PlannedMessage[];
}

export const submitEvidenceUpdate = defineUpdate<{ evidenceId: string; status: OccurrenceStatus }, [EvidenceSubmission]>('submitEvidence');
export const reviewEvidenceUpdate = defineUpdate<OccurrenceStatus, [EvidenceReview]>('reviewEvidence');
export const triggerUpdate = defineUpdate<string, [TriggerRequest]>('trigger');
export const extendDeadlineUpdate = defineUpdate<void, [ExtensionRequest]>('extendDeadline');
export const cancelUpdate = defineUpdate<void, [{ reason: string; by?: string } & TimelyAction]>('cancel');
/** A changed row from a new import: new wording, deadline or owner; what already happened is kept. */
export const updateSpecUpdate = defineUpdate<{ added: string[]; moved: string[]; cancelled: string[] }, [{ spec: RowSpec; contacts: RowContacts; policy?: Partial<ReminderPolicy> }]>('updateSpec');
/** A new lead unit, decided by a document. */
export const reassignUpdate = defineUpdate<void, [{ lead: { id: string; name: string }; contacts: RowContacts; document: string; by?: string } & TimelyAction]>('reassign');
/**
 * The office applies a changed holiday calendar ("lịch nghỉ thay đổi") to a running row: the decisions for the row's
 * years, carried in the update so that replay never depends on the data files of the day.
 */
export interface CalendarChange extends TimelyAction {
  decisions: YearDecision[];
  /** The decision that changed the calendar: "Quyết định 1234/QĐ-TTg ngày 01/12/2034". */
  document: string;
}
export const calendarUpdate = defineUpdate<{ moved: { occurrenceId: string; from: IsoDate; to: IsoDate }[] }, [CalendarChange]>('calendarUpdate');
export interface StateQueryOptions {
  /** How many of the next messages to list: 3 unless asked (what `dondoc task status` shows). */
  planned?: number;
}
export const DEFAULT_PLANNED_IN_VIEW = 3;
/** The row as it is now, under 4 KB for a typical row: the legal calendar is asked for apart (`calendarQuery`). */
export const stateQuery = defineQuery<RowView, [StateQueryOptions?]>('state');
/** The legal calendar the row counts with (absent in rows opened before it was kept: they count with the shipped one). */
export const calendarQuery = defineQuery<CalendarSnapshot | undefined>('calendar');

/**
 * Custom search attributes dondoc sets when it starts a workflow, registered on the namespace by the worker, the
 * import, `dondoc up` (through the worker) and the test servers, so the Web UI and `temporal workflow list --query`
 * filter rows (domain/tracking/row-visibility.ts; the operator's queries in client/visibility-queries.ts):
 * - DondocPlan: the plan key ("16-KH-SKHCN-2025"), on rows, the plan's registry and the digest sender;
 * - DondocUnit: the row's lead unit id ("vp");
 * - DondocStatus: the row's worst open status, a QĐ 42 slug ("dang-thuc-hien-qua-han"), or "chua-co-han";
 * - DondocNextDue: the next effective deadline of an open occurrence (00:00 of the day in Vietnam);
 * - DondocYear: the plan year.
 */
export const SEARCH_ATTRIBUTES = { DondocPlan: 'KEYWORD', DondocUnit: 'KEYWORD', DondocStatus: 'KEYWORD', DondocNextDue: 'DATETIME', DondocYear: 'INT' } as const;

/** Row key → a digest of what the plan file last said of the row (null: started, not yet confirmed). */
export type PlanRegistry = Record<string, string | null>;
export const planRowsSignal = defineSignal<[{ set: PlanRegistry; remove: string[] }]>('planRows');
export const planRowsQuery = defineQuery<PlanRegistry>('planRows');
/** The plan workflow's id: the plan key itself ("16-KH-SKHCN-2025"); rows are "16-KH-SKHCN-2025/3.4". */
export const planWorkflowId = (planKey: string) => `${planKey}`;
