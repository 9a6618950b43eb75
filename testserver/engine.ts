/**
 * The state machine of the in-memory service: starting runs, workflow tasks and their commands,
 * timers, activities with server-side retries and timeouts, signals, cancellation, queries, updates,
 * continue-as-new. RPC handlers (workflow-service.ts) translate requests into calls here.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { VirtualClock } from './clock';
import { Matching } from './matching';
import { durationMs, enumName, fromAny, num, Obj, RpcError, timestamp, toAny } from './proto';
import { ActivityState, PREVIOUS_EVENT, QueryRequest, Run, RunStatus, UpdateState } from './run';

const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;
const LONG_WAIT_MS = 20_000;
const ZERO = { seconds: 0, nanos: 0 };

type Token = { k: 'wft'; r: string; s: number } | { k: 'act'; r: string; e: number; g: number } | { k: 'query'; r: string; q: string };

export function encodeToken(token: Token): Buffer {
  return Buffer.from(JSON.stringify(token));
}

function decodeToken(bytes: Uint8Array | undefined): Token {
  try {
    return JSON.parse(Buffer.from(bytes ?? []).toString('utf8')) as Token;
  } catch {
    throw new RpcError(grpc.status.INVALID_ARGUMENT, 'malformed task token');
  }
}

const TERMINAL_COMMANDS = new Set([
  'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION',
  'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION',
]);

export interface Log {
  debug(message: string): void;
}

export class Engine {
  readonly runs = new Map<string, Run>();
  /** workflowId → runs in start order (the last is the current one). */
  readonly chains = new Map<string, Run[]>();
  readonly matching = new Matching();
  readonly searchAttributeTypes = new Map<string, string>();

  constructor(
    readonly clock: VirtualClock,
    private readonly log: Log,
  ) {}

  // ---- lookup -------------------------------------------------------------------------------------

  current(workflowId: string): Run | undefined {
    const chain = this.chains.get(workflowId);
    return chain?.[chain.length - 1];
  }

  resolve(execution: Obj | null | undefined): Run {
    const workflowId = String(execution?.workflowId ?? '');
    const runId = String(execution?.runId ?? '');
    const run = runId ? this.runs.get(runId) : this.current(workflowId);
    if (!run || run.workflowId !== workflowId) throw new RpcError(grpc.status.NOT_FOUND, `workflow execution not found: ${workflowId}${runId ? ` (run ${runId})` : ''}`);
    return run;
  }

  private running(execution: Obj | null | undefined): Run {
    const run = this.resolve(execution);
    if (!run.running) throw new RpcError(grpc.status.NOT_FOUND, 'workflow execution already completed');
    return run;
  }

  // ---- start --------------------------------------------------------------------------------------

  start(req: Obj, signal?: { name: string; input: Obj; header: Obj; identity: string }): { runId: string; started: boolean } {
    const workflowId = String(req.workflowId);
    const existing = this.current(workflowId);
    if (existing?.running) {
      const conflict = enumName('temporal.api.enums.v1.WorkflowIdConflictPolicy', req.workflowIdConflictPolicy ?? 0);
      if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') return { runId: existing.runId, started: false };
      if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') {
        this.terminate(existing, 'terminated by a new start with TERMINATE_EXISTING', String(req.identity ?? ''));
      } else {
        throw new RpcError(grpc.status.ALREADY_EXISTS, `workflow execution already started: ${workflowId} (run ${existing.runId})`);
      }
    } else if (existing) {
      const reuse = enumName('temporal.api.enums.v1.WorkflowIdReusePolicy', req.workflowIdReusePolicy ?? 0);
      if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
        throw new RpcError(grpc.status.ALREADY_EXISTS, `workflow id ${workflowId} was used before and the reuse policy rejects duplicates`);
      }
      if (reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' && existing.status === 'COMPLETED') {
        throw new RpcError(grpc.status.ALREADY_EXISTS, `workflow id ${workflowId} completed successfully; the reuse policy allows failed runs only`);
      }
    }
    const runId = randomUUID();
    const run = this.createRun(req, runId, runId, {});
    if (signal) this.record(run, 'WORKFLOW_EXECUTION_SIGNALED', { signalName: signal.name, input: signal.input, header: signal.header, identity: signal.identity });
    this.needWorkflowTask(run);
    return { runId, started: true };
  }

  private createRun(req: Obj, runId: string, firstRunId: string, extra: Obj): Run {
    const now = this.clock.now();
    const wftTimeout = durationMs(req.workflowTaskTimeout) || DEFAULT_WORKFLOW_TASK_TIMEOUT_MS;
    const run = new Run(String(req.namespace || 'default'), String(req.workflowId), runId, firstRunId, String(req.workflowType?.name ?? ''), String(req.taskQueue?.name ?? ''), wftTimeout, now);
    run.memo = { ...(req.memo?.fields ?? {}) };
    run.searchAttributes = { ...(req.searchAttributes?.indexedFields ?? {}) };
    this.runs.set(runId, run);
    const chain = this.chains.get(run.workflowId) ?? [];
    chain.push(run);
    this.chains.set(run.workflowId, chain);
    run.append(
      'WORKFLOW_EXECUTION_STARTED',
      {
        workflowType: req.workflowType,
        taskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: req.input,
        workflowExecutionTimeout: req.workflowExecutionTimeout,
        workflowRunTimeout: req.workflowRunTimeout,
        workflowTaskTimeout: { seconds: Math.floor(wftTimeout / 1000), nanos: (wftTimeout % 1000) * 1e6 },
        originalExecutionRunId: runId,
        identity: req.identity,
        firstExecutionRunId: firstRunId,
        retryPolicy: req.retryPolicy,
        attempt: 1,
        memo: req.memo,
        searchAttributes: req.searchAttributes,
        header: req.header,
        workflowId: run.workflowId,
        ...extra,
      },
      now,
    );
    const runTimeoutMs = durationMs(req.workflowRunTimeout) || durationMs(req.workflowExecutionTimeout);
    if (runTimeoutMs > 0) {
      run.runTimeout = this.clock.schedule(now + runTimeoutMs, () => {
        if (run.running) this.close(run, 'TIMED_OUT', 'WORKFLOW_EXECUTION_TIMED_OUT', { retryState: 'RETRY_STATE_TIMEOUT' }, true);
      });
    }
    this.log.debug(`start ${run.workflowId} ${runId} ${run.workflowType}`);
    return run;
  }

  // ---- events and workflow tasks ------------------------------------------------------------------

  /** Records an event from outside a task completion: buffered while a task runs, else written now. */
  record(run: Run, type: string, attrs: Obj): void {
    if (run.wft.state === 'started') run.buffered.push({ type, attrs, at: this.clock.now() });
    else run.append(type, attrs, this.clock.now());
  }

  needWorkflowTask(run: Run): void {
    if (!run.running || run.wft.state !== 'none') return;
    run.wft.state = 'needed';
    run.wft.scheduledTime = this.clock.now();
    this.clock.lock();
    this.offerWorkflowTask(run);
  }

  private offerWorkflowTask(run: Run): void {
    this.matching.offer('workflow', run.taskQueue, { take: (poll) => this.takeWorkflowTask(run, poll) });
  }

  private takeWorkflowTask(run: Run, poll: Obj): Obj | null {
    if (!run.running || run.wft.state !== 'needed') return null;
    const now = this.clock.now();
    const wft = run.wft;
    const scheduled = run.append('WORKFLOW_TASK_SCHEDULED', { taskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' }, startToCloseTimeout: { seconds: Math.floor(run.workflowTaskTimeoutMs / 1000) }, attempt: wft.attempt }, now);
    const started = run.append('WORKFLOW_TASK_STARTED', { scheduledEventId: scheduled.eventId, identity: poll.identity, requestId: randomUUID() }, now);
    wft.state = 'started';
    wft.scheduledEventId = scheduled.eventId as number;
    wft.startedEventId = started.eventId as number;
    const startedId = wft.startedEventId;
    wft.timeout = this.clock.schedule(now + run.workflowTaskTimeoutMs, () => this.workflowTaskTimedOut(run, startedId));
    const messages: Obj[] = [];
    for (const update of run.updates.values()) {
      if (update.stage !== 'admitted' || update.deliveredIn) continue;
      update.deliveredIn = startedId;
      messages.push({ id: `${update.id}/request`, protocolInstanceId: update.id, eventId: scheduled.eventId, body: toAny('temporal.api.update.v1.Request', update.request) });
    }
    const queries: Obj = {};
    for (const q of wft.queries) {
      q.dispatched = true;
      queries[q.id] = q.query;
    }
    return {
      taskToken: encodeToken({ k: 'wft', r: run.runId, s: startedId }),
      workflowExecution: run.execution,
      workflowType: { name: run.workflowType },
      previousStartedEventId: run.lastCompletedStartedId,
      startedEventId: startedId,
      attempt: wft.attempt,
      history: { events: run.events },
      workflowExecutionTaskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      scheduledTime: timestamp(wft.scheduledTime),
      startedTime: timestamp(now),
      queries,
      messages,
    };
  }

  private startedTask(token: Obj): Run {
    const t = decodeToken(token as Uint8Array);
    const run = t.k === 'wft' ? this.runs.get(t.r) : undefined;
    if (!run || t.k !== 'wft' || run.wft.state !== 'started' || run.wft.startedEventId !== t.s) {
      throw new RpcError(grpc.status.NOT_FOUND, 'workflow task not found (it timed out, failed, or the workflow closed)');
    }
    return run;
  }

  /** Ends the running task: unlocks time and returns the queries it carried that got no answer. */
  private endTask(run: Run): QueryRequest[] {
    run.wft.timeout?.cancel();
    run.wft.timeout = null;
    run.wft.state = 'none';
    this.clock.unlock();
    const unanswered = run.wft.queries;
    run.wft.queries = [];
    return unanswered;
  }

  private flushBuffered(run: Run): boolean {
    const had = run.buffered.length > 0;
    for (const b of run.buffered.splice(0)) run.append(b.type, b.attrs, b.at);
    return had;
  }

  private retryTask(run: Run, failedType: 'WORKFLOW_TASK_FAILED' | 'WORKFLOW_TASK_TIMED_OUT', attrs: Obj): void {
    const unanswered = this.endTask(run);
    run.append(failedType, { scheduledEventId: run.wft.scheduledEventId, startedEventId: run.wft.startedEventId, ...attrs }, this.clock.now());
    this.flushBuffered(run);
    run.wft.attempt++;
    for (const update of run.updates.values()) if (update.stage === 'admitted') update.deliveredIn = undefined;
    for (const q of unanswered) q.dispatched = false;
    run.waitingQueries.unshift(...unanswered);
    this.needWorkflowTask(run);
    this.dispatchWaitingQueries(run);
  }

  private workflowTaskTimedOut(run: Run, startedId: number): void {
    if (!run.running || run.wft.state !== 'started' || run.wft.startedEventId !== startedId) return;
    this.log.debug(`workflow task timed out ${run.workflowId}`);
    this.retryTask(run, 'WORKFLOW_TASK_TIMED_OUT', { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' });
  }

  failWorkflowTask(req: Obj): void {
    const run = this.startedTask(req.taskToken);
    this.retryTask(run, 'WORKFLOW_TASK_FAILED', { cause: req.cause, failure: req.failure, identity: req.identity });
  }

  completeWorkflowTask(req: Obj): void {
    const run = this.startedTask(req.taskToken);
    const commands: Obj[] = req.commands ?? [];
    const types = commands.map((c) => enumName('temporal.api.enums.v1.CommandType', c.commandType));
    const terminalAt = types.findIndex((t) => TERMINAL_COMMANDS.has(t));
    this.answerQueries(run, req.queryResults ?? {});
    if (terminalAt >= 0 && terminalAt !== types.length - 1) {
      this.retryTask(run, 'WORKFLOW_TASK_FAILED', { cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES', identity: req.identity });
      throw new RpcError(grpc.status.INVALID_ARGUMENT, 'a workflow completion command must be the last command');
    }
    if (terminalAt >= 0 && (run.buffered.length > 0 || this.hasUndeliveredUpdates(run))) {
      // Something arrived while the task ran: the workflow must see it before it may close.
      this.retryTask(run, 'WORKFLOW_TASK_FAILED', { cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND', identity: req.identity });
      return;
    }
    const startedId = run.wft.startedEventId;
    const unanswered = this.endTask(run);
    const now = this.clock.now();
    const completed = run.append(
      'WORKFLOW_TASK_COMPLETED',
      { scheduledEventId: run.wft.scheduledEventId, startedEventId: startedId, identity: req.identity, binaryChecksum: req.binaryChecksum, sdkMetadata: req.sdkMetadata, meteringMetadata: req.meteringMetadata, workerVersion: req.workerVersionStamp },
      now,
    );
    run.lastCompletedStartedId = startedId;
    run.wft.attempt = 1;
    const completedId = completed.eventId as number;
    const messages = new Map<string, Obj>((req.messages ?? []).map((m: Obj) => [String(m.id), m]));
    const handled = new Set<string>();
    for (const command of commands) {
      const type = enumName('temporal.api.enums.v1.CommandType', command.commandType);
      if (type === 'COMMAND_TYPE_PROTOCOL_MESSAGE') {
        const id = String(command.protocolMessageCommandAttributes?.messageId);
        const message = messages.get(id);
        if (message) this.protocolMessage(run, message);
        handled.add(id);
        continue;
      }
      this.command(run, type, command, completedId);
    }
    for (const [id, message] of messages) if (!handled.has(id)) this.protocolMessage(run, message);
    for (const q of unanswered) if (q.dispatched) q.resolve({ ok: false, message: 'query was not answered by the workflow task' });
    if (!run.running) return;
    const hadBuffered = this.flushBuffered(run);
    const wake = run.wakeAfterCompletion;
    run.wakeAfterCompletion = false;
    if (hadBuffered || wake || req.forceCreateNewWorkflowTask || this.hasUndeliveredUpdates(run)) this.needWorkflowTask(run);
    this.dispatchWaitingQueries(run);
  }

  private hasUndeliveredUpdates(run: Run): boolean {
    for (const u of run.updates.values()) if (u.stage === 'admitted' && !u.deliveredIn) return true;
    return false;
  }

  private command(run: Run, type: string, command: Obj, completedId: number): void {
    const now = this.clock.now();
    switch (type) {
      case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK':
        return this.scheduleActivity(run, command.scheduleActivityTaskCommandAttributes, completedId);
      case 'COMMAND_TYPE_START_TIMER': {
        const a = command.startTimerCommandAttributes;
        const timerId = String(a.timerId);
        const started = run.append('TIMER_STARTED', { timerId, startToFireTimeout: a.startToFireTimeout, workflowTaskCompletedEventId: completedId }, now);
        const startedEventId = started.eventId as number;
        const task = this.clock.schedule(now + durationMs(a.startToFireTimeout), () => {
          const timer = run.timers.get(timerId);
          if (!run.running || !timer || timer.startedEventId !== startedEventId) return;
          run.timers.delete(timerId);
          this.record(run, 'TIMER_FIRED', { timerId, startedEventId });
          this.needWorkflowTask(run);
        });
        run.timers.set(timerId, { startedEventId, task });
        return;
      }
      case 'COMMAND_TYPE_CANCEL_TIMER': {
        const timerId = String(command.cancelTimerCommandAttributes.timerId);
        const timer = run.timers.get(timerId);
        if (!timer) return;
        timer.task.cancel();
        run.timers.delete(timerId);
        run.append('TIMER_CANCELED', { timerId, startedEventId: timer.startedEventId, workflowTaskCompletedEventId: completedId }, now);
        return;
      }
      case 'COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK':
        return this.requestCancelActivity(run, num(command.requestCancelActivityTaskCommandAttributes.scheduledEventId), completedId);
      case 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION':
        return this.close(run, 'COMPLETED', 'WORKFLOW_EXECUTION_COMPLETED', { result: command.completeWorkflowExecutionCommandAttributes?.result, workflowTaskCompletedEventId: completedId });
      case 'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION':
        return this.close(run, 'FAILED', 'WORKFLOW_EXECUTION_FAILED', { failure: command.failWorkflowExecutionCommandAttributes?.failure, retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET', workflowTaskCompletedEventId: completedId });
      case 'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION':
        return this.close(run, 'CANCELED', 'WORKFLOW_EXECUTION_CANCELED', { details: command.cancelWorkflowExecutionCommandAttributes?.details, workflowTaskCompletedEventId: completedId });
      case 'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
        return this.continueAsNew(run, command.continueAsNewWorkflowExecutionCommandAttributes, completedId);
      case 'COMMAND_TYPE_RECORD_MARKER': {
        const a = command.recordMarkerCommandAttributes;
        run.append('MARKER_RECORDED', { markerName: a.markerName, details: a.details, header: a.header, failure: a.failure, workflowTaskCompletedEventId: completedId }, now);
        return;
      }
      case 'COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        const fields: Record<string, Obj> = command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes?.indexedFields ?? {};
        for (const [key, payload] of Object.entries(fields)) {
          if (!payload?.data || (payload.data as Uint8Array).length === 0) delete run.searchAttributes[key];
          else run.searchAttributes[key] = payload;
        }
        run.append('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', { workflowTaskCompletedEventId: completedId, searchAttributes: { indexedFields: fields } }, now);
        return;
      }
      case 'COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES': {
        const memo = command.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo;
        for (const [key, payload] of Object.entries((memo?.fields ?? {}) as Record<string, Obj>)) {
          if (!payload?.data || (payload.data as Uint8Array).length === 0) delete run.memo[key];
          else run.memo[key] = payload;
        }
        run.append('WORKFLOW_PROPERTIES_MODIFIED', { workflowTaskCompletedEventId: completedId, upsertedMemo: memo }, now);
        return;
      }
      default:
        throw new RpcError(grpc.status.UNIMPLEMENTED, `the dondoc test server does not support ${type}`);
    }
  }

  // ---- closing -------------------------------------------------------------------------------------

  close(run: Run, status: RunStatus, eventType: string, attrs: Obj, fromOutside = false): void {
    if (!run.running) return;
    const now = this.clock.now();
    if (fromOutside && run.wft.state !== 'none') {
      const unanswered = this.endTask(run);
      for (const q of unanswered) run.waitingQueries.push(q);
    }
    if (fromOutside) this.flushBuffered(run);
    run.status = status;
    run.closeTime = now;
    run.closeEvent = run.append(eventType, attrs, now);
    run.runTimeout?.cancel();
    for (const timer of run.timers.values()) timer.task.cancel();
    run.timers.clear();
    for (const activity of run.activities.values()) this.dropActivity(run, activity);
    for (const update of run.updates.values()) {
      if (update.stage === 'admitted' || update.stage === 'accepted') {
        update.stage = 'rejected';
        update.outcome = { failure: { message: 'workflow execution closed before the update completed', applicationFailureInfo: { type: 'WorkflowClosed', nonRetryable: true } } };
        update.waiters.splice(0).forEach((w) => w());
      }
    }
    run.closeWaiters.splice(0).forEach((w) => w());
    this.dispatchWaitingQueries(run);
    this.log.debug(`close ${run.workflowId} ${status}`);
  }

  terminate(run: Run, reason: string, identity: string, details?: Obj): void {
    this.close(run, 'TERMINATED', 'WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity }, true);
  }

  private continueAsNew(run: Run, a: Obj, completedId: number): void {
    const newRunId = randomUUID();
    run.newExecutionRunId = newRunId;
    this.close(run, 'CONTINUED_AS_NEW', 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
      newExecutionRunId: newRunId,
      workflowType: a.workflowType ?? { name: run.workflowType },
      taskQueue: a.taskQueue?.name ? a.taskQueue : { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: a.input,
      workflowRunTimeout: a.workflowRunTimeout,
      workflowTaskTimeout: a.workflowTaskTimeout,
      workflowTaskCompletedEventId: completedId,
      header: a.header,
      initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
    });
    const next = this.createRun(
      {
        namespace: run.namespace,
        workflowId: run.workflowId,
        workflowType: a.workflowType?.name ? a.workflowType : { name: run.workflowType },
        taskQueue: a.taskQueue?.name ? a.taskQueue : { name: run.taskQueue },
        input: a.input,
        workflowRunTimeout: a.workflowRunTimeout,
        workflowTaskTimeout: a.workflowTaskTimeout,
        header: a.header,
        memo: a.memo ?? { fields: run.memo },
        searchAttributes: a.searchAttributes ?? { indexedFields: run.searchAttributes },
        retryPolicy: a.retryPolicy,
      },
      newRunId,
      run.firstExecutionRunId,
      { continuedExecutionRunId: run.runId, initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW' },
    );
    this.needWorkflowTask(next);
  }

  // ---- signals, cancellation ----------------------------------------------------------------------

  signal(execution: Obj, name: string, input: Obj, header: Obj, identity: string): void {
    const run = this.running(execution);
    this.record(run, 'WORKFLOW_EXECUTION_SIGNALED', { signalName: name, input, header, identity });
    this.needWorkflowTask(run);
  }

  requestCancel(execution: Obj, reason: string, identity: string): void {
    const run = this.running(execution);
    if (run.cancelRequested) return;
    run.cancelRequested = true;
    this.record(run, 'WORKFLOW_EXECUTION_CANCEL_REQUESTED', { cause: reason, identity });
    this.needWorkflowTask(run);
  }

  waitForClose(run: Run, ms: number): Promise<void> {
    if (!run.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      run.closeWaiters.push(done);
    });
  }

  // ---- activities ---------------------------------------------------------------------------------

  private scheduleActivity(run: Run, a: Obj, completedId: number): void {
    const now = this.clock.now();
    const scheduleToClose = durationMs(a.scheduleToCloseTimeout);
    const startToClose = durationMs(a.startToCloseTimeout) || scheduleToClose;
    const retry = a.retryPolicy ?? {};
    const initial = durationMs(retry.initialInterval) || 1000;
    const attrs = {
      activityId: a.activityId,
      activityType: a.activityType,
      taskQueue: a.taskQueue?.name ? { name: a.taskQueue.name, kind: 'TASK_QUEUE_KIND_NORMAL' } : { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      header: a.header,
      input: a.input,
      scheduleToCloseTimeout: a.scheduleToCloseTimeout,
      scheduleToStartTimeout: a.scheduleToStartTimeout,
      startToCloseTimeout: { seconds: Math.floor(startToClose / 1000), nanos: (startToClose % 1000) * 1e6 },
      heartbeatTimeout: a.heartbeatTimeout,
      workflowTaskCompletedEventId: completedId,
      retryPolicy: {
        initialInterval: { seconds: Math.floor(initial / 1000), nanos: (initial % 1000) * 1e6 },
        backoffCoefficient: retry.backoffCoefficient || 2,
        maximumInterval: retry.maximumInterval ?? { seconds: Math.floor((initial * 100) / 1000) },
        maximumAttempts: retry.maximumAttempts ?? 0,
        nonRetryableErrorTypes: retry.nonRetryableErrorTypes ?? [],
      },
    };
    const event = run.append('ACTIVITY_TASK_SCHEDULED', attrs, now);
    const activity: ActivityState = {
      scheduledEventId: event.eventId as number,
      attrs,
      attempt: 1,
      phase: 'queued',
      firstScheduledTime: now,
      currentAttemptScheduledTime: now,
      startedTime: 0,
      identity: '',
      heartbeatDetails: null,
      lastFailure: null,
      cancelRequested: false,
      cancelRequestedEventId: 0,
      locked: false,
      timers: [],
      generation: 0,
    };
    run.activities.set(activity.scheduledEventId, activity);
    if (scheduleToClose > 0) {
      activity.timers.push(this.clock.schedule(now + scheduleToClose, () => this.activityTimedOut(run, activity, 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE', activity.generation, true)));
    }
    this.dispatchActivity(run, activity);
  }

  private dispatchActivity(run: Run, activity: ActivityState): void {
    const now = this.clock.now();
    activity.phase = 'queued';
    activity.generation++;
    activity.currentAttemptScheduledTime = now;
    if (!activity.locked) {
      activity.locked = true;
      this.clock.lock();
    }
    const generation = activity.generation;
    const scheduleToStart = durationMs(activity.attrs.scheduleToStartTimeout);
    if (scheduleToStart > 0) {
      activity.timers.push(this.clock.schedule(now + scheduleToStart, () => {
        if (activity.phase === 'queued') this.activityTimedOut(run, activity, 'TIMEOUT_TYPE_SCHEDULE_TO_START', generation, true);
      }));
    }
    this.matching.offer('activity', String(activity.attrs.taskQueue.name), {
      take: (poll) => {
        if (!run.running || run.activities.get(activity.scheduledEventId) !== activity || activity.phase !== 'queued' || activity.generation !== generation) return null;
        return this.startActivity(run, activity, poll);
      },
    });
  }

  private startActivity(run: Run, activity: ActivityState, poll: Obj): Obj {
    const now = this.clock.now();
    activity.phase = 'started';
    activity.startedTime = now;
    activity.identity = String(poll.identity ?? '');
    const generation = activity.generation;
    const startToClose = durationMs(activity.attrs.startToCloseTimeout);
    if (startToClose > 0) activity.timers.push(this.clock.schedule(now + startToClose, () => this.activityTimedOut(run, activity, 'TIMEOUT_TYPE_START_TO_CLOSE', generation, false)));
    this.armHeartbeat(run, activity);
    return {
      taskToken: encodeToken({ k: 'act', r: run.runId, e: activity.scheduledEventId, g: generation }),
      workflowNamespace: run.namespace,
      workflowType: { name: run.workflowType },
      workflowExecution: run.execution,
      activityType: activity.attrs.activityType,
      activityId: activity.attrs.activityId,
      header: activity.attrs.header,
      input: activity.attrs.input,
      heartbeatDetails: activity.heartbeatDetails,
      scheduledTime: timestamp(activity.firstScheduledTime),
      currentAttemptScheduledTime: timestamp(activity.currentAttemptScheduledTime),
      startedTime: timestamp(now),
      attempt: activity.attempt,
      // The SDK requires the three timeouts to be present; zero means none.
      scheduleToCloseTimeout: activity.attrs.scheduleToCloseTimeout ?? ZERO,
      startToCloseTimeout: activity.attrs.startToCloseTimeout ?? ZERO,
      heartbeatTimeout: activity.attrs.heartbeatTimeout ?? ZERO,
      retryPolicy: activity.attrs.retryPolicy,
    };
  }

  private heartbeatTimers = new WeakMap<ActivityState, { cancel(): void }>();

  private armHeartbeat(run: Run, activity: ActivityState): void {
    this.heartbeatTimers.get(activity)?.cancel();
    const heartbeat = durationMs(activity.attrs.heartbeatTimeout);
    if (heartbeat <= 0) return;
    const generation = activity.generation;
    const task = this.clock.schedule(this.clock.now() + heartbeat, () => this.activityTimedOut(run, activity, 'TIMEOUT_TYPE_HEARTBEAT', generation, false));
    this.heartbeatTimers.set(activity, task);
  }

  private activity(token: Obj): { run: Run; activity: ActivityState } {
    const t = decodeToken(token as Uint8Array);
    const run = t.k === 'act' ? this.runs.get(t.r) : undefined;
    const activity = t.k === 'act' ? run?.activities.get(t.e) : undefined;
    if (!run || !activity || t.k !== 'act' || activity.generation !== t.g || activity.phase !== 'started') {
      throw new RpcError(grpc.status.NOT_FOUND, 'activity task not found (it completed, timed out, was cancelled, or the workflow closed)');
    }
    return { run, activity };
  }

  heartbeat(req: Obj): { cancelRequested: boolean } {
    const { run, activity } = this.activity(req.taskToken);
    activity.heartbeatDetails = req.details ?? null;
    this.armHeartbeat(run, activity);
    return { cancelRequested: activity.cancelRequested };
  }

  private dropActivity(run: Run, activity: ActivityState): void {
    for (const t of activity.timers) t.cancel();
    activity.timers = [];
    this.heartbeatTimers.get(activity)?.cancel();
    run.activities.delete(activity.scheduledEventId);
    activity.generation++;
    if (activity.locked) {
      activity.locked = false;
      this.clock.unlock();
    }
  }

  /** Writes ActivityTaskStarted then the outcome (which points back at it), and wakes the workflow. */
  private finishActivity(run: Run, activity: ActivityState, type: string, attrs: Obj): void {
    this.dropActivity(run, activity);
    this.record(run, 'ACTIVITY_TASK_STARTED', {
      scheduledEventId: activity.scheduledEventId,
      identity: activity.identity,
      requestId: randomUUID(),
      attempt: activity.attempt,
      lastFailure: activity.lastFailure,
    });
    this.record(run, type, { scheduledEventId: activity.scheduledEventId, startedEventId: PREVIOUS_EVENT, identity: activity.identity, ...attrs });
    this.needWorkflowTask(run);
  }

  completeActivity(req: Obj): void {
    const { run, activity } = this.activity(req.taskToken);
    this.finishActivity(run, activity, 'ACTIVITY_TASK_COMPLETED', { result: req.result });
  }

  canceledActivity(req: Obj): void {
    const { run, activity } = this.activity(req.taskToken);
    this.finishActivity(run, activity, 'ACTIVITY_TASK_CANCELED', { details: req.details, latestCancelRequestedEventId: activity.cancelRequestedEventId });
  }

  failActivity(req: Obj): void {
    const { run, activity } = this.activity(req.taskToken);
    this.retryOrFail(run, activity, req.failure, 'fail', req.nextRetryDelay);
  }

  private activityTimedOut(run: Run, activity: ActivityState, timeoutType: string, generation: number, final: boolean): void {
    if (!run.running || run.activities.get(activity.scheduledEventId) !== activity) return;
    if (!final && activity.generation !== generation) return;
    const failure = { message: `activity ${enumName('temporal.api.enums.v1.TimeoutType', timeoutType).replace('TIMEOUT_TYPE_', '').toLowerCase().replace(/_/g, '-')} timeout`, timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: activity.heartbeatDetails }, cause: activity.lastFailure };
    if (final) {
      this.finishActivity(run, activity, 'ACTIVITY_TASK_TIMED_OUT', { failure, retryState: 'RETRY_STATE_TIMEOUT' });
      return;
    }
    this.retryOrFail(run, activity, failure, 'timeout');
  }

  private retryOrFail(run: Run, activity: ActivityState, failure: Obj, how: 'fail' | 'timeout', nextRetryDelay?: Obj): void {
    const policy = activity.attrs.retryPolicy;
    const type = String(failure?.applicationFailureInfo?.type ?? '');
    const nonRetryable = Boolean(failure?.applicationFailureInfo?.nonRetryable) || (policy.nonRetryableErrorTypes as string[]).includes(type);
    const maxAttempts = num(policy.maximumAttempts);
    const initial = durationMs(policy.initialInterval);
    const maxInterval = durationMs(policy.maximumInterval) || initial * 100;
    const explicit = durationMs(nextRetryDelay ?? failure?.applicationFailureInfo?.nextRetryDelay);
    const delay = explicit || Math.min(initial * Math.pow(Number(policy.backoffCoefficient) || 2, activity.attempt - 1), maxInterval);
    const scheduleToClose = durationMs(activity.attrs.scheduleToCloseTimeout);
    let retryState = '';
    if (nonRetryable) retryState = 'RETRY_STATE_NON_RETRYABLE_FAILURE';
    else if (maxAttempts > 0 && activity.attempt >= maxAttempts) retryState = 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED';
    else if (scheduleToClose > 0 && this.clock.now() + delay >= activity.firstScheduledTime + scheduleToClose) retryState = 'RETRY_STATE_TIMEOUT';
    if (retryState) {
      if (how === 'timeout') this.finishActivity(run, activity, 'ACTIVITY_TASK_TIMED_OUT', { failure, retryState });
      else this.finishActivity(run, activity, 'ACTIVITY_TASK_FAILED', { failure, retryState });
      return;
    }
    activity.lastFailure = failure;
    activity.phase = 'backoff';
    activity.generation++;
    activity.attempt++;
    this.heartbeatTimers.get(activity)?.cancel();
    // Time may skip while the activity waits out its backoff.
    if (activity.locked) {
      activity.locked = false;
      this.clock.unlock();
    }
    const generation = activity.generation;
    activity.timers.push(this.clock.schedule(this.clock.now() + delay, () => {
      if (run.activities.get(activity.scheduledEventId) === activity && activity.generation === generation && run.running) this.dispatchActivity(run, activity);
    }));
  }

  private requestCancelActivity(run: Run, scheduledEventId: number, completedId: number): void {
    const activity = run.activities.get(scheduledEventId);
    const event = run.append('ACTIVITY_TASK_CANCEL_REQUESTED', { scheduledEventId, workflowTaskCompletedEventId: completedId }, this.clock.now());
    if (!activity) return;
    activity.cancelRequestedEventId = event.eventId as number;
    if (activity.phase === 'started') {
      activity.cancelRequested = true;
      return;
    }
    this.dropActivity(run, activity);
    run.append('ACTIVITY_TASK_CANCELED', { scheduledEventId, latestCancelRequestedEventId: event.eventId, identity: 'dondoc-test-server' }, this.clock.now());
    run.wakeAfterCompletion = true;
  }

  // ---- queries ------------------------------------------------------------------------------------

  query(execution: Obj, query: Obj): Promise<{ ok: true; result: Obj | null } | { ok: false; message: string }> {
    const run = this.resolve(execution);
    this.clock.lock();
    return new Promise((resolve) => {
      const request: QueryRequest = {
        id: randomUUID(),
        query,
        dispatched: false,
        resolve: (answer) => {
          this.clock.unlock();
          resolve(answer);
        },
      };
      if (run.wft.state === 'needed') run.wft.queries.push(request);
      else if (run.wft.state === 'started') run.waitingQueries.push(request);
      else this.dispatchQueryTask(run, request);
    });
  }

  private queryRequests = new Map<string, { run: Run; request: QueryRequest }>();

  private dispatchWaitingQueries(run: Run): void {
    const waiting = run.waitingQueries.splice(0);
    for (const q of waiting) {
      if (run.wft.state === 'needed') run.wft.queries.push(q);
      else this.dispatchQueryTask(run, q);
    }
  }

  private dispatchQueryTask(run: Run, request: QueryRequest): void {
    this.queryRequests.set(request.id, { run, request });
    this.matching.offer('workflow', run.taskQueue, {
      take: () => {
        if (!this.queryRequests.has(request.id)) return null;
        const now = this.clock.now();
        return {
          taskToken: encodeToken({ k: 'query', r: run.runId, q: request.id }),
          workflowExecution: run.execution,
          workflowType: { name: run.workflowType },
          previousStartedEventId: run.lastStartedEventId(),
          startedEventId: 0,
          attempt: 1,
          history: { events: run.events },
          query: request.query,
          workflowExecutionTaskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
          scheduledTime: timestamp(now),
          startedTime: timestamp(now),
        };
      },
    });
  }

  respondQueryTask(req: Obj): void {
    const t = decodeToken(req.taskToken);
    const entry = t.k === 'query' ? this.queryRequests.get(t.q) : undefined;
    if (!entry) throw new RpcError(grpc.status.NOT_FOUND, 'query task not found');
    this.queryRequests.delete(entry.request.id);
    const type = enumName('temporal.api.enums.v1.QueryResultType', req.completedType);
    if (type === 'QUERY_RESULT_TYPE_ANSWERED') entry.request.resolve({ ok: true, result: req.queryResult ?? null });
    else entry.request.resolve({ ok: false, message: String(req.errorMessage || req.failure?.message || 'query failed') });
  }

  private answerQueries(run: Run, results: Record<string, Obj>): void {
    const remaining: QueryRequest[] = [];
    for (const q of run.wft.queries) {
      const r = results[q.id];
      if (!r) {
        remaining.push(q);
        continue;
      }
      const type = enumName('temporal.api.enums.v1.QueryResultType', r.resultType);
      if (type === 'QUERY_RESULT_TYPE_ANSWERED') q.resolve({ ok: true, result: r.answer ?? null });
      else q.resolve({ ok: false, message: String(r.errorMessage || r.failure?.message || 'query failed') });
    }
    run.wft.queries = remaining;
  }

  // ---- updates ------------------------------------------------------------------------------------

  update(execution: Obj, request: Obj): UpdateState {
    const run = this.running(execution);
    const id = String(request?.meta?.updateId || randomUUID());
    let update = run.updates.get(id);
    if (!update) {
      update = { id, request: { ...request, meta: { ...(request.meta ?? {}), updateId: id } }, stage: 'admitted', waiters: [] };
      run.updates.set(id, update);
      this.needWorkflowTask(run);
    }
    return update;
  }

  findUpdate(execution: Obj, updateId: string): { run: Run; update: UpdateState } {
    const run = this.resolve(execution);
    const update = run.updates.get(updateId);
    if (!update) throw new RpcError(grpc.status.NOT_FOUND, `update ${updateId} not found`);
    return { run, update };
  }

  waitForStage(update: UpdateState, reached: () => boolean, ms = LONG_WAIT_MS): Promise<void> {
    if (reached()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), ms);
      const check = () => {
        if (reached()) finish();
        else update.waiters.push(check);
      };
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      update.waiters.push(check);
    });
  }

  private protocolMessage(run: Run, message: Obj): void {
    const { typeName, value } = fromAny(message.body);
    const id = String(message.protocolInstanceId);
    const update = run.updates.get(id);
    if (!update) return;
    const wake = () => update.waiters.splice(0).forEach((w) => w());
    if (typeName === 'temporal.api.update.v1.Acceptance') {
      const event = run.append(
        'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        { protocolInstanceId: id, acceptedRequestMessageId: value.acceptedRequestMessageId, acceptedRequestSequencingEventId: value.acceptedRequestSequencingEventId, acceptedRequest: value.acceptedRequest ?? update.request },
        this.clock.now(),
      );
      update.stage = 'accepted';
      update.acceptedEventId = event.eventId as number;
    } else if (typeName === 'temporal.api.update.v1.Response') {
      run.append('WORKFLOW_EXECUTION_UPDATE_COMPLETED', { meta: value.meta ?? { updateId: id }, acceptedEventId: update.acceptedEventId, outcome: value.outcome }, this.clock.now());
      update.stage = 'completed';
      update.outcome = value.outcome;
    } else if (typeName === 'temporal.api.update.v1.Rejection') {
      update.stage = 'rejected';
      update.outcome = { failure: value.failure };
      run.updates.delete(id);
    }
    wake();
  }
}
