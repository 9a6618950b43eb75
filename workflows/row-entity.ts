/**
 * One plan row as an entity: its state, the rules every update follows, and what it owes. It makes no Temporal call:
 * the row workflow (workflows/row.ts) wires its updates to these methods, the delivery (workflows/row-delivery.ts)
 * carries out what it owes, and `snapshot()` is the input of the row's next run after continue-as-new.
 * It runs inside the workflow, so `Date.now()` is the workflow's clock.
 */
import { legalCalendar, LegalCalendar } from '../domain/calendar/legal-calendar';
import { calendarFrom, calendarSnapshot, CalendarSnapshot } from '../domain/calendar/snapshot';
import { addDays, IsoDate, isIsoDate, isoDateAt, toVietnameseDate } from '../domain/dates';
import { owedSteps } from '../domain/delivery/owed-steps';
import { occurrences, opensOn, slaDue } from '../domain/deadline/occurrences';
import type { MailContext } from '../domain/notifications/templates';
import { CheckIn, checkIns } from '../domain/policy/check-ins';
import { evidenceMatches, EVIDENCE_LABEL, EvidenceType, parseDocumentNumber } from '../domain/plan/evidence-type';
import { atLocalHour, DEFAULT_POLICY, plannedSteps, ReminderPolicy } from '../domain/policy/reminders';
import { lateActionReason, TimelyAction } from '../domain/tracking/late-action';
import { DigestPart, NOTHING_RECORDED, RecordMark, RowChange, rowChangeSince } from '../domain/tracking/row-change';
import { rowEnd, yearOver } from '../domain/tracking/row-end';
import { Evidence, Occurrence, RowSpec, RowState } from '../domain/tracking/row-state';
import { hasPendingEvidence, occurrenceStatus } from '../domain/tracking/status';
import { occurrenceName, occurrenceNameCapitalised } from '../domain/tracking/occurrence-name';
import { acceptanceLogText, judgeTimeliness, OfficeTimeliness, officeTimelinessRefusal, Timeliness, timelinessFacts } from '../domain/tracking/timeliness';
import type {
  CalendarChange,
  EvidenceReview,
  EvidenceSubmission,
  ExtensionRequest,
  PlannedMessage,
  RowContacts,
  RowView,
  RowWorkflowInput,
  StateQueryOptions,
  TriggerRequest,
} from './definitions';
import { DEFAULT_PLANNED_IN_VIEW, withoutCalendar } from './definitions';

/** How far past now (or the deadline, if later) the row lists its steps, so the next step is always among them. */
const LOOKAHEAD_MS = 400 * 24 * 3600 * 1000;

/** Something the head (and the office) must hear at once, outside the ladder of steps. */
export type UnitNotice =
  | { kind: 'evidence-returned'; key: string; occurrence: Occurrence; evidence: Evidence; reason: string }
  | { kind: 'deadline-moved'; key: string; occurrence: Occurrence; from: IsoDate; document: string };

function initialOccurrences(spec: RowSpec, calendar: LegalCalendar): Occurrence[] {
  const { schedule, plan } = spec;
  const start = plan.date;
  const dues = occurrences(schedule, { from: start, to: `${plan.year}-12-31` }, calendar).filter((d) => d.role === 'deadline');
  return dues.map((d, i) => ({
    id: schedule.kind === 'recurring' ? d.nominal.slice(0, 7) : dues.length > 1 ? `m${i + 1}` : 'chinh',
    label: d.label ?? (schedule.kind === 'recurring' ? `kỳ ${d.nominal.slice(5, 7)}/${d.nominal.slice(0, 4)}` : ''),
    opensOn: schedule.kind === 'recurring' && schedule.rule ? opensOn(schedule.rule, d.nominal, start) : start,
    originalNominal: d.nominal,
    nominal: d.nominal,
    effective: d.effective,
    role: 'deadline' as const,
    extensions: [],
    evidence: [],
  }));
}

/**
 * A row's first state. `calendar` is the snapshot its starter took (`rowCalendar`): taken outside the workflow and
 * carried in its input, it is in the history, so replay never reads the decision files of the day. Rows started
 * without one count with the shipped calendar, as rows did before it was kept.
 */
export function newRowState(spec: RowSpec, calendar?: CalendarSnapshot): RowState {
  const occ = initialOccurrences(spec, calendar ? calendarFrom(calendar) : legalCalendar());
  return { rowKey: `${spec.planKey}/${spec.where}`, spec, occurrences: occ, messages: [], log: [], needsDeadline: spec.schedule.kind === 'unknown', ...(calendar ? { calendar } : {}) };
}

export const isOpen = (o: Occurrence) => !o.cancelled && !o.outcome;

/** A validator's refusal of an action sent after its own deadline (a person's click that waited in an outage). */
function refuseLate(action: TimelyAction): void {
  const late = lateActionReason(action, Date.now());
  if (late) throw new Error(late);
}

export class Row {
  readonly state: RowState;
  policy: ReminderPolicy;
  contacts: RowContacts;
  /** The row's own calendar, changed only by a calendar update: a new decision file does not move running rows. */
  calendar: LegalCalendar;
  /** Keys of the messages the row has mailed itself. */
  readonly sent: Set<string>;
  /** Messages to an address the mail server refused for good: owed again once the row hears of new contacts. */
  readonly rejected: Set<string>;
  /** Set by every update, so the workflow's wait ends and the row delivers and records again. */
  changed = false;
  private input: RowWorkflowInput;
  private recorded: RecordMark;
  /** Steps due from here on are owed (the first run's start; moved when the row leaves the digest). */
  private trackingFrom: number;
  /** When the row began: a row started after its steps had passed owes one line that says so. */
  private readonly startedAt: number;
  /** Rows since owed-since-start owe a line for steps missed before they started, and weekly repeats without a cap. */
  private readonly owesSinceStart: boolean;
  /**
   * Rows since step-mail-policy mail each step under the digest's rules (workflows/row-delivery.ts): 3 days of
   * retries, then listed; addresses from the newest saved directory; refused mail owed again after a directory save.
   */
  readonly stepMailPolicy: boolean;
  /** When the row last learned its contacts: a units directory saved later decides the addresses. */
  contactsAt: number;
  /** When the mail server last refused one of the row's mails, and when the row last asked for a directory save since. */
  refusedAt?: number;
  private refusalsCheckedAt?: number;

  /** `startedAt`: this run's start; `owesSinceStart`: the row's patch gate, for a first run. */
  constructor(input: RowWorkflowInput, startedAt: number, owesSinceStart: boolean, stepMailPolicy = false) {
    this.input = input;
    this.policy = { ...DEFAULT_POLICY, ...input.policy };
    this.contacts = input.contacts;
    this.state = input.state ?? newRowState(input.spec, input.calendar);
    this.calendar = this.state.calendar ? calendarFrom(this.state.calendar) : legalCalendar();
    this.sent = new Set(input.sentKeys ?? []);
    this.rejected = new Set(input.rejectedKeys ?? []);
    this.recorded = input.recorded ?? NOTHING_RECORDED;
    // A continued run keeps the cursor, so a step that fell due while the previous run was finishing is still owed.
    this.trackingFrom = input.trackingFrom ?? startedAt;
    this.startedAt = input.startedAt ?? this.trackingFrom;
    this.owesSinceStart = owesSinceStart;
    this.stepMailPolicy = stepMailPolicy;
    this.contactsAt = input.contactsAt ?? this.startedAt;
    this.refusedAt = input.refusedAt;
    this.refusalsCheckedAt = input.refusalsCheckedAt;
  }

  /** The input of the row's next run (continue-as-new): everything the row knows and has done. */
  snapshot(): RowWorkflowInput {
    const { input, contacts, state, recorded, trackingFrom, startedAt, owesSinceStart } = this;
    const stepMail = this.stepMailPolicy ? { stepMailPolicy: true, contactsAt: this.contactsAt, refusedAt: this.refusedAt, refusalsCheckedAt: this.refusalsCheckedAt } : {};
    return { ...input, contacts, state, sentKeys: [...this.sent], recorded, trackingFrom, startedAt, owesSinceStart, rejectedKeys: [...this.rejected], ...stepMail };
  }

  log(text: string): void {
    this.state.log.push({ at: Date.now(), text });
  }

  find(id: string): Occurrence | undefined {
    return this.state.occurrences.find((o) => o.id === id);
  }

  mailContext(occ: Occurrence): MailContext {
    return { spec: this.state.spec, occurrence: occ, today: isoDateAt(Date.now()), office: this.contacts.office };
  }

  // ── What the row owes ────────────────────────────────────────────────────────────────────────────────────────────

  /** Every step and check-in the row owes and has not mailed, in time order (in digest mode the sender takes them). */
  owed(): PlannedMessage[] {
    const out: PlannedMessage[] = [];
    const owes = (key: string, at: number) => !this.sent.has(key) && !this.rejected.has(key) && at >= this.trackingFrom;
    for (const occ of this.state.occurrences) {
      if (!isOpen(occ) || hasPendingEvidence(occ)) continue;
      const steps = this.owesSinceStart
        ? owedSteps(occ.effective, occ.opensOn, this.policy, this.calendar, this.startedAt, Math.max(Date.now(), atLocalHour(occ.effective, 0)) + LOOKAHEAD_MS)
        : plannedSteps(occ.effective, occ.opensOn, this.policy, this.calendar, 52);
      for (const step of steps) {
        const key = `${this.state.rowKey}/${occ.id}/${step.step}`;
        if (owes(key, step.at)) out.push({ ...step, key, occurrenceId: occ.id });
      }
    }
    for (const c of this.checkIns()) {
      const key = `${this.state.rowKey}/ky-${c.period}/${c.step}`;
      if (owes(key, c.at)) out.push({ ...c, key, occurrenceId: `ky-${c.period}` });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** The first owed message whose time has come. */
  firstDue(): PlannedMessage | undefined {
    const first = this.owed()[0];
    return first && first.at <= Date.now() ? first : undefined;
  }

  /** The check-ins of a continuous row ("hỏi tình hình thực hiện" each period). */
  checkIns(): CheckIn[] {
    const { schedule, plan } = this.state.spec;
    if (schedule.kind !== 'continuous' || !schedule.checkIn || this.state.cancelled) return [];
    return checkIns(schedule.checkIn, plan.date, plan.year, this.policy, this.calendar);
  }

  // ── How it is delivered ──────────────────────────────────────────────────────────────────────────────────────────

  /** The plan's wish: the daily digest unless the policy says otherwise (rows started without a word mail each step). */
  wantsDigest(): boolean {
    return this.policy.digest ?? this.input.digest ?? false;
  }

  /** The row's steps go to the daily digest sender instead of being mailed one by one. */
  inDigest(): boolean {
    return this.state.digest !== undefined && this.state.digest.until === undefined;
  }

  /**
   * Switching on, the digest owes every step from the row's start that the row has not mailed (the sender skips keys
   * the read model already has as sent); switching off, the row mails again only what falls due from now on.
   */
  settleDelivery(digest: boolean): void {
    if (digest && !this.inDigest()) {
      if (this.state.digest || this.state.messages.length > 0) this.log('Từ nay nhắc việc của nhiệm vụ này được gửi trong thư tổng hợp hằng ngày.');
      this.state.digest = { from: this.state.digest ? Date.now() : this.trackingFrom };
    } else if (!digest && this.inDigest()) {
      this.state.digest = { ...this.state.digest!, until: Date.now() };
      this.trackingFrom = Date.now();
      this.log('Từ nay mỗi lần nhắc việc của nhiệm vụ này được gửi thành một thư riêng.');
    }
  }

  /** New contacts for the row: what an old address refused is owed to the new one. */
  setContacts(next: RowContacts): void {
    if (JSON.stringify(next) !== JSON.stringify(this.contacts)) {
      this.rejected.clear();
      this.contactsAt = Date.now();
    }
    this.contacts = next;
  }

  /** A message the row mailed, for its log, its record and the read model. */
  recordSent(message: Omit<RowState['messages'][number], 'state' | 'at'>): void {
    this.sent.add(message.key);
    this.state.messages.push({ ...message, at: Date.now(), state: 'sent' });
  }

  /** A message the mail server refused for good: the office reads why, and it is owed again with new contacts. */
  recordRefused(key: string, subject: string, to: string[], reason: string): void {
    this.rejected.add(key);
    this.changed = true;
    if (!this.stepMailPolicy) {
      this.log(`Chưa gửi được "${subject}" tới ${to.join(', ')}: ${reason}. Văn phòng sửa địa chỉ trong danh bạ đơn vị rồi nhập lại kế hoạch, thư sẽ được gửi lại.`);
      return;
    }
    this.refusedAt = Date.now();
    this.log(`Chưa gửi được "${subject}" tới ${to.join(', ')}: ${reason}. Văn phòng sửa địa chỉ trong Danh bạ đơn vị và lưu lại; thư sẽ được gửi tới địa chỉ mới.`);
  }

  /** When the row next asks whether the directory was saved since a refusal (each day at the reminder hour while one waits). */
  refusalsRecheckAt(): number | undefined {
    if (!this.stepMailPolicy || this.rejected.size === 0 || this.refusedAt === undefined) return undefined;
    const from = Math.max(this.refusedAt, this.refusalsCheckedAt ?? 0);
    return atLocalHour(addDays(isoDateAt(from), 1), this.policy.hour);
  }

  /** The row asked now; `saved`: the directory was saved since the refusal, so what it refused is owed again. */
  refusalsChecked(saved: boolean): void {
    this.refusalsCheckedAt = Date.now();
    if (!saved || this.rejected.size === 0) return;
    this.log(`Danh bạ đơn vị đã được lưu lại: gửi lại ${this.rejected.size} thư chưa đến được người nhận.`);
    this.rejected.clear();
    this.changed = true;
  }

  // ── The read model ───────────────────────────────────────────────────────────────────────────────────────────────

  /** What the digest sender reads besides the occurrences, recorded with every change. */
  private digestPart(): DigestPart | undefined {
    if (!this.state.digest) return undefined;
    const { head, leader, office, coordinating } = this.contacts;
    return { contacts: { head, leader, office, coordinating }, policy: this.policy, calendar: this.state.calendar, from: this.state.digest.from, until: this.state.digest.until, notices: this.state.notices ?? [] };
  }

  /** What the read model has not seen yet, or null; `recordedUpTo` once it is written. */
  unrecorded(): { change: RowChange; mark: RecordMark } | null {
    return rowChangeSince(this.state, this.recorded, Date.now(), this.digestPart());
  }

  recordedUpTo(mark: RecordMark): void {
    this.recorded = mark;
  }

  // ── When it ends, when it wakes ──────────────────────────────────────────────────────────────────────────────────

  /** Why the row ends today, or undefined: one rule for the row, the preview and the import (domain/tracking/row-end.ts). */
  ending(): string | undefined {
    return rowEnd(this.state.spec, this.state.occurrences, this.state.cancelled, isoDateAt(Date.now())) ?? undefined;
  }

  end(reason: string): void {
    this.state.ended = { at: Date.now(), reason };
    this.log(`Kết thúc theo dõi: ${reason}`);
  }

  /** How long to wait for an update when no delivery is due: to the plan year's end, then for a person. */
  idleWait(): number | undefined {
    if (yearOver(this.state.spec, isoDateAt(Date.now()))) return undefined;
    const end = Date.UTC(this.state.spec.plan.year, 11, 31, 17, 0, 0) + 1; // 00:00 on 1 January in Vietnam (UTC+7)
    return Math.max(1, end - Date.now());
  }

  /** What the `state` query answers: the row without its calendar, and the next few messages. */
  view(planned: PlannedMessage[], options?: StateQueryOptions): RowView {
    return {
      state: withoutCalendar(this.state),
      statuses: Object.fromEntries(this.state.occurrences.map((o) => [o.id, occurrenceStatus(o, Date.now())])),
      planned: planned.slice(0, options?.planned ?? DEFAULT_PLANNED_IN_VIEW),
    };
  }

  // ── Updates: a validator adds no command to the history and runs only for new updates ────────────────────────────

  validateSubmission(s: EvidenceSubmission): void {
    refuseLate(s);
    const occ = this.find(s.occurrenceId);
    if (!occ) throw new Error(`Không có lần thực hiện "${s.occurrenceId}" của nhiệm vụ ${this.state.spec.where}.`);
    if (!isOpen(occ)) throw new Error(`${occurrenceNameCapitalised(occ)} đã kết thúc, không nhận thêm minh chứng.`);
    if (hasPendingEvidence(occ)) throw new Error(`${occurrenceNameCapitalised(occ)} đang chờ Văn phòng xác nhận minh chứng trước.`);
    if (s.submitter.unitId !== this.state.spec.lead.id) {
      throw new Error(`Người nộp thuộc đơn vị "${s.submitter.unitId}", không phải đơn vị chủ trì (${this.state.spec.lead.name}).`);
    }
    const doc = parseDocumentNumber(s.documentNumber);
    if (!doc) throw new Error(`Số văn bản "${s.documentNumber}" không đúng dạng số/ký hiệu, ví dụ 662/BC-SKHCN.`);
    const expected = this.state.spec.evidenceType as EvidenceType;
    if (!evidenceMatches(expected, doc.type)) {
      throw new Error(`Kết quả cần nộp là ${EVIDENCE_LABEL[expected]} (${expected}), nhưng văn bản ${s.documentNumber} là ${EVIDENCE_LABEL[doc.type]}.`);
    }
    if (!isIsoDate(s.documentDate)) throw new Error(`Ngày văn bản "${s.documentDate}" không hợp lệ: dùng dạng YYYY-MM-DD.`);
    for (const f of s.files ?? []) {
      if (!f.name || !/^[0-9a-f]{64}$/.test(f.sha256)) throw new Error(`Tệp "${f.name}" chưa được lưu vào kho minh chứng: nộp qua dondoc task submit --file <tệp>.`);
    }
  }

  /** On time or late by the rule (domain/tracking/timeliness.ts), or as the office decided with its reason. */
  private complete(occ: Occurrence, evidence: Evidence, office?: OfficeTimeliness): Timeliness {
    const judged = judgeTimeliness(timelinessFacts(occ, evidence), office);
    occ.outcome = judged.outcome;
    occ.completedAt = Date.now();
    return judged;
  }

  submitEvidence(s: EvidenceSubmission) {
    const occ = this.find(s.occurrenceId)!;
    const evidence: Evidence = { id: `mc-${occ.evidence.length + 1}`, documentNumber: s.documentNumber, documentDate: s.documentDate, title: s.title, files: s.files ?? [], submitter: s.submitter, submittedAt: Date.now() };
    occ.evidence.push(evidence);
    if (this.policy.autoAccept) {
      evidence.review = { decision: 'accept', reviewer: 'tự động', at: Date.now() };
      this.complete(occ, evidence);
    }
    this.log(`${s.submitter.name} nộp minh chứng ${s.documentNumber} cho ${occurrenceName(occ)}.`);
    this.changed = true;
    return { evidenceId: evidence.id, status: occurrenceStatus(occ, Date.now()) };
  }

  validateReview(r: EvidenceReview): void {
    refuseLate(r);
    const occ = this.find(r.occurrenceId);
    if (!occ || !hasPendingEvidence(occ)) throw new Error(`${occ ? occurrenceNameCapitalised(occ) : `Lần thực hiện "${r.occurrenceId}"`} không có minh chứng nào đang chờ xác nhận.`);
    if (r.decision === 'return' && !r.reason?.trim()) throw new Error('Trả lại minh chứng cần ghi lý do để đơn vị biết cần bổ sung gì.');
    const timely = r.decision === 'accept' ? officeTimelinessRefusal(timelinessFacts(occ, occ.evidence.find((e) => !e.review)!), r.timeliness) : undefined;
    if (timely) throw new Error(timely);
  }

  /** The office's decision; a returned evidence is a notice to the unit. The workflow sets `changed` once it is delivered. */
  review(r: EvidenceReview): UnitNotice | undefined {
    const occ = this.find(r.occurrenceId)!;
    const evidence = occ.evidence.find((e) => !e.review)!;
    evidence.review = { decision: r.decision, reason: r.reason, reviewer: r.reviewer, at: Date.now() };
    if (r.decision === 'accept') {
      this.log(acceptanceLogText(r.reviewer, evidence.documentNumber, timelinessFacts(occ, evidence), this.complete(occ, evidence, r.timeliness)));
      return undefined;
    }
    this.log(`${r.reviewer} trả lại minh chứng ${evidence.documentNumber}: ${r.reason}`);
    return { kind: 'evidence-returned', key: `${this.state.rowKey}/${occ.id}/tra-lai-${evidence.id}`, occurrence: occ, evidence, reason: r.reason ?? '' };
  }

  /** The status the review leaves, answered to whoever reviewed. */
  statusOf(occurrenceId: string) {
    return occurrenceStatus(this.find(occurrenceId)!, Date.now());
  }

  validateTrigger(t: TriggerRequest): void {
    refuseLate(t);
    if (!isIsoDate(t.date) || (t.deadline !== undefined && !isIsoDate(t.deadline))) throw new Error('Ngày văn bản và hạn phải theo dạng YYYY-MM-DD.');
    if (!t.deadline && !this.state.spec.schedule.sla) throw new Error(`Nhiệm vụ ${this.state.spec.where} không có thời hạn xử lý mặc định: hãy ghi hạn do văn bản ấn định (--han).`);
  }

  trigger(t: TriggerRequest): string {
    const n = this.state.occurrences.filter((o) => o.trigger).length + 1;
    const due = t.deadline ? { nominal: t.deadline, effective: this.calendar.effectiveDue(t.deadline) } : slaDue(this.state.spec.schedule.sla!, t.date, this.calendar);
    const occ: Occurrence = { id: `lan-${n}`, label: `theo ${t.document}`, opensOn: t.date, originalNominal: due.nominal, nominal: due.nominal, effective: due.effective, role: 'deadline', trigger: { document: t.document, date: t.date }, extensions: [], evidence: [] };
    this.state.occurrences.push(occ);
    this.log(`${t.by ? `${t.by}: ` : ''}Mở ${occurrenceName(occ)}, hạn ${toVietnameseDate(due.nominal)}.`);
    this.changed = true;
    return occ.id;
  }

  validateExtension(x: ExtensionRequest): void {
    refuseLate(x);
    const occ = this.find(x.occurrenceId);
    if (!occ || !isOpen(occ)) throw new Error(`Không có lần thực hiện đang mở "${x.occurrenceId}".`);
    if (!isIsoDate(x.to) || x.to <= occ.nominal) throw new Error(`Hạn mới phải là ngày sau hạn hiện tại (${toVietnameseDate(occ.nominal)}).`);
    if (!x.document.trim()) throw new Error('Gia hạn cần ghi văn bản quyết định gia hạn.');
  }

  extend(x: ExtensionRequest): void {
    const occ = this.find(x.occurrenceId)!;
    occ.extensions.push({ from: occ.nominal, to: x.to, document: x.document, at: Date.now() });
    occ.nominal = x.to;
    occ.effective = this.calendar.effectiveDue(x.to);
    this.log(`${x.by ? `${x.by}: ` : ''}Gia hạn ${occurrenceName(occ)} đến ${toVietnameseDate(x.to)} theo ${x.document} (hạn ban đầu ${toVietnameseDate(occ.originalNominal)}).`);
    this.changed = true;
  }

  validateCancel(c: TimelyAction): void {
    refuseLate(c);
  }

  cancel({ reason, by }: { reason: string; by?: string }): void {
    this.state.cancelled = { reason, at: Date.now() };
    for (const occ of this.state.occurrences) if (isOpen(occ)) occ.cancelled = { reason, at: Date.now() };
    this.log(`${by ? `${by}: ` : ''}Huỷ theo dõi nhiệm vụ: ${reason}`);
    this.changed = true;
  }

  /** A changed row from a new import: new wording, deadline or owner; what already happened is kept. */
  updateSpec({ spec, contacts, policy }: { spec: RowSpec; contacts: RowContacts; policy?: Partial<ReminderPolicy> }) {
    const fresh = initialOccurrences(spec, this.calendar);
    const result = { added: [] as string[], moved: [] as string[], cancelled: [] as string[] };
    for (const f of fresh) {
      const existing = this.find(f.id);
      if (!existing) {
        this.state.occurrences.push(f);
        result.added.push(f.id);
      } else if (isOpen(existing) && existing.extensions.length === 0 && existing.nominal !== f.nominal) {
        existing.nominal = f.nominal;
        existing.effective = f.effective;
        existing.originalNominal = f.nominal;
        result.moved.push(f.id);
      }
    }
    for (const occ of this.state.occurrences) {
      if (isOpen(occ) && !occ.trigger && !fresh.some((f) => f.id === occ.id)) {
        occ.cancelled = { reason: 'Kế hoạch sửa đổi không còn lần thực hiện này', at: Date.now() };
        result.cancelled.push(occ.id);
      }
    }
    this.state.spec = spec;
    this.state.needsDeadline = spec.schedule.kind === 'unknown';
    this.setContacts(contacts);
    if (policy) this.policy = { ...DEFAULT_POLICY, ...policy };
    this.input = { ...this.input, spec, contacts, ...(policy ? { policy } : {}) };
    this.log(`Cập nhật theo kế hoạch nhập lại: thêm ${result.added.length}, đổi hạn ${result.moved.length}, huỷ ${result.cancelled.length} lần thực hiện.`);
    this.changed = true;
    return result;
  }

  validateReassign({ lead, document, notAfter }: { lead: { id: string; name: string }; document: string } & TimelyAction): void {
    refuseLate({ notAfter });
    if (lead.id === this.state.spec.lead.id) throw new Error(`${lead.name} đã là đơn vị chủ trì.`);
    if (!document.trim()) throw new Error('Giao lại cần ghi văn bản quyết định.');
  }

  reassign({ lead, contacts, document, by }: { lead: { id: string; name: string }; contacts: RowContacts; document: string; by?: string }): void {
    this.log(`${by ? `${by}: ` : ''}Giao lại từ ${this.state.spec.lead.name} cho ${lead.name} theo ${document}.`);
    this.state.spec = { ...this.state.spec, lead };
    this.setContacts(contacts);
    this.changed = true;
  }

  validateCalendarChange({ decisions, document, notAfter }: CalendarChange): void {
    refuseLate({ notAfter });
    if (!document.trim()) throw new Error('Cập nhật lịch nghỉ cần ghi văn bản quyết định (ví dụ Quyết định …/QĐ-TTg).');
    for (const d of decisions) if (!Number.isInteger(d.year)) throw new Error('Quyết định lịch nghỉ thiếu năm.');
  }

  /** A changed holiday calendar: each open deadline it moves is a notice to the unit, in order. */
  changeCalendar({ decisions, document }: CalendarChange): { moved: { occurrenceId: string; from: IsoDate; to: IsoDate }[]; notices: UnitNotice[] } {
    const years = this.state.calendar?.years ?? [this.state.spec.plan.year, this.state.spec.plan.year + 1];
    this.state.calendar = calendarSnapshot(years, new Map(decisions.map((d) => [d.year, d])));
    this.calendar = calendarFrom(this.state.calendar);
    const moved: { occurrenceId: string; from: IsoDate; to: IsoDate }[] = [];
    const notices: UnitNotice[] = [];
    for (const occ of this.state.occurrences.filter(isOpen)) {
      const effective = this.calendar.effectiveDue(occ.nominal);
      if (effective === occ.effective) continue;
      moved.push({ occurrenceId: occ.id, from: occ.effective, to: effective });
      this.log(`Lịch nghỉ thay đổi theo ${document}: hạn ${occurrenceName(occ)} chuyển từ ${toVietnameseDate(occ.effective)} sang ${toVietnameseDate(effective)}.`);
      notices.push({ kind: 'deadline-moved', key: `${this.state.rowKey}/${occ.id}/doi-han-${effective}`, occurrence: occ, from: occ.effective, document });
      occ.effective = effective;
    }
    if (moved.length === 0) this.log(`Áp dụng lịch nghỉ theo ${document}: không hạn nào thay đổi.`);
    // No `changed` here: the workflow sets it once the notices are delivered, so the row's own sends and records come
    // after them, in the order running rows' histories have.
    return { moved, notices };
  }
}
