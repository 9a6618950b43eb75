/**
 * A year of the sample plan (scripts/sample-year.ts) in digest mode on Temporal's time-skipping server, under a seeded
 * fault schedule (fault-schedule.ts), then the invariants of issue 17 checked on what happened. Shared by
 * test/engine/fault-year.test.ts (one fixed and one random seed in CI) and `npm run chaos -- --seeds N`.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { saveUnitsDirectory } from '../../activities/store/accounts';
import type { DigestRun } from '../../activities/digests';
import { importPlan, ImportSummary, PlanImportInProgress } from '../../client/plan-import';
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { IsoDate, isoDateAt } from '../../domain/dates';
import { DigestSource, dueDigestItems } from '../../domain/digest/due-items';
import { PlanDocument, planKey } from '../../domain/plan/model';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';
import { atLocalHour, DEFAULT_POLICY } from '../../domain/policy/reminders';
import { RowChange } from '../../domain/tracking/row-change';
import { hasPendingEvidence } from '../../domain/tracking/status';
import { digestWorkflowId } from '../../workflows/digest';
import { planWorkflowId, stateQuery } from '../../workflows/definitions';
import type { EngineHarness } from '../../test/engine/support';
import { playSampleYear } from '../sample-year';
import { faultSchedule, FaultSchedule, LocalTime } from './fault-schedule';

const ROOT = join(__dirname, '..', '..');
const at = (local: LocalTime) => new Date(`${local}:00+07:00`).getTime();
const local = (ms: number) => new Date(ms + 7 * 3600000).toISOString().slice(0, 16);

/** A fault as it happened (the worker's stops end when the year needs the worker, so they are recorded as they ran). */
export interface FaultWindow {
  kind: 'mailbox-full' | 'relay-denied' | 'unknown-address' | 'smtp-down' | 'database-down' | 'worker-stopped';
  from: number;
  to: number;
  /** The address refused, for the faults of one recipient; `fixedTo`: the address the office saved instead. */
  email?: string;
  fixedTo?: string;
}

export interface InvariantResult {
  name: string;
  ok: boolean;
  /** What was checked, and each violation (the first few) with what to look at. */
  detail: string;
}

export interface FaultYearResult {
  seed: number;
  schedule: FaultSchedule;
  mails: number;
  faults: FaultWindow[];
  invariants: InvariantResult[];
  seconds: number;
}

/**
 * The rows played: a fifth of the sample plan, every kind of schedule it has (monthly, quarterly, twice a year, one-off,
 * continuous with check-ins, the two event rows, a row without a deadline) and all three lead units. The whole plan
 * takes ≈40 minutes under load without a workflow cache (which the worker's stops require), too long for CI; what the
 * faults test is the sender's handling of each person's digest, which these rows exercise on every working day.
 */
export const FAULT_YEAR_ROWS = ['1.1', '1.2', '1.5', '2.5', '2.6', '2.7', '3.4', '3.10', '5.8', '5.9', '6.2', '7.1', '8.6', '9.1.6', '10.2', '10.3', '11.9', '12.9', '12.11', '13.2'];

const HEAD_NAMES = ['Trần Minh Khoa', 'Phạm Thị Lan Anh', 'Võ Quốc Bảo'];

/** The directory with one unit's head replaced. */
function withHead(directory: UnitsDirectory, unitId: string, head: { name?: string; email: string }): UnitsDirectory {
  return { ...directory, units: directory.units.map((u) => (u.id === unitId ? { ...u, head: { ...u.head, ...head } } : u)) };
}

/**
 * Plays the year under the seed's faults and checks the invariants. The harness's worker is not used: this runs its
 * own, without a workflow cache (as digest-reliability.test.ts does), stopped and started by the schedule.
 */
export async function playFaultYear(h: EngineHarness, seed: number, year: number, say: (line: string) => void = console.info): Promise<FaultYearResult> {
  const started = Date.now();
  const units = await readUnitsFile(join(ROOT, 'samples', 'units.json'));
  let directory = units;
  const unitIds = units.units.filter((u) => !u.office).map((u) => u.id);
  let doc: PlanDocument | undefined;
  let positions: string[] = [];
  let schedule: FaultSchedule | undefined;
  const faults: FaultWindow[] = [];
  const saves: number[] = [];
  const importChecks: string[] = [];
  const importViolations: string[] = [];

  // The read model's outage: the activities that write it fail as a database driver does, and Temporal retries them.
  let databaseDown = false;
  const unavailable = () => ApplicationFailure.retryable('Cơ sở dữ liệu tạm thời không truy cập được (sự cố giả lập)', 'DatabaseUnavailable');
  const activities = {
    ...h.activities,
    recordRow: async (change: RowChange) => {
      if (databaseDown) throw unavailable();
      return h.activities.recordRow(change);
    },
    sendDigests: async (run: DigestRun) => {
      if (databaseDown) throw unavailable();
      return h.activities.sendDigests(run);
    },
  };

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let stoppedAt: number | undefined;
  const now = () => h.temporal.env.currentTimeMs();
  async function startWorker(): Promise<void> {
    if (worker) return;
    worker = await h.worker({ maxCachedWorkflows: 0, activities });
    running = worker.run();
    if (stoppedAt !== undefined) faults.push({ kind: 'worker-stopped', from: stoppedAt, to: await now() });
    stoppedAt = undefined;
  }
  async function stopWorker(): Promise<void> {
    if (!worker) return;
    worker.shutdown();
    await running;
    worker = undefined;
    stoppedAt = await now();
  }
  const moveTo = async (target: number) => {
    const t = await now();
    if (target > t) await h.temporal.env.sleep(target - t);
  };

  interface Event {
    at: number;
    run(): Promise<void>;
  }
  let events: Event[] = [];
  const save = async (next: UnitsDirectory, when: number) => {
    directory = next;
    await saveUnitsDirectory(h.db, directory, 'Văn phòng Sở', when);
    saves.push(when);
  };
  const headOf = (unitId: string) => directory.units.find((u) => u.id === unitId)!.head.email.toLowerCase();

  function planEvents(s: FaultSchedule): Event[] {
    const list: Event[] = [];
    const add = (when: LocalTime, run: () => Promise<void> | void) => list.push({ at: at(when), run: async () => run() });
    const { mailboxFull, relayDenied, unknownAddress, smtpDown, databaseDown: db, reimport, headChanged } = s;
    let fullEmail = '';
    add(mailboxFull.from, () => {
      fullEmail = headOf(mailboxFull.unitId);
      h.smtp.recipientReplies.set(fullEmail, '452 4.2.2 Mailbox full');
    });
    add(mailboxFull.to, () => {
      h.smtp.recipientReplies.delete(fullEmail);
      faults.push({ kind: 'mailbox-full', from: at(mailboxFull.from), to: at(mailboxFull.to), email: fullEmail });
    });
    add(relayDenied.from, () => {
      h.smtp.senderReply = '554 5.7.1 <dondoc@skhcn-angiang.example>: Relay access denied';
    });
    add(relayDenied.to, () => {
      h.smtp.senderReply = undefined;
      faults.push({ kind: 'relay-denied', from: at(relayDenied.from), to: at(relayDenied.to) });
    });
    let unknownEmail = '';
    add(unknownAddress.from, () => {
      unknownEmail = headOf(unknownAddress.unitId);
      // The old address stays unknown for good: only the office's fix ends this fault.
      h.smtp.recipientReplies.set(unknownEmail, `550 5.1.1 <${unknownEmail}>: Recipient address rejected: User unknown in virtual mailbox table`);
    });
    add(unknownAddress.fixedAt, async () => {
      const fixedTo = `${unknownAddress.unitId}.moi@skhcn-angiang.example`;
      await save(withHead(directory, unknownAddress.unitId, { email: fixedTo }), at(unknownAddress.fixedAt));
      faults.push({ kind: 'unknown-address', from: at(unknownAddress.from), to: at(unknownAddress.fixedAt), email: unknownEmail, fixedTo });
    });
    add(smtpDown.from, () => {
      h.smtp.senderReply = '421 4.3.2 Service not available, closing transmission channel';
    });
    add(smtpDown.to, () => {
      h.smtp.senderReply = undefined;
      faults.push({ kind: 'smtp-down', from: at(smtpDown.from), to: at(smtpDown.to) });
    });
    add(db.from, () => {
      databaseDown = true;
    });
    add(db.to, () => {
      databaseDown = false;
      faults.push({ kind: 'database-down', from: at(db.from), to: at(db.to) });
    });
    add(reimport.at, async () => {
      await startWorker();
      await reimportTwiceAtOnce(reimport.where);
    });
    add(headChanged.at, async () => {
      const name = HEAD_NAMES[s.seed % HEAD_NAMES.length];
      await save(withHead(directory, headChanged.unitId, { name, email: `${headChanged.unitId}.truongphong@skhcn-angiang.example` }), at(headChanged.at));
    });
    for (const stop of s.workerStops) {
      add(stop.from, async () => {
        await stopWorker();
        await startWorker();
      });
    }
    return list.sort((a, b) => a.at - b.at);
  }

  /** The CLI and the web import the same changed file at once: one goes ahead, the other is told to wait its turn. */
  async function reimportTwiceAtOnce(where: string): Promise<void> {
    const changed: PlanDocument = { ...doc!, rows: doc!.rows.map((r) => (r.where === where ? { ...r, content: `${r.content} (bổ sung theo Công văn 45/SKHCN-VP)` } : r)) };
    const both = await Promise.allSettled(['dondoc plan import', 'trang web'].map((by) => importPlan(h.client, changed, directory, { taskQueue: h.taskQueue, by })));
    const done = both.filter((r): r is PromiseFulfilledResult<ImportSummary> => r.status === 'fulfilled');
    const refused = both.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused) if (!(r.reason instanceof PlanImportInProgress)) importViolations.push(`a concurrent import failed otherwise: ${String(r.reason)}`);
    if (done.length === 0) importViolations.push('neither concurrent import went ahead');
    const updated = done.flatMap((d) => d.value.updated);
    const key = `${planKey(doc!.plan)}/${where}`;
    // A row that has ended by then cannot take the change: the import must say so, not pass over it.
    const saidEnded = done.some((d) => d.value.needsAttention.some((n) => n.key === key && /đã kết thúc/.test(n.reason)));
    if (!updated.includes(key) && !saidEnded) importViolations.push(`the changed row ${where} was neither updated nor said to have ended (updated: ${updated.join(', ') || 'none'})`);
    // The registry agrees with the rows: the same file again changes nothing.
    const again = await importPlan(h.client, changed, directory, { taskQueue: h.taskQueue, by: 'kiểm tra' });
    if (again.updated.length + again.started.length + again.cancelled.length > 0) importViolations.push(`a third import of the same file changed rows: updated ${again.updated.join(', ')}; started ${again.started.join(', ')}; cancelled ${again.cancelled.join(', ')}`);
    importChecks.push(`${local(await now())}: ${done.length} went ahead, ${refused.length} refused (${refused.map((r) => String((r.reason as Error).message).slice(0, 60)).join('; ')}); again: ${again.unchanged.length} unchanged`);
  }

  /** The year's clock: every fault event due before `target` happens at its time; the worker is up when the year acts. */
  async function advance(target: number): Promise<void> {
    while (events.length > 0 && events[0].at <= target) {
      const next = events.shift()!;
      await moveTo(next.at);
      await next.run();
    }
    await moveTo(target);
    await startWorker();
  }

  await startWorker();
  const { rowKeys, planKey: plan } = await playSampleYear({
    client: h.client,
    taskQueue: h.taskQueue,
    year,
    rows: FAULT_YEAR_ROWS,
    advanceTo: (when) => advance(at(when)),
    onImported: async (imported) => {
      doc = imported;
      positions = imported.rows.map((r) => r.where);
      await save(directory, await now());
      schedule = faultSchedule(seed, year, unitIds, positions);
      events = planEvents(schedule);
      say(`[chaos] seed ${seed}: ${describeSchedule(schedule)}`);
    },
    onMonthEnd: async (monthEnd) => {
      say(`[chaos] seed ${seed}: ${monthEnd.slice(0, 7)} xong, ${h.smtp.mails.length} thư, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  // Let the last changes of the year reach the read model.
  await advance(at(`${year}-12-31T23:00`));
  const invariants = await checkInvariants({ h, year, rowKeys, planKey: plan, faults, saves, directory, emailMap: emailMap(faults, units, directory) });
  invariants.push({ name: 'imports take turns', ok: importViolations.length === 0, detail: [...importChecks, ...importViolations].join(' | ') });
  await stopWorker();
  return { seed, schedule: schedule!, mails: h.smtp.mails.length, faults, invariants, seconds: (Date.now() - started) / 1000 };
}

export function describeSchedule(s: FaultSchedule): string {
  return [
    `hộp thư đầy (452) ${s.mailboxFull.unitId} ${s.mailboxFull.from}→${s.mailboxFull.to}`,
    `relay 554 ${s.relayDenied.from}→${s.relayDenied.to}`,
    `địa chỉ sai (550) ${s.unknownAddress.unitId} ${s.unknownAddress.from}, sửa ${s.unknownAddress.fixedAt}`,
    `máy chủ thư 421 ${s.smtpDown.from}→${s.smtpDown.to}`,
    `CSDL ${s.databaseDown.from}→${s.databaseDown.to}`,
    `nhập lại 2 lần cùng lúc (dòng ${s.reimport.where}) ${s.reimport.at}`,
    `đổi trưởng đơn vị ${s.headChanged.unitId} ${s.headChanged.at}`,
    `dừng máy chủ nhắc việc ${s.workerStops.map((w) => `${w.from}→${w.to}`).join(', ')}`,
  ].join('; ');
}

/** Old address → the one the office saved, so a coordinating unit's line keyed by address is the same item before and after. */
function emailMap(faults: FaultWindow[], before: UnitsDirectory, after: UnitsDirectory): Map<string, string> {
  const map = new Map<string, string>();
  for (const u of before.units) {
    const now = after.units.find((a) => a.id === u.id)!.head.email.toLowerCase();
    if (now !== u.head.email.toLowerCase()) map.set(u.head.email.toLowerCase(), now);
  }
  for (const f of faults) if (f.email && f.fixedTo) map.set(f.email, f.fixedTo);
  return map;
}

interface CheckInput {
  h: EngineHarness;
  year: number;
  rowKeys: string[];
  planKey: string;
  faults: FaultWindow[];
  saves: number[];
  directory: UnitsDirectory;
  emailMap: Map<string, string>;
}

const GLOBAL_FAULTS: FaultWindow['kind'][] = ['relay-denied', 'smtp-down', 'database-down', 'worker-stopped'];
const show = (items: string[], n = 5) => (items.length > n ? `${items.slice(0, n).join('; ')}; … (${items.length} in all)` : items.join('; '));

export async function checkInvariants({ h, year, rowKeys, planKey: plan, faults, saves, directory, emailMap: map }: CheckInput): Promise<InvariantResult[]> {
  const calendar = legalCalendar();
  let lastDay = `${year}-12-31` as IsoDate;
  while (!calendar.isWorkingDay(lastDay)) lastDay = calendar.addWorkingDays(lastDay, -1);
  const lastRun = atLocalHour(lastDay, DEFAULT_POLICY.hour);

  // What the schedule owes: every row's items up to the last run, with who hears about it as the directory says now.
  const owed = new Map<string, { at: number; kind: string }>();
  for (const r of await h.db.selectFrom('digest_rows').select('source').execute()) {
    const source = JSON.parse(r.source) as DigestSource;
    const contacts = rowContacts(directory, source.spec.lead.id, source.spec.coordinating.map((u) => u.id)) ?? source.contacts;
    // An awaiting-review line is news only while the evidence waits: once reviewed, it is moot.
    for (const item of dueDigestItems({ ...source, contacts }, lastRun)) if (item.kind !== 'awaiting-review') owed.set(item.key, { at: item.at, kind: item.kind });
  }
  const claimed = await h.db
    .selectFrom('digest_items')
    .innerJoin('digests', 'digests.digest_key', 'digest_items.digest_key')
    .select(['item_key', 'due_at', 'kind', 'digests.state', 'digests.error', 'digests.sent_at', 'digests.email'])
    .execute();
  const delivered = new Map<string, { sentAt: number; email: string; dueAt: number }[]>();
  const listed = new Map<string, string>();
  for (const c of claimed) {
    const key = c.item_key;
    if (c.state === 'da-gui') delivered.set(key, [...(delivered.get(key) ?? []), { sentAt: Number(c.sent_at), email: c.email, dueAt: Number(c.due_at) }]);
    else if ((c.state === 'bi-tu-choi' || c.state === 'khong-gui-duoc') && c.error) listed.set(key, `${c.state}: ${c.error}`);
  }
  const missing: string[] = [];
  const twice: string[] = [];
  // A coordinating unit's copy is keyed by the unit: a new address saved for it is not a new copy.
  let listedCount = 0;
  for (const [key, item] of owed) {
    const sent = delivered.get(key) ?? [];
    if (sent.length > 1) twice.push(key);
    else if (sent.length === 0 && listed.has(key)) listedCount++;
    else if (sent.length === 0) missing.push(`${key} (${item.kind}, due ${local(item.at)})`);
  }
  const mailKeys = h.smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
  const mailedTwice = mailKeys.filter((k, i) => mailKeys.indexOf(k) !== i);
  const results: InvariantResult[] = [
    {
      name: 'delivered exactly once or listed as undeliverable',
      ok: missing.length === 0 && twice.length === 0 && mailedTwice.length === 0,
      detail: `${owed.size} items owed: ${owed.size - missing.length - listedCount - twice.length} delivered once, ${listedCount} listed to the office, ${missing.length} missing${missing.length ? ` (${show(missing)})` : ''}, ${twice.length} in two digests${twice.length ? ` (${show(twice)})` : ''}; ${mailKeys.length} mails, ${mailedTwice.length} keys mailed twice${mailedTwice.length ? ` (${show(mailedTwice)})` : ''}`,
    },
  ];

  // Nothing stuck: an item goes out at most one working day after the later of its due time and the end of whatever
  // fault could have held it (a fault of everyone's mail, or of its recipient's address, and the office's fix after it).
  const late: string[] = [];
  for (const [key, item] of owed) {
    for (const sent of delivered.get(key) ?? []) {
      if (sent.sentAt <= item.at) continue;
      const relevant = faults.filter(
        (f) => (GLOBAL_FAULTS.includes(f.kind) || f.email === sent.email || f.fixedTo === sent.email || map.get(f.email ?? '') === sent.email) && f.from < sent.sentAt && f.to > item.at,
      );
      const releases = [item.at, ...relevant.map((f) => f.to), ...(relevant.some((f) => f.email) ? saves.filter((s) => s > item.at) : [])].filter((r) => r <= sent.sentAt);
      const release = Math.max(...releases);
      if (isoDateAt(sent.sentAt) <= calendar.addWorkingDays(isoDateAt(release), 1)) continue;
      late.push(`${key} due ${local(item.at)}, held until ${local(release)}, sent ${local(sent.sentAt)} to ${sent.email}`);
    }
  }
  results.push({ name: 'nothing stuck', ok: late.length === 0, detail: late.length ? show(late) : 'every delivered item went out within one working day of its due time or of the fault that held it' });

  const failed: string[] = [];
  const ids = [...rowKeys, digestWorkflowId(h.taskQueue), planWorkflowId(plan)];
  for (const id of ids) {
    const status = (await h.client.workflow.getHandle(id).describe()).status.name;
    if (status !== 'RUNNING' && status !== 'COMPLETED') failed.push(`${id}: ${status}`);
  }
  results.push({ name: 'no workflow failed', ok: failed.length === 0, detail: failed.length ? show(failed) : `${ids.length} workflows running or completed` });

  const differs: string[] = [];
  for (const key of rowKeys) {
    const { state } = await h.client.workflow.getHandle(key).query(stateQuery);
    const row = await h.db.selectFrom('rows').selectAll().where('row_key', '=', key).executeTakeFirst();
    if (!row) {
      differs.push(`${key}: not in the read model`);
      continue;
    }
    if (row.content !== state.spec.content || row.lead_id !== state.spec.lead.id || row.cancelled_reason !== (state.cancelled?.reason ?? null)) differs.push(`${key}: row differs`);
    const occurrences = await h.db.selectFrom('occurrences').selectAll().where('row_key', '=', key).execute();
    const stored = new Map(occurrences.map((o) => [o.occurrence_id, o]));
    for (const o of state.occurrences) {
      const s = stored.get(o.id);
      const mine = [o.effective, o.outcome ?? null, o.completedAt ?? null, o.cancelled?.reason ?? null, hasPendingEvidence(o) ? 1 : 0];
      const theirs = s && [s.effective, s.outcome, s.completed_at === null ? null : Number(s.completed_at), s.cancelled_reason, Number(s.pending_evidence)];
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) differs.push(`${key}/${o.id}: workflow ${JSON.stringify(mine)}, read model ${JSON.stringify(theirs)}`);
    }
    if (occurrences.length !== state.occurrences.length) differs.push(`${key}: ${state.occurrences.length} occurrences, ${occurrences.length} in the read model`);
  }
  results.push({ name: 'read model equals each row', ok: differs.length === 0, detail: differs.length ? show(differs) : `${rowKeys.length} rows and their occurrences match` });
  return results;
}
