/**
 * The gRPC handlers: temporal.api.workflowservice.v1.WorkflowService and temporal.api.testservice.v1.TestService,
 * translating requests into Engine calls and shaping responses the way SDK 1.24 reads them.
 */
import * as grpc from '@grpc/grpc-js';
import { Engine } from './engine';
import { durationMs, enumName, num, Obj, RpcError, timestamp, UnaryHandler } from './proto';
import { Run, STATUS_ENUM } from './run';
import { parseVisibilityQuery, Value } from './visibility';

const LONG_WAIT_MS = 20_000;

function onCancelled(call: grpc.ServerUnaryCall<Obj, Obj>): (cb: () => void) => void {
  return (cb) => call.on('cancelled', cb);
}

function decodePayloadValue(payload: Obj | undefined): Value {
  if (!payload?.data) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload.data as Uint8Array).toString('utf8')) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
    if (typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean') return parsed;
    return JSON.stringify(parsed);
  } catch {
    return Buffer.from(payload.data as Uint8Array).toString('utf8');
  }
}

function executionInfo(run: Run): Obj {
  return {
    execution: run.execution,
    type: { name: run.workflowType },
    startTime: timestamp(run.startTime),
    closeTime: run.running ? undefined : timestamp(run.closeTime),
    status: STATUS_ENUM[run.status],
    historyLength: run.events.length,
    executionTime: timestamp(run.startTime),
    memo: { fields: run.memo },
    searchAttributes: { indexedFields: run.searchAttributes },
    taskQueue: run.taskQueue,
    firstRunId: run.firstExecutionRunId,
    stateTransitionCount: run.events.length,
  };
}

const STATUS_WORDS: Record<string, string> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  TERMINATED: 'Terminated',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
  TIMED_OUT: 'TimedOut',
};

function visibilityRow(run: Run) {
  return (field: string): Value | undefined => {
    switch (field) {
      case 'WorkflowId':
        return run.workflowId;
      case 'RunId':
        return run.runId;
      case 'WorkflowType':
        return run.workflowType;
      case 'ExecutionStatus':
        return STATUS_WORDS[run.status];
      case 'TaskQueue':
        return run.taskQueue;
      case 'StartTime':
      case 'ExecutionTime':
        return new Date(run.startTime).toISOString();
      case 'CloseTime':
        return run.running ? null : new Date(run.closeTime).toISOString();
      default:
        return decodePayloadValue(run.searchAttributes[field]);
    }
  };
}

export function workflowServiceHandlers(engine: Engine): Record<string, UnaryHandler> {
  const matching = engine.matching;
  const visible = (namespace: string, query: string) => {
    const predicate = parseVisibilityQuery(query);
    return [...engine.runs.values()].filter((run) => (!namespace || run.namespace === namespace) && predicate(visibilityRow(run))).sort((a, b) => b.startTime - a.startTime);
  };
  const capabilities = {
    signalAndQueryHeader: true,
    internalErrorDifferentiation: true,
    activityFailureIncludeHeartbeat: true,
    supportsSchedules: false,
    encodedFailureAttributes: true,
    buildIdBasedVersioning: false,
    upsertMemo: true,
    eagerWorkflowStart: false,
    sdkMetadata: true,
    countGroupByExecutionStatus: false,
  };
  return {
    GetSystemInfo: async () => ({ serverVersion: '1.24.0-dondoc-test-server', capabilities }),
    DescribeNamespace: async (req) => ({
      namespaceInfo: { name: req.namespace || 'default', state: 'NAMESPACE_STATE_REGISTERED', id: '00000000-0000-4000-8000-000000000001', capabilities: { eagerWorkflowStart: false, syncUpdate: true, asyncUpdate: true } },
      config: { workflowExecutionRetentionTtl: { seconds: 86400 } },
    }),
    GetClusterInfo: async () => ({ clusterName: 'dondoc-test-server', serverVersion: '1.24.0', historyShardCount: 1 }),
    StartWorkflowExecution: async (req) => engine.start(req),
    SignalWithStartWorkflowExecution: async (req) => {
      const existing = engine.current(String(req.workflowId));
      if (existing?.running) {
        engine.signal(existing.execution, String(req.signalName), req.signalInput, req.header, String(req.identity ?? ''));
        return { runId: existing.runId, started: false };
      }
      return engine.start(req, { name: String(req.signalName), input: req.signalInput, header: req.header, identity: String(req.identity ?? '') });
    },
    SignalWorkflowExecution: async (req) => {
      engine.signal(req.workflowExecution, String(req.signalName), req.input, req.header, String(req.identity ?? ''));
      return {};
    },
    RequestCancelWorkflowExecution: async (req) => {
      engine.requestCancel(req.workflowExecution, String(req.reason ?? ''), String(req.identity ?? ''));
      return {};
    },
    TerminateWorkflowExecution: async (req) => {
      const run = engine.resolve(req.workflowExecution);
      if (!run.running) throw new RpcError(grpc.status.NOT_FOUND, 'workflow execution already completed');
      engine.terminate(run, String(req.reason ?? ''), String(req.identity ?? ''), req.details);
      return {};
    },
    DescribeWorkflowExecution: async (req) => {
      const run = engine.resolve(req.execution);
      return {
        executionConfig: { taskQueue: { name: run.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' }, defaultWorkflowTaskTimeout: { seconds: Math.floor(run.workflowTaskTimeoutMs / 1000) } },
        workflowExecutionInfo: executionInfo(run),
        pendingActivities: [...run.activities.values()].map((a) => ({
          activityId: a.attrs.activityId,
          activityType: a.attrs.activityType,
          state: a.phase === 'started' ? 'PENDING_ACTIVITY_STATE_STARTED' : 'PENDING_ACTIVITY_STATE_SCHEDULED',
          attempt: a.attempt,
          scheduledTime: timestamp(a.currentAttemptScheduledTime),
          lastFailure: a.lastFailure,
        })),
      };
    },
    ListWorkflowExecutions: async (req) => {
      const runs = visible(String(req.namespace ?? ''), String(req.query ?? ''));
      const start = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken as Uint8Array).toString()) : 0;
      const size = num(req.pageSize) || 1000;
      const page = runs.slice(start, start + size);
      return { executions: page.map(executionInfo), nextPageToken: start + size < runs.length ? Buffer.from(String(start + size)) : Buffer.alloc(0) };
    },
    CountWorkflowExecutions: async (req) => ({ count: visible(String(req.namespace ?? ''), String(req.query ?? '')).length }),
    GetSearchAttributes: async () => ({ keys: Object.fromEntries(engine.searchAttributeTypes) }),
    GetWorkflowExecutionHistory: async (req) => {
      const run = engine.resolve(req.execution);
      const closeOnly = enumName('temporal.api.enums.v1.HistoryEventFilterType', req.historyEventFilterType ?? 0) === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT';
      if (closeOnly) {
        if (run.running && req.waitNewEvent) await engine.waitForClose(run, LONG_WAIT_MS);
        if (run.running) return { history: { events: [] }, nextPageToken: Buffer.from('wait') };
        return { history: { events: [run.closeEvent] } };
      }
      return { history: { events: run.events } };
    },
    PollWorkflowTaskQueue: async (req, call) => {
      const queue = String(req.taskQueue?.name ?? '');
      // Stickiness is not offered: sticky polls only ever time out, and full histories go to the normal queue.
      const sticky = enumName('temporal.api.enums.v1.TaskQueueKind', req.taskQueue?.kind ?? 0) === 'TASK_QUEUE_KIND_STICKY';
      return matching.poll('workflow', sticky ? `sticky:${queue}` : queue, req, onCancelled(call));
    },
    PollActivityTaskQueue: async (req, call) => matching.poll('activity', String(req.taskQueue?.name ?? ''), req, onCancelled(call)),
    RespondWorkflowTaskCompleted: async (req) => {
      engine.completeWorkflowTask(req);
      return {};
    },
    RespondWorkflowTaskFailed: async (req) => {
      engine.failWorkflowTask(req);
      return {};
    },
    RespondQueryTaskCompleted: async (req) => {
      engine.respondQueryTask(req);
      return {};
    },
    RespondActivityTaskCompleted: async (req) => {
      engine.completeActivity(req);
      return {};
    },
    RespondActivityTaskFailed: async (req) => {
      engine.failActivity(req);
      return {};
    },
    RespondActivityTaskCanceled: async (req) => {
      engine.canceledActivity(req);
      return {};
    },
    RecordActivityTaskHeartbeat: async (req) => engine.heartbeat(req),
    QueryWorkflow: async (req) => {
      const answer = await engine.query(req.execution, req.query);
      if (!answer.ok) throw new RpcError(grpc.status.INVALID_ARGUMENT, answer.message);
      return { queryResult: answer.result };
    },
    UpdateWorkflowExecution: async (req) => {
      const update = engine.update(req.workflowExecution, req.request);
      const wanted = enumName('temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage', req.waitPolicy?.lifecycleStage ?? 0);
      const done = () => update.stage === 'completed' || update.stage === 'rejected' || (wanted !== 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED' && update.stage === 'accepted');
      await engine.waitForStage(update, done);
      const run = engine.resolve(req.workflowExecution);
      return updateResponse(run, update.id, update.stage, update.outcome);
    },
    PollWorkflowExecutionUpdate: async (req) => {
      const ref = req.updateRef;
      const { run, update } = engine.findUpdate(ref.workflowExecution, String(ref.updateId));
      await engine.waitForStage(update, () => update.stage === 'completed' || update.stage === 'rejected');
      return updateResponse(run, update.id, update.stage, update.outcome);
    },
    ResetStickyTaskQueue: async () => ({}),
    ShutdownWorker: async () => ({}),
    DescribeTaskQueue: async () => ({ pollers: [] }),
  };
}

function updateResponse(run: Run, updateId: string, stage: string, outcome: Obj | undefined): Obj {
  const stages: Record<string, string> = {
    admitted: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED',
    accepted: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED',
    completed: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED',
    rejected: 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED',
  };
  return { updateRef: { workflowExecution: run.execution, updateId }, stage: stages[stage], ...(outcome ? { outcome } : {}) };
}

export function testServiceHandlers(engine: Engine): Record<string, UnaryHandler> {
  const clock = engine.clock;
  return {
    LockTimeSkipping: async () => {
      clock.clientLock();
      return {};
    },
    UnlockTimeSkipping: async () => {
      clock.clientUnlock();
      return {};
    },
    GetCurrentTime: async () => ({ time: timestamp(clock.now()) }),
    Sleep: async (req) => {
      await clock.waitUntil(clock.now() + durationMs(req.duration));
      return {};
    },
    SleepUntil: async (req) => {
      const at = num(req.timestamp?.seconds) * 1000 + Math.round(num(req.timestamp?.nanos) / 1e6);
      await clock.waitUntil(at);
      return {};
    },
    UnlockTimeSkippingWithSleep: async (req) => {
      const done = clock.waitUntil(clock.now() + durationMs(req.duration));
      clock.clientUnlock();
      await done;
      clock.clientLock();
      return {};
    },
  };
}
