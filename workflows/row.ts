/**
 * One plan row as a durable workflow: it opens occurrences from the row's schedule, reminds the lead unit
 * before each effective deadline, escalates when overdue, collects evidence and lets the office review it.
 * Deterministic: time is the workflow's clock, every effect goes through an activity with an idempotency key.
 */
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, makeContinueAsNewFunc, patched, proxyActivities, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities, OutgoingMessage } from '../activities/notifications';
import type { ReadModelActivities } from '../activities/read-model';
import { legalCalendar, LegalCalendar } from '../domain/calendar/legal-calendar';
import { calendarFrom, calendarSnapshot, CalendarSnapshot } from '../domain/calendar/snapshot';
import { IsoDate, isIsoDate, isoDateAt, toVietnameseDate } from '../domain/dates';
import { owedSteps } from '../domain/delivery/owed-steps';
import { occurrences, opensOn, slaDue } from '../domain/deadline/occurrences';
import { checkInMail, deadlineMovedMail, escalationMail, evidenceReturnedMail, MailContext, reminderMail } from '../domain/notifications/templates';
import { CheckIn, checkIns } from '../domain/policy/check-ins';
import { FINGERPRINT_MEMO, importFingerprint } from '../domain/plan/row-fingerprint';
import { evidenceMatches, EVIDENCE_LABEL, EvidenceType, parseDocumentNumber } from '../domain/plan/evidence-type';
import { atLocalHour, DEFAULT_POLICY, plannedSteps, ReminderPolicy } from '../domain/policy/reminders';
import { lateActionReason, TimelyAction } from '../domain/tracking/late-action';
import { DigestPart, NOTHING_RECORDED, RecordMark, rowChangeSince } from '../domain/tracking/row-change';
import { Evidence, Occurrence, RowSpec, RowState } from '../domain/tracking/row-state';
import { rowEnd, yearOver as isYearOver } from '../domain/tracking/row-end';
import { deadlineEndMs, hasPendingEvidence, occurrenceStatus } from '../domain/tracking/status';
import {
  calendarQuery,
  calendarUpdate,
  cancelUpdate,
  DEFAULT_PLANNED_IN_VIEW,
  EvidenceReview,
  EvidenceSubmission,
  extendDeadlineUpdate,
  PlannedMessage,
  reassignUpdate,
  reviewEvidenceUpdate,
  RowContacts,
  RowView,
  RowWorkflowInput,
  stateQuery,
  StateQueryOptions,
  submitEvidenceUpdate,
  triggerUpdate,
  updateSpecUpdate,
  withoutCalendar,
} from './definitions';
import { refreshRowVisibility, rowWakeAt } from './row-visibility';

const { sendMessage } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  // Mail servers recover in minutes to days; keep trying, never give up on a reminder (backoff caps at 1 hour).
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '1 hour', nonRetryableErrorTypes: ['MailRecipientRejected'] },
});

const { recordRow } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30 seconds',
  // A database restart must not lose a change: retry until it is written (every write is an upsert).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/**
 * Changes to the row workflow's commands, gated so that rows already running replay their history as it was written
 * (see "Changing the row workflow" in the README). A row that reaches the gate afresh takes the new path.
 */
const PATCH_RECORD_UNTIL_SETTLED = 'record-until-settled';
const PATCH_SEND_RECOMPUTED = 'send-recomputed';
const PATCH_DAILY_DIGEST = 'daily-digest';
/** Steps missed before the row started become one "overdue at import" line; weekly repeats have no cap. */
const PATCH_OWED_SINCE_START = 'owed-since-start';
/** A row that ends says when and why (state.ended, a log line), so nothing offers actions on it. */
const PATCH_END_SAYS_WHY = 'end-says-why';

/** How far past now (or the deadline, if later) the row lists its steps, so the next step is always among them. */
const LOOKAHEAD_MS = 400 * 24 * 3600 * 1000;

/** The activity's failure for an address the mail server refuses for good (activities/errors.ts). */
const isRecipientRejection = (error: unknown) => error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'MailRecipientRejected';

/** A safety bound besides the server's suggestion: a recurring row carries few events per occurrence. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 8000;

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

const isOpen = (o: Occurrence) => !o.cancelled && !o.outcome;

export async function rowWorkflow(input: RowWorkflowInput): Promise<RowState> {
  let policy: ReminderPolicy = { ...DEFAULT_POLICY, ...input.policy };
  let contacts: RowContacts = input.contacts;
  const state: RowState = input.state ?? newRowState(input.spec, input.calendar);
  // The row's own calendar, changed only by calendarUpdate: a new decision file does not move running rows.
  let calendar = state.calendar ? calendarFrom(state.calendar) : legalCalendar();
  let currentInput: RowWorkflowInput = input;
  const sent = new Set<string>(input.sentKeys ?? []);
  let recorded: RecordMark = input.recorded ?? NOTHING_RECORDED;
  // Steps due from the row's first start on are owed; a continued run keeps the cursor, so a step that fell due
  // while the previous run was finishing is still sent (sent keys say what is done).
  let trackingFrom = input.trackingFrom ?? workflowInfo().runStartTime.getTime();
  // When the row began, for the steps it owes: a row started after its steps had passed owes one line that says so.
  const startedAt = input.startedAt ?? trackingFrom;
  const owesSinceStart = input.owesSinceStart ?? (input.state === undefined && patched(PATCH_OWED_SINCE_START));
  // Messages to an address the mail server refused for good: owed again once the row hears of new contacts.
  const rejected = new Set<string>(input.rejectedKeys ?? []);
  let changed = false;

  const log = (text: string) => state.log.push({ at: Date.now(), text });
  /** The row's steps go to the daily digest sender instead of being mailed one by one. */
  const inDigest = () => state.digest !== undefined && state.digest.until === undefined;
  const find = (id: string) => state.occurrences.find((o) => o.id === id);
  const mailContext = (occ: Occurrence): MailContext => ({ spec: state.spec, occurrence: occ, today: isoDateAt(Date.now()), office: contacts.office });

  function planned(): PlannedMessage[] {
    const out: PlannedMessage[] = [];
    const owes = (key: string, at: number) => !sent.has(key) && !rejected.has(key) && at >= trackingFrom;
    for (const occ of state.occurrences) {
      if (!isOpen(occ) || hasPendingEvidence(occ)) continue;
      const steps = owesSinceStart ? owedSteps(occ.effective, occ.opensOn, policy, calendar, startedAt, Math.max(Date.now(), atLocalHour(occ.effective, 0)) + LOOKAHEAD_MS) : plannedSteps(occ.effective, occ.opensOn, policy, calendar, 52);
      for (const step of steps) {
        const key = `${state.rowKey}/${occ.id}/${step.step}`;
        if (owes(key, step.at)) out.push({ ...step, key, occurrenceId: occ.id });
      }
    }
    for (const c of continuousCheckIns()) {
      const key = `${state.rowKey}/ky-${c.period}/${c.step}`;
      if (owes(key, c.at)) out.push({ ...c, key, occurrenceId: `ky-${c.period}` });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  function nextDue(): PlannedMessage | undefined {
    const first = planned()[0];
    return first && first.at <= Date.now() ? first : undefined;
  }

  function continuousCheckIns(): CheckIn[] {
    const { schedule, plan } = state.spec;
    if (schedule.kind !== 'continuous' || !schedule.checkIn || state.cancelled) return [];
    return checkIns(schedule.checkIn, plan.date, plan.year, policy, calendar);
  }

  /**
   * One mail of the row. An address the mail server refuses for good never fails the row: the refusal is in the row's
   * log for the office, and the message is owed again once new contacts reach the row (re-import, reassignment).
   */
  async function deliver(message: OutgoingMessage): Promise<boolean> {
    try {
      await sendMessage(message);
      return true;
    } catch (error) {
      if (!isRecipientRejection(error)) throw error;
      rejected.add(message.key);
      const reason = ((error as ActivityFailure).cause as ApplicationFailure).message;
      log(`Chưa gửi được "${message.subject}" tới ${[...message.to, ...message.cc].join(', ')}: ${reason}. Văn phòng sửa địa chỉ trong danh bạ đơn vị rồi nhập lại kế hoạch, thư sẽ được gửi lại.`);
      changed = true;
      return false;
    }
  }

  /** New contacts for the row: what an old address refused is owed to the new one. */
  function setContacts(next: RowContacts): void {
    if (JSON.stringify(next) !== JSON.stringify(contacts)) rejected.clear();
    contacts = next;
  }

  async function sendCheckIn(message: PlannedMessage): Promise<void> {
    const c = continuousCheckIns().find((x) => `ky-${x.period}` === message.occurrenceId)!;
    const content = checkInMail({ spec: state.spec, periodStart: c.periodStart, cutoff: c.cutoff, effectiveCutoff: c.effectiveCutoff, office: contacts.office });
    const to = [contacts.head.email];
    if (!(await deliver({ key: message.key, to, cc: [], at: Date.now(), ...content }))) return;
    sent.add(message.key);
    state.messages.push({ key: message.key, kind: 'check-in', occurrenceId: message.occurrenceId, to, cc: [], subject: content.subject, at: Date.now(), state: 'sent', why: message.why });
    log(`Đã hỏi tình hình thực hiện kỳ ${toVietnameseDate(c.periodStart)}–${toVietnameseDate(c.cutoff)} tới ${to.join(', ')}.`);
  }

  async function send(message: PlannedMessage): Promise<void> {
    if (message.kind === 'check-in') return sendCheckIn(message);
    const occ = find(message.occurrenceId) as Occurrence;
    const content = message.kind === 'reminder' ? reminderMail(mailContext(occ)) : escalationMail(mailContext(occ), message.audience === 'leader');
    const to = message.audience === 'leader' ? [contacts.leader.email] : [contacts.head.email];
    const cc = [...(message.audience === 'head' ? [] : [contacts.office.email]), ...(message.copyCoordinating ? contacts.coordinating.map((c) => c.email) : [])];
    if (!(await deliver({ key: message.key, to, cc, at: Date.now(), ...content }))) return;
    sent.add(message.key);
    state.messages.push({ key: message.key, kind: message.kind, occurrenceId: occ.id, to, cc, subject: content.subject, at: Date.now(), state: 'sent', why: message.why });
    log(`Đã gửi ${message.kind === 'reminder' ? 'nhắc việc' : 'cảnh báo quá hạn'} (${message.why}) tới ${to.join(', ')}.`);
  }

  /**
   * Digest or one mail per step, as the plan's policy says now (rows started without a word keep mailing each step).
   * Switching on, the digest owes every step from the row's start that the row has not mailed (the sender skips keys
   * the read model already has as sent); switching off, the row mails again only what falls due from now on.
   */
  function settleDelivery(): void {
    const wanted = (policy.digest ?? currentInput.digest ?? false) && patched(PATCH_DAILY_DIGEST);
    if (wanted && !inDigest()) {
      if (state.digest || state.messages.length > 0) log('Từ nay nhắc việc của nhiệm vụ này được gửi trong thư tổng hợp hằng ngày.');
      state.digest = { from: state.digest ? Date.now() : trackingFrom };
    } else if (!wanted && inDigest()) {
      state.digest = { ...state.digest!, until: Date.now() };
      trackingFrom = Date.now();
      log('Từ nay mỗi lần nhắc việc của nhiệm vụ này được gửi thành một thư riêng.');
    }
  }

  /** What the digest sender reads besides the occurrences, recorded with every change. */
  function digestPart(): DigestPart | undefined {
    if (!state.digest) return undefined;
    const { head, leader, office, coordinating } = contacts;
    return { contacts: { head, leader, office, coordinating }, policy, calendar: state.calendar, from: state.digest.from, until: state.digest.until, notices: state.notices ?? [] };
  }

  /** Brings the read model up to date with everything that happened since the last call. */
  async function record(): Promise<void> {
    // A change that arrives while recordRow is in flight (evidence, a review) is recorded by the next round.
    const untilSettled = patched(PATCH_RECORD_UNTIL_SETTLED);
    for (;;) {
      const next = rowChangeSince(state, recorded, Date.now(), digestPart());
      if (!next) return;
      await recordRow(next.change);
      recorded = next.mark;
      if (!untilSettled) return;
    }
  }

  /** A validator adds no command to the history and runs only for new updates: rows already running replay as before. */
  function refuseLate(action: TimelyAction): void {
    const late = lateActionReason(action, Date.now());
    if (late) throw new Error(late);
  }

  function validateSubmission(s: EvidenceSubmission): void {
    refuseLate(s);
    const occ = find(s.occurrenceId);
    if (!occ) throw new Error(`Không có lần thực hiện "${s.occurrenceId}" của nhiệm vụ ${state.spec.where}.`);
    if (!isOpen(occ)) throw new Error(`Lần thực hiện "${occ.id}" đã kết thúc, không nhận thêm minh chứng.`);
    if (hasPendingEvidence(occ)) throw new Error(`Lần thực hiện "${occ.id}" đang chờ Văn phòng xác nhận minh chứng trước.`);
    if (s.submitter.unitId !== state.spec.lead.id) {
      throw new Error(`Người nộp thuộc đơn vị "${s.submitter.unitId}", không phải đơn vị chủ trì (${state.spec.lead.name}).`);
    }
    const doc = parseDocumentNumber(s.documentNumber);
    if (!doc) throw new Error(`Số văn bản "${s.documentNumber}" không đúng dạng số/ký hiệu, ví dụ 662/BC-SKHCN.`);
    const expected = state.spec.evidenceType as EvidenceType;
    if (!evidenceMatches(expected, doc.type)) {
      throw new Error(`Kết quả cần nộp là ${EVIDENCE_LABEL[expected]} (${expected}), nhưng văn bản ${s.documentNumber} là ${EVIDENCE_LABEL[doc.type]}.`);
    }
    if (!isIsoDate(s.documentDate)) throw new Error(`Ngày văn bản "${s.documentDate}" không hợp lệ: dùng dạng YYYY-MM-DD.`);
    for (const f of s.files ?? []) {
      if (!f.name || !/^[0-9a-f]{64}$/.test(f.sha256)) throw new Error(`Tệp "${f.name}" chưa được lưu vào kho minh chứng: nộp qua dondoc task submit --file <tệp>.`);
    }
  }

  function complete(occ: Occurrence, submittedAt: number): void {
    occ.outcome = submittedAt <= deadlineEndMs(occ) ? 'on-time' : 'late';
    occ.completedAt = Date.now();
  }

  setHandler(
    submitEvidenceUpdate,
    (s) => {
      const occ = find(s.occurrenceId) as Occurrence;
      const evidence: Evidence = { id: `mc-${occ.evidence.length + 1}`, documentNumber: s.documentNumber, documentDate: s.documentDate, title: s.title, files: s.files ?? [], submitter: s.submitter, submittedAt: Date.now() };
      occ.evidence.push(evidence);
      if (policy.autoAccept) {
        evidence.review = { decision: 'accept', reviewer: 'tự động', at: Date.now() };
        complete(occ, evidence.submittedAt);
      }
      log(`${s.submitter.name} nộp minh chứng ${s.documentNumber} cho ${occ.label || occ.id}.`);
      changed = true;
      return { evidenceId: evidence.id, status: occurrenceStatus(occ, Date.now()) };
    },
    { validator: validateSubmission },
  );

  setHandler(
    reviewEvidenceUpdate,
    async (r: EvidenceReview) => {
      const occ = find(r.occurrenceId) as Occurrence;
      const evidence = occ.evidence.find((e) => !e.review)!;
      evidence.review = { decision: r.decision, reason: r.reason, reviewer: r.reviewer, at: Date.now() };
      if (r.decision === 'accept') {
        complete(occ, evidence.submittedAt);
        log(`${r.reviewer} xác nhận minh chứng ${evidence.documentNumber}: hoàn thành ${occ.outcome === 'on-time' ? 'đúng hạn' : 'quá hạn'}.`);
      } else if (inDigest()) {
        log(`${r.reviewer} trả lại minh chứng ${evidence.documentNumber}: ${r.reason}`);
        // The unit hears it in its next digest; the steps that fell while the evidence waited stay skipped there too.
        (state.notices ??= []).push({ key: `${state.rowKey}/${occ.id}/tra-lai-${evidence.id}`, kind: 'evidence-returned', occurrenceId: occ.id, at: Date.now(), detail: r.reason ?? '' });
      } else {
        log(`${r.reviewer} trả lại minh chứng ${evidence.documentNumber}: ${r.reason}`);
        // Reminders that fell due while the evidence waited for review are past: the returned mail replaces them.
        for (const m of planned()) if (m.occurrenceId === occ.id && m.at <= Date.now()) sent.add(m.key);
        const content = evidenceReturnedMail(mailContext(occ), r.reason ?? '');
        const key = `${state.rowKey}/${occ.id}/tra-lai-${evidence.id}`;
        if (!(await deliver({ key, to: [contacts.head.email], cc: [contacts.office.email], at: Date.now(), ...content }))) return occurrenceStatus(occ, Date.now());
        sent.add(key);
        state.messages.push({ key, kind: 'evidence-returned', occurrenceId: occ.id, to: [contacts.head.email], cc: [contacts.office.email], subject: content.subject, at: Date.now(), state: 'sent', why: `Văn phòng trả lại minh chứng: ${r.reason}` });
      }
      changed = true;
      return occurrenceStatus(occ, Date.now());
    },
    {
      validator: (r) => {
        refuseLate(r);
        const occ = find(r.occurrenceId);
        if (!occ || !hasPendingEvidence(occ)) throw new Error(`Lần thực hiện "${r.occurrenceId}" không có minh chứng nào đang chờ xác nhận.`);
        if (r.decision === 'return' && !r.reason?.trim()) throw new Error('Trả lại minh chứng cần ghi lý do để đơn vị biết cần bổ sung gì.');
      },
    },
  );

  setHandler(
    triggerUpdate,
    (t) => {
      const n = state.occurrences.filter((o) => o.trigger).length + 1;
      const sla = state.spec.schedule.sla;
      const due = t.deadline ? { nominal: t.deadline, effective: calendar.effectiveDue(t.deadline) } : slaDue(sla!, t.date, calendar);
      const occ: Occurrence = { id: `lan-${n}`, label: `theo ${t.document}`, opensOn: t.date, originalNominal: due.nominal, nominal: due.nominal, effective: due.effective, role: 'deadline', trigger: { document: t.document, date: t.date }, extensions: [], evidence: [] };
      state.occurrences.push(occ);
      log(`${t.by ? `${t.by}: ` : ''}Mở lần thực hiện ${occ.id} theo ${t.document}, hạn ${due.nominal}.`);
      changed = true;
      return occ.id;
    },
    {
      validator: (t) => {
        refuseLate(t);
        if (!isIsoDate(t.date) || (t.deadline !== undefined && !isIsoDate(t.deadline))) throw new Error('Ngày văn bản và hạn phải theo dạng YYYY-MM-DD.');
        if (!t.deadline && !state.spec.schedule.sla) throw new Error(`Nhiệm vụ ${state.spec.where} không có thời hạn xử lý mặc định: hãy ghi hạn do văn bản ấn định (--han).`);
      },
    },
  );

  setHandler(
    extendDeadlineUpdate,
    (x) => {
      const occ = find(x.occurrenceId) as Occurrence;
      occ.extensions.push({ from: occ.nominal, to: x.to, document: x.document, at: Date.now() });
      occ.nominal = x.to;
      occ.effective = calendar.effectiveDue(x.to);
      log(`${x.by ? `${x.by}: ` : ''}Gia hạn ${occ.id} đến ${x.to} theo ${x.document} (hạn ban đầu ${occ.originalNominal}).`);
      changed = true;
    },
    {
      validator: (x) => {
        refuseLate(x);
        const occ = find(x.occurrenceId);
        if (!occ || !isOpen(occ)) throw new Error(`Không có lần thực hiện đang mở "${x.occurrenceId}".`);
        if (!isIsoDate(x.to) || x.to <= occ.nominal) throw new Error(`Hạn mới phải là ngày sau hạn hiện tại (${occ.nominal}).`);
        if (!x.document.trim()) throw new Error('Gia hạn cần ghi văn bản quyết định gia hạn.');
      },
    },
  );

  setHandler(cancelUpdate, ({ reason, by }) => {
    state.cancelled = { reason, at: Date.now() };
    for (const occ of state.occurrences) if (isOpen(occ)) occ.cancelled = { reason, at: Date.now() };
    log(`${by ? `${by}: ` : ''}Huỷ theo dõi nhiệm vụ: ${reason}`);
    changed = true;
  }, { validator: refuseLate });

  setHandler(updateSpecUpdate, ({ spec, contacts: newContacts, policy: newPolicy }) => {
    const fresh = initialOccurrences(spec, calendar);
    const result = { added: [] as string[], moved: [] as string[], cancelled: [] as string[] };
    for (const f of fresh) {
      const existing = find(f.id);
      if (!existing) {
        state.occurrences.push(f);
        result.added.push(f.id);
      } else if (isOpen(existing) && existing.extensions.length === 0 && existing.nominal !== f.nominal) {
        existing.nominal = f.nominal;
        existing.effective = f.effective;
        existing.originalNominal = f.nominal;
        result.moved.push(f.id);
      }
    }
    for (const occ of state.occurrences) {
      if (isOpen(occ) && !occ.trigger && !fresh.some((f) => f.id === occ.id)) {
        occ.cancelled = { reason: 'Kế hoạch sửa đổi không còn lần thực hiện này', at: Date.now() };
        result.cancelled.push(occ.id);
      }
    }
    state.spec = spec;
    state.needsDeadline = spec.schedule.kind === 'unknown';
    upsertMemo({ [FINGERPRINT_MEMO]: importFingerprint(spec, newPolicy, newContacts) });
    setContacts(newContacts);
    if (newPolicy) policy = { ...DEFAULT_POLICY, ...newPolicy };
    currentInput = { ...currentInput, spec, contacts: newContacts, ...(newPolicy ? { policy: newPolicy } : {}) };
    log(`Cập nhật theo kế hoạch nhập lại: thêm ${result.added.length}, đổi hạn ${result.moved.length}, huỷ ${result.cancelled.length} lần thực hiện.`);
    changed = true;
    return result;
  });

  setHandler(
    reassignUpdate,
    ({ lead, contacts: newContacts, document, by }) => {
      log(`${by ? `${by}: ` : ''}Giao lại từ ${state.spec.lead.name} cho ${lead.name} theo ${document}.`);
      state.spec = { ...state.spec, lead };
      setContacts(newContacts);
      changed = true;
    },
    {
      validator: ({ lead, document, notAfter }) => {
        refuseLate({ notAfter });
        if (lead.id === state.spec.lead.id) throw new Error(`${lead.name} đã là đơn vị chủ trì.`);
        if (!document.trim()) throw new Error('Giao lại cần ghi văn bản quyết định.');
      },
    },
  );

  setHandler(
    calendarUpdate,
    async ({ decisions, document }) => {
      const years = state.calendar?.years ?? [state.spec.plan.year, state.spec.plan.year + 1];
      state.calendar = calendarSnapshot(years, new Map(decisions.map((d) => [d.year, d])));
      calendar = calendarFrom(state.calendar);
      const moved: { occurrenceId: string; from: IsoDate; to: IsoDate }[] = [];
      for (const occ of state.occurrences.filter(isOpen)) {
        const effective = calendar.effectiveDue(occ.nominal);
        if (effective === occ.effective) continue;
        moved.push({ occurrenceId: occ.id, from: occ.effective, to: effective });
        log(`Lịch nghỉ thay đổi theo ${document}: hạn ${occ.label || occ.id} chuyển từ ${toVietnameseDate(occ.effective)} sang ${toVietnameseDate(effective)}.`);
        const from = occ.effective;
        occ.effective = effective;
        const key = `${state.rowKey}/${occ.id}/doi-han-${effective}`;
        if (inDigest()) {
          (state.notices ??= []).push({ key, kind: 'deadline-moved', occurrenceId: occ.id, at: Date.now(), detail: `Lịch nghỉ thay đổi theo ${document}: hạn chuyển từ ${toVietnameseDate(from)} sang ${toVietnameseDate(effective)}.` });
          continue;
        }
        const content = deadlineMovedMail(mailContext(occ), from, document);
        if (!(await deliver({ key, to: [contacts.head.email], cc: [contacts.office.email], at: Date.now(), ...content }))) continue;
        sent.add(key);
        state.messages.push({ key, kind: 'deadline-moved', occurrenceId: occ.id, to: [contacts.head.email], cc: [contacts.office.email], subject: content.subject, at: Date.now(), state: 'sent', why: `Lịch nghỉ thay đổi theo ${document}` });
      }
      if (moved.length === 0) log(`Áp dụng lịch nghỉ theo ${document}: không hạn nào thay đổi.`);
      changed = true;
      return { moved };
    },
    {
      validator: ({ decisions, document, notAfter }) => {
        refuseLate({ notAfter });
        if (!document.trim()) throw new Error('Cập nhật lịch nghỉ cần ghi văn bản quyết định (ví dụ Quyết định …/QĐ-TTg).');
        for (const d of decisions) if (!Number.isInteger(d.year)) throw new Error('Quyết định lịch nghỉ thiếu năm.');
      },
    },
  );

  setHandler(stateQuery, (options?: StateQueryOptions): RowView => ({
    state: withoutCalendar(state),
    statuses: Object.fromEntries(state.occurrences.map((o) => [o.id, occurrenceStatus(o, Date.now())])),
    // In digest mode what is past is the sender's; the row shows what is still ahead.
    planned: (inDigest() ? planned().filter((m) => m.at > Date.now()) : planned()).slice(0, options?.planned ?? DEFAULT_PLANNED_IN_VIEW),
  }));
  setHandler(calendarQuery, () => state.calendar);

  for (;;) {
    settleDelivery();
    // Every due step goes out, in order: a mail outage delays reminders, it never drops them. What is due is asked
    // again after each send: while a mail waits on SMTP, a re-import or a cancel may change what is planned.
    if (inDigest()) {
      // The digest sender reads the recorded row and mails what falls due: the row keeps no timer per step.
    } else if (patched(PATCH_SEND_RECOMPUTED)) {
      for (let m = nextDue(); m; m = nextDue()) await send(m);
    } else {
      for (const m of planned().filter((p) => p.at <= Date.now())) await send(m);
    }
    await record();
    refreshRowVisibility(state);

    const today = isoDateAt(Date.now());
    const ending = rowEnd(state.spec, state.occurrences, state.cancelled, today);
    if (ending) {
      // Said in the row's log and the read model, so the web and the CLI show the row as ended and why.
      if (patched(PATCH_END_SAYS_WHY)) {
        state.ended = { at: Date.now(), reason: ending };
        log(`Kết thúc theo dõi: ${ending}`);
      }
      break;
    }
    const yearOver = isYearOver(state.spec, today);

    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS) {
      await condition(allHandlersFinished);
      await record();
      // The memo (what the plan file last said) goes with the row into its next run.
      await makeContinueAsNewFunc<typeof rowWorkflow>({ memo: workflowInfo().memo })({ ...currentInput, contacts, state, sentKeys: [...sent], recorded, trackingFrom, startedAt, owesSinceStart, rejectedKeys: [...rejected] });
    }
    const next = inDigest() ? undefined : planned()[0];
    const wakeAt = rowWakeAt(state, next?.at);
    changed = false;
    if (wakeAt !== undefined) await condition(() => changed, Math.max(1, wakeAt - Date.now()));
    else if (!yearOver) await condition(() => changed, yearEndWait(state.spec.plan.year));
    // Nothing left to send and the plan year is over: only a person (evidence, review, trigger) moves the row now.
    else await condition(() => changed);
  }
  await condition(allHandlersFinished);
  await record();
  return state;
}

function yearEndWait(year: number): number {
  const end = Date.UTC(year, 11, 31, 17, 0, 0) + 1; // 00:00 on 1 January in Vietnam (UTC+7)
  return Math.max(1, end - Date.now());
}
