/**
 * One workflow run in memory: its history, its workflow task, timers, activities, queries and updates.
 * History rules follow what the SDK's core checks strictly: contiguous event ids; WorkflowTaskScheduled
 * immediately followed by WorkflowTaskStarted (we write both when a poller takes the task, so events
 * that arrive while the task waits are part of it); events that arrive while a task runs are buffered
 * and written after its completion and commands.
 */
import type { TimedTask } from './clock';
import { Obj, timestamp } from './proto';

/** An activity outcome's `startedEventId` before its ActivityTaskStarted has an id: resolved to the event just before it. */
export const PREVIOUS_EVENT = -1;

export type RunStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT';

export const STATUS_ENUM: Record<RunStatus, string> = {
  RUNNING: 'WORKFLOW_EXECUTION_STATUS_RUNNING',
  COMPLETED: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  FAILED: 'WORKFLOW_EXECUTION_STATUS_FAILED',
  CANCELED: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
  TERMINATED: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
  CONTINUED_AS_NEW: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
  TIMED_OUT: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
};

export interface QueryRequest {
  id: string;
  query: Obj;
  resolve: (answer: { ok: true; result: Obj | null } | { ok: false; message: string }) => void;
  dispatched: boolean;
}

export interface UpdateState {
  id: string;
  request: Obj;
  stage: 'admitted' | 'accepted' | 'completed' | 'rejected';
  outcome?: Obj;
  acceptedEventId?: number;
  /** The workflow task (by its started event id) that carried the request, if any is in flight. */
  deliveredIn?: number;
  waiters: (() => void)[];
}

export interface ActivityState {
  scheduledEventId: number;
  attrs: Obj;
  attempt: number;
  phase: 'queued' | 'started' | 'backoff';
  firstScheduledTime: number;
  currentAttemptScheduledTime: number;
  startedTime: number;
  identity: string;
  heartbeatDetails: Obj | null;
  lastFailure: Obj | null;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
  locked: boolean;
  timers: TimedTask[];
  /** Bumped on every dispatch so a token from an earlier attempt is refused. */
  generation: number;
}

export interface WorkflowTask {
  state: 'none' | 'needed' | 'started';
  attempt: number;
  scheduledTime: number;
  scheduledEventId: number;
  startedEventId: number;
  timeout: TimedTask | null;
  queries: QueryRequest[];
}

export class Run {
  readonly events: Obj[] = [];
  /** Events that arrived while a workflow task ran: written after its completion. */
  readonly buffered: { type: string; attrs: Obj; at: number }[] = [];
  status: RunStatus = 'RUNNING';
  closeTime = 0;
  closeEvent: Obj | null = null;
  readonly wft: WorkflowTask = { state: 'none', attempt: 1, scheduledTime: 0, scheduledEventId: 0, startedEventId: 0, timeout: null, queries: [] };
  lastCompletedStartedId = 0;
  readonly timers = new Map<string, { startedEventId: number; task: TimedTask }>();
  readonly activities = new Map<number, ActivityState>();
  readonly updates = new Map<string, UpdateState>();
  /** Queries that came while a workflow task ran; sent with the next task or as query tasks. */
  readonly waitingQueries: QueryRequest[] = [];
  readonly closeWaiters: (() => void)[] = [];
  cancelRequested = false;
  memo: Record<string, Obj> = {};
  searchAttributes: Record<string, Obj> = {};
  runTimeout: TimedTask | null = null;
  newExecutionRunId = '';

  constructor(
    readonly namespace: string,
    readonly workflowId: string,
    readonly runId: string,
    readonly firstExecutionRunId: string,
    readonly workflowType: string,
    readonly taskQueue: string,
    readonly workflowTaskTimeoutMs: number,
    readonly startTime: number,
  ) {}

  get running(): boolean {
    return this.status === 'RUNNING';
  }

  get execution(): Obj {
    return { workflowId: this.workflowId, runId: this.runId };
  }

  /** Set inside a task completion when a command itself produced an event the workflow must see. */
  wakeAfterCompletion = false;

  /** Appends an event now, with the next contiguous id. */
  append(type: string, attrs: Obj, at: number): Obj {
    if (attrs.startedEventId === PREVIOUS_EVENT) attrs.startedEventId = this.events.length;
    const event = { eventId: this.events.length + 1, eventTime: timestamp(at), eventType: `EVENT_TYPE_${type}`, taskId: this.events.length + 1, [attributesKey(type)]: attrs };
    this.events.push(event);
    return event;
  }

  get nextEventId(): number {
    return this.events.length + 1;
  }

  lastStartedEventId(): number {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i].eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED') return this.events[i].eventId as number;
    return 0;
  }
}

/** "TIMER_FIRED" → "timerFiredEventAttributes". */
export function attributesKey(type: string): string {
  const camel = type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return `${camel}EventAttributes`;
}
