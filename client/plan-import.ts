import { createHash, randomUUID } from 'node:crypto';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, WorkflowStartOptions } from '@temporalio/client';
import { legalCalendar } from '../domain/calendar/legal-calendar';
import { rowCalendar } from '../domain/calendar/snapshot';
import { isoDateAt, toVietnameseDateTime } from '../domain/dates';
import { rowEnd } from '../domain/tracking/row-end';
import { PlanDocument, planKey, rowKey } from '../domain/plan/model';
import { officeOf, resolveUnits, rowContacts, UnitsDirectory } from '../domain/plan/units';
import { previewRow } from '../domain/plan/preview';
import { FINGERPRINT_MEMO, importFingerprint } from '../domain/plan/row-fingerprint';
import { FirstDigests, firstDigestsAt } from '../domain/notifications/digest-schedule';
import { BUSY_BUDGET_MS, serverAnswer, serverBusy, whileServerBusy } from './server-busy';
import { PolicyOverrides } from '../domain/policy/policy-schema';
import { DEFAULT_POLICY } from '../domain/policy/reminders';
import { RowSpec, RowState } from '../domain/tracking/row-state';
import { rowDetails, rowMemo, rowSearchAttributes, rowSummary } from '../domain/tracking/row-visibility';
import { cancelUpdate, PlanRegistry, planRowsQuery, planRowsSignal, planWorkflowId, RowContacts, updateSpecUpdate } from '../workflows/definitions';
import { digestWorkflow, digestWorkflowId, DigestWorkflowInput } from '../workflows/digest';
import { IMPORT_LEASE_MS, IMPORT_TURN_MEMO, importTurnId, importTurnWorkflow, releaseTurnSignal } from '../workflows/import-turn';
import { planWorkflow } from '../workflows/plan';
import { rowWorkflow } from '../workflows/row';
import { newRowState } from '../workflows/row-entity';
import { registerSearchAttributes } from './search-attributes';
import { WorkerUnavailable, workerPolls } from './temporal-client';

export interface ImportSummary {
  started: string[];
  updated: string[];
  unchanged: string[];
  cancelled: string[];
  needsAttention: { key: string; reason: string }[];
  /** Rows that ended as they started, their plan year being over (domain/tracking/row-end.ts). */
  endedOnStart: string[];
  /** When the digest sender this import started sends its first digests; absent if one was running already. */
  firstDigests?: FirstDigests;
}

/** The row's spec and who hears about it, from the plan and the units directory. */
export function rowInputs(doc: PlanDocument, units: UnitsDirectory, where: string, policy?: PolicyOverrides): { spec: RowSpec; contacts: RowContacts; problems: string[] } {
  const row = doc.rows.find((r) => r.where === where)!;
  const preview = previewRow(doc, row, units, doc.plan.date, undefined, { truocNgay: policy?.truocNgay });
  const lead = resolveUnits(row.lead, units).units[0] ?? officeOf(units);
  const coordinating = resolveUnits(row.coordinating, units).units.filter((u) => u.id !== lead.id);
  const spec: RowSpec = {
    planKey: planKey(doc.plan),
    plan: { number: doc.plan.number, title: doc.plan.title, date: doc.plan.date, year: doc.plan.year },
    where,
    content: row.content,
    lead: { id: lead.id, name: lead.name },
    coordinating: coordinating.map((u) => ({ id: u.id, name: u.name })),
    deadlineText: row.deadline,
    ...(preview.context ? { deadlineContext: preview.context } : {}),
    expectedOutput: row.output,
    evidenceType: preview.evidenceType,
    ...(row.note ? { note: row.note } : {}),
    schedule: preview.schedule,
  };
  const contacts: RowContacts = rowContacts(units, lead.id, coordinating.map((u) => u.id))!;
  return { spec, contacts, problems: preview.problems.map((p) => p.message) };
}

/**
 * Starts one workflow per row, keyed by plan and row ("16-KH-SKHCN-2025/3.4"): importing twice starts nothing new.
 * A changed row updates its running workflow (keeping what already happened); a row gone from the file is cancelled
 * with a reason. Rows the engine could not read are started too, waiting for the office to set a deadline, and listed.
 */
export interface ImportOptions {
  taskQueue: string;
  /** The plan's reminder policy (policy.json); the defaults fill what it does not say. */
  policy?: PolicyOverrides;
  progress?: (done: number, total: number) => void;
  /** Who imports, said to a second import of the same plan while this one runs. */
  by?: string;
  /** How long a digest sender started by this import waits before its first run (FIRST_DIGEST_DELAY_MS). */
  firstDigestDelayMs?: number;
}

/** Long enough for the worker to record a plan's rows after an import (112 rows take seconds). */
export const FIRST_DIGEST_DELAY_MS = 2 * 60 * 1000;

/** The registry's digest of a fingerprint: short, since the registry holds one per row of the plan. */
export const registryDigest = (fingerprint: string) => createHash('sha256').update(fingerprint).digest('hex').slice(0, 32);

/** Rows are imported this many at a time: each is one or two round trips to Temporal. */
const CONCURRENCY = 16;
/** This machine's clock against Temporal's, when telling a row this import started from one started before it. */
const CLOCK_SKEW_MS = 5_000;

/** What the plan's registry said before this import; empty when the plan was never imported. */
async function previousRegistry(client: Client, planKey: string, taskQueue: string): Promise<PlanRegistry> {
  const handle = client.workflow.getHandle(planWorkflowId(planKey));
  try {
    await whileServerBusy(() => handle.describe());
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return {};
    throw error;
  }
  // The registry is a query: it needs the worker. Without one, say so at once rather than wait on Temporal.
  const unanswered = (why: string) => new WorkerUnavailable(`Kế hoạch ${planKey} đã được nhập trước đây, nhưng chưa đọc được danh sách dòng của nó (${why}). Hãy chạy máy chủ nhắc việc (npm start, hoặc dondoc up) rồi nhập lại; chưa có gì thay đổi.`);
  if ((await workerPolls(client, taskQueue)) === false) throw unanswered('máy chủ nhắc việc đang không chạy');
  try {
    return await client.connection.withDeadline(Date.now() + REGISTRY_QUERY_MS, () => handle.query(planRowsQuery));
  } catch (error) {
    throw unanswered(error instanceof Error ? error.message : String(error));
  }
}

/** A worker answers a query in well under a second; past this the import stops and says why. */
const REGISTRY_QUERY_MS = 15_000;

/** What the Web UI's list says of the digest sender. */
const DIGEST_SUMMARY = 'Thư tổng hợp hằng ngày: gửi mỗi người một thư các việc đến hạn';

/** A row's search attributes, summary and details as its start sets them; the row keeps them current after. */
export function rowStartVisibility(state: RowState, atMs: number): Pick<WorkflowStartOptions, 'searchAttributes' | 'staticSummary' | 'staticDetails'> {
  return { searchAttributes: { ...rowSearchAttributes(state, atMs) }, staticSummary: rowSummary(state.spec), staticDetails: rowDetails(state.spec) };
}

/**
 * The task queue's daily digest sender, started by the first import that needs it; later imports find it running.
 * Returns when the sender it started sends its first digests, or undefined if one was running already.
 */
export async function ensureDigestSender(client: Client, taskQueue: string, hour: number, firstRunDelayMs = 0, plan?: string): Promise<FirstDigests | undefined> {
  const now = Date.now();
  try {
    const args: [DigestWorkflowInput] = [{ hour, ...(firstRunDelayMs > 0 ? { firstRunDelayMs } : {}) }];
    await client.workflow.start(digestWorkflow, { taskQueue, workflowId: digestWorkflowId(taskQueue), args, workflowIdReusePolicy: 'ALLOW_DUPLICATE', ...(plan ? { searchAttributes: { DondocPlan: [plan] } } : {}), staticSummary: DIGEST_SUMMARY });
    return { startedAt: now, at: firstDigestsAt(now, hour, now + firstRunDelayMs, legalCalendar()), hour };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return undefined;
  }
}

export async function importPlan(client: Client, doc: PlanDocument, units: UnitsDirectory, { taskQueue, policy, progress, by, firstDigestDelayMs }: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { started: [], updated: [], unchanged: [], cancelled: [], needsAttention: [], endedOnStart: [] };
  const plan = planKey(doc.plan);
  await registerSearchAttributes(client.connection, client.options.namespace);
  const turn = await takeImportTurn(client, plan, taskQueue, by ?? 'dondoc plan import');
  let rows: ImportSummary;
  try {
    rows = await importRows(client, doc, units, plan, { taskQueue, policy, progress, firstDigestDelayMs }, summary);
  } catch (error) {
    // The turn's lease frees the plan if the server is too busy to take the release as well.
    await turn.release().catch(() => undefined);
    if (!serverBusy(error)) throw error;
    const done = summary.started.length + summary.updated.length + summary.unchanged.length;
    throw new PlanImportInterrupted(
      `Nhập kế hoạch ${plan} dừng sau ${done}/${doc.rows.length} dòng: Temporal không trả lời được trong ${BUSY_BUDGET_MS / 1000} giây thử lại (${serverAnswer(error)}). Các dòng đã nhập được giữ; nhập lại tệp sẽ tiếp tục phần còn lại, không dòng nào được khởi tạo hai lần.`,
    );
  }
  await turn.release();
  return rows;
}

/** Temporal stayed busy for a whole retry budget: the rows done are kept, and the message says how to go on. */
export class PlanImportInterrupted extends Error {}

/**
 * The plan's turn for this import (workflows/import-turn.ts): a second import of the same plan, from the CLI or the
 * web, is refused with who holds it since when, instead of interleaving its updates with ours. The server enforces it
 * (one running workflow per id), so it holds before any worker runs; a killed import's turn ends with its lease.
 */
async function takeImportTurn(client: Client, plan: string, taskQueue: string, by: string): Promise<{ release(): Promise<void> }> {
  const id = importTurnId(plan);
  try {
    await client.workflow.start(importTurnWorkflow, { taskQueue, workflowId: id, workflowExecutionTimeout: IMPORT_LEASE_MS, memo: { [IMPORT_TURN_MEMO]: by }, workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const holder = await client.workflow.getHandle(id).describe();
    const since = holder.startTime.getTime();
    throw new PlanImportInProgress(
      `Kế hoạch ${plan} đang được nhập (bắt đầu lúc ${toVietnameseDateTime(since)}, ${String(holder.memo?.[IMPORT_TURN_MEMO] ?? 'không rõ người nhập')}). Hãy nhập lại sau khi lần nhập đó xong; nếu nó đã bị ngắt, kế hoạch được nhả lúc ${toVietnameseDateTime(since + IMPORT_LEASE_MS)}.`,
    );
  }
  return {
    release: async () => {
      const handle = client.workflow.getHandle(id);
      try {
        // Completed by the worker when one runs (terminating a turn mid-task leaves the time-skipping test server's
        // clock locked); terminated when no worker completes it within a few seconds (a plan imported before the worker).
        await handle.signal(releaseTurnSignal);
        if (await completedWithin(handle, RELEASE_WAIT_MS)) return;
        // The time-skipping test server cannot say whether a worker polls, and terminating a turn whose task a worker
        // holds locks its clock: there, a loaded worker is given longer before the turn is terminated.
        if ((await workerPolls(client, taskQueue)) === undefined && (await completedWithin(handle, SLOW_WORKER_WAIT_MS))) return;
        await handle.terminate('nhập xong');
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError) && !(error instanceof WorkflowFailedError)) throw error; // the lease ended first
      }
    },
  };
}

/** How long the import waits for the worker to complete its released turn before terminating it. */
const RELEASE_WAIT_MS = 3_000;
const SLOW_WORKER_WAIT_MS = 60_000;

/**
 * Whether the workflow completes within `ms`, asked with short describe calls: a long poll for its result left in
 * flight would be retried on a connection the command has closed, and on the time-skipping test server the result
 * call locks and unlocks its clock, which a cancelled call can leave locked.
 */
async function completedWithin(handle: ReturnType<Client['workflow']['getHandle']>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if ((await handle.describe()).status.name !== 'RUNNING') return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Another import of the same plan holds it: the message says who and since when. */
export class PlanImportInProgress extends Error {}

async function importRows(client: Client, doc: PlanDocument, units: UnitsDirectory, plan: string, { taskQueue, policy, progress, firstDigestDelayMs }: ImportOptions, summary: ImportSummary): Promise<ImportSummary> {
  // The registry, not a visibility listing: listings lag behind starts, and a re-import right after an import
  // must still see every row of it. The registry is read with a query, which answers after every signal before it.
  const previous = await previousRegistry(client, plan, taskQueue);
  const keys = new Set(doc.rows.map((r) => rowKey(doc.plan, r.where)));
  // Rows about to start are registered first, so an import cut short still leaves them known to the next one.
  const registerFirst = Object.fromEntries([...keys].filter((k) => !(k in previous)).map((k) => [k, null]));
  await whileServerBusy(() => client.workflow.signalWithStart(planWorkflow, { taskQueue, workflowId: planWorkflowId(plan), args: [{ planKey: plan }], signal: planRowsSignal, signalArgs: [{ set: registerFirst, remove: [] }], searchAttributes: { DondocPlan: [plan] }, staticSummary: `Danh sách dòng của kế hoạch ${doc.plan.number} — ${doc.plan.title}`.slice(0, 200) }));


  const confirmed: PlanRegistry = {};
  const updateRow = async (key: string, spec: RowSpec, contacts: RowContacts, print: string, known: string) => {
    if (known === registryDigest(print)) return summary.unchanged.push(key);
    try {
      // One id for every try: an update the server applied before its answer was lost is not applied twice.
      const updateId = randomUUID();
      await whileServerBusy(() => client.workflow.getHandle(key).executeUpdate(updateSpecUpdate, { args: [{ spec, contacts, policy: policy ?? {} }], updateId }));
      summary.updated.push(key);
    } catch (error) {
      if (!isClosed(error)) throw error;
      // A row that has ended (completed or cancelled) keeps its history; the file's change cannot reach it.
      summary.unchanged.push(key);
      summary.needsAttention.push({ key, reason: 'Nhiệm vụ đã kết thúc theo dõi nên không cập nhật theo kế hoạch nhập lại.' });
    }
  };
  const importRow = async (row: PlanDocument['rows'][number]) => {
    const key = rowKey(doc.plan, row.where);
    const { spec, contacts, problems } = rowInputs(doc, units, row.where, policy);
    const calendar = rowCalendar(spec.plan.year);
    const print = importFingerprint(spec, policy, contacts);
    const known = previous[key];
    if (known) {
      await updateRow(key, spec, contacts, print, known);
    } else {
      const startedFrom = Date.now();
      let ambiguous = false;
      try {
        // A start whose answer was lost may have happened: tried again, it finds the row (below).
        await whileServerBusy((attempt) => ((ambiguous ||= attempt > 0), client.workflow.start(rowWorkflow, {
          taskQueue,
          workflowId: key,
          args: [{ spec, contacts, calendar, digest: true, ...(policy ? { policy } : {}) }],
          ...rowStartVisibility(newRowState(spec, calendar), Date.now()),
          memo: { where: row.where, [FINGERPRINT_MEMO]: print, ...rowMemo(spec) },
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        })));
        summary.started.push(key);
        // The row's own rule on its first state: what the workflow decides at its first turn, said here.
        if (rowEnd(spec, newRowState(spec, calendar).occurrences, undefined, isoDateAt(Date.now()))) summary.endedOnStart.push(key);
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        // Started by an import cut short, or closed already: describe() is consistent, and its memo says what the
        // file said when the row was last started or updated.
        const row = await whileServerBusy(() => client.workflow.getHandle(key).describe());
        const memo = row.memo?.[FINGERPRINT_MEMO];
        // Found by a second try of this import's own start: the first one had started it.
        if (ambiguous && row.startTime.getTime() >= startedFrom - CLOCK_SKEW_MS && memo === print) summary.started.push(key);
        else await updateRow(key, spec, contacts, print, typeof memo === 'string' ? registryDigest(memo) : '');
      }
    }
    confirmed[key] = registryDigest(print);
    if (problems.length > 0) summary.needsAttention.push({ key, reason: problems.join(' ') });
    progress?.(summary.started.length + summary.updated.length + summary.unchanged.length, doc.rows.length);
  };
  await inBatches(doc.rows, CONCURRENCY, importRow);
  // Started after the rows, its first run a little later still: the first digests carry the whole plan.
  if (policy?.digest !== false) {
    const firstDigests = await whileServerBusy(() => ensureDigestSender(client, taskQueue, policy?.hour ?? DEFAULT_POLICY.hour, firstDigestDelayMs ?? FIRST_DIGEST_DELAY_MS, plan));
    if (firstDigests !== undefined) summary.firstDigests = firstDigests;
  }

  const vanished = Object.keys(previous).filter((k) => !keys.has(k));
  await inBatches(vanished, CONCURRENCY, async (key) => {
    try {
      const updateId = randomUUID();
      await whileServerBusy(() => client.workflow.getHandle(key).executeUpdate(cancelUpdate, { args: [{ reason: 'Dòng không còn trong kế hoạch nhập lại' }], updateId }));
      summary.cancelled.push(key);
    } catch (error) {
      if (!isClosed(error)) throw error; // ended already: nothing left to cancel
    }
  });
  await whileServerBusy(() => client.workflow.getHandle(planWorkflowId(plan)).signal(planRowsSignal, { set: confirmed, remove: vanished }));
  // Parallel work finishes in any order; the summary reads in the plan's order.
  const order = new Map(doc.rows.map((r, i) => [rowKey(doc.plan, r.where), i]));
  for (const list of [summary.started, summary.updated, summary.unchanged, summary.cancelled, summary.endedOnStart]) list.sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  summary.needsAttention.sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
  return summary;
}

/** An update sent to a workflow that has completed, or whose retention has passed. */
function isClosed(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const message = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : '';
  return /workflow execution already completed|already completed/i.test(message);
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}
