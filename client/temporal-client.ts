import { isoDateAt, toVietnameseDate } from '../domain/dates';
import type { Client, Connection } from '@temporalio/client';
import { CommandIo } from './io';
import { grpcStatus } from './server-busy';

export class TemporalUnavailable extends Error {}

/** The worker does not poll the row's task queue, or did not answer in time: nothing was recorded. */
export class WorkerUnavailable extends Error {
  /** Whether the call had reached Temporal (it waits there; a row refuses it once past its notAfter). */
  constructor(message: string, readonly sent = false) {
    super(message);
  }
}

/** The row's workflow has ended (cancelled, finished): it takes no more actions. */
export class RowEnded extends Error {}

/** What a person is told when an action could not reach the worker in time; the row refuses it if it arrives later. */
export const NOT_RECORDED = 'Chưa ghi nhận: máy chủ nhắc việc đang không chạy, hãy thử lại sau.';
export const NOT_READ = 'Chưa đọc được trạng thái: máy chủ nhắc việc đang không chạy, hãy thử lại sau.';
export const TEMPORAL_DOWN = { write: 'Chưa ghi nhận: không kết nối được Temporal (hệ thống nhắc việc), hãy thử lại sau.', read: 'Chưa đọc được trạng thái: không kết nối được Temporal (hệ thống nhắc việc), hãy thử lại sau.' } as const;

/** "Send today's digests now" takes no deadline: one that reached Temporal is served when the worker returns. */
export const DIGEST_WAITS = 'Chưa gửi xong: máy chủ nhắc việc chưa trả lời. Yêu cầu đã đến Temporal; thư tổng hợp hôm nay sẽ được gửi khi máy chủ nhắc việc chạy lại.';

/** The longest a person waits for an action or a read before being answered. */
export const ACTION_BUDGET_MS = 7_500;
/**
 * Kept between the last instant the row accepts an action and the moment the client gives up: room for the
 * worker to finish the task and answer, and for the clocks of this machine and Temporal's to differ a little.
 */
const SETTLE_MS = 3_000;
/** Describing the row or its queue needs only Temporal, never the worker: it answers fast or Temporal is down. */
const DESCRIBE_MS = 3_000;
/**
 * A worker idle on its queue polls again about once a minute (Temporal's long poll), and Temporal keeps listing a
 * poller that has gone: one not seen for longer than this has stopped.
 */
export const WORKER_SILENCE_MS = 90_000;

/** Whether a worker polled recently enough to be alive, from the pollers' last access (epoch ms). */
export function workerSeen(lastAccess: number[], now: number, silenceMs = WORKER_SILENCE_MS): boolean {
  return lastAccess.some((at) => now - at <= silenceMs);
}

// Loaded lazily: commands that need no Temporal start fast. (require: see client/cli.ts)
const sdk = () => require('@temporalio/client') as typeof import('@temporalio/client');
const tsToMs = (ts: Parameters<typeof import('@temporalio/common/lib/time').tsToMs>[0]) => (require('@temporalio/common/lib/time') as typeof import('@temporalio/common/lib/time')).tsToMs(ts);

const GRPC_UNIMPLEMENTED = 12;
const GRPC_UNAVAILABLE = 14;
const grpcCode = (error: unknown): number | undefined => grpcStatus(error)?.code;

/**
 * Connection options for dondoc's clients: the time-skipping test server's clock is asked for when it answers (see
 * engineNow), and a restarted Temporal is found again within seconds rather than grpc's two-minute backoff.
 */
function connectionOptions(address: string): import('@temporalio/client').ConnectionOptions {
  const { InternalConnectionOptionsSymbol } = require('@temporalio/client/lib/connection') as typeof import('@temporalio/client/lib/connection');
  return { address, connectTimeout: 5_000, channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5_000 }, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
}

const addressOf = (env: NodeJS.ProcessEnv) => env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';

/** Connects to TEMPORAL_ADDRESS (default 127.0.0.1:7233), or says plainly what to start. */
export async function withTemporalClient<T>(io: CommandIo, fn: (client: Client) => Promise<T>): Promise<T> {
  const { Client: TemporalClient, Connection } = sdk();
  const address = addressOf(io.env);
  let connection;
  try {
    connection = await Connection.connect(connectionOptions(address));
  } catch {
    throw new TemporalUnavailable(`Không kết nối được Temporal ở ${address}. Hãy chạy Temporal (npm run temporal, hoặc dondoc server) hoặc đặt TEMPORAL_ADDRESS tới cụm Temporal của đơn vị.`);
  }
  try {
    return await fn(new TemporalClient({ connection, namespace: io.env.TEMPORAL_NAMESPACE ?? 'default' }));
  } finally {
    await connection.close();
  }
}

/**
 * A client that connects when first used and again after Temporal comes back: the web app starts and serves its
 * read pages (which need only the read model) while Temporal is down.
 */
export function lazyTemporalClient(env: NodeJS.ProcessEnv): { client: Client; address: string; close(): Promise<void> } {
  const { Client: TemporalClient, Connection } = sdk();
  const address = addressOf(env);
  const connection = Connection.lazy(connectionOptions(address));
  return { client: new TemporalClient({ connection, namespace: env.TEMPORAL_NAMESPACE ?? 'default' }), address, close: () => connection.close() };
}

const clockless = new WeakSet<object>();

/**
 * "Now" on the workflows' clock: the time-skipping test server's own clock (ahead of the wall clock once it has
 * skipped), else this machine's, which a real Temporal server shares (within NTP's error).
 */
export async function engineNow(client: Client): Promise<number> {
  const test = (client.connection as Partial<Connection>).testService;
  if (test && !clockless.has(client.connection)) {
    try {
      return tsToMs((await test.getCurrentTime({})).time);
    } catch (error) {
      if (grpcCode(error) !== GRPC_UNIMPLEMENTED) throw error;
      clockless.add(client.connection);
    }
  }
  return Date.now();
}

/** When each worker last polled `taskQueue` for workflow tasks (epoch ms); undefined when the server cannot say (the test server). */
export async function pollersLastSeen(client: Client, taskQueue: string, deadline = Date.now() + DESCRIBE_MS): Promise<number[] | undefined> {
  try {
    const answer = await client.connection.withDeadline(deadline, () =>
      // kind 1: a normal (not sticky) queue; type 1: workflow tasks, which every update and query needs.
      client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue, kind: 1 }, taskQueueType: 1 }),
    );
    const seen = (answer.pollers ?? []).map((p) => tsToMs(p.lastAccessTime));
    // That is the queue's root partition. On a cluster a queue has several partitions and a live worker may poll only
    // the others for a while: the enhanced description gathers the pollers of every partition.
    return workerSeen(seen, Date.now()) ? seen : [...seen, ...(await pollersOfAllPartitions(client, taskQueue, deadline))];
  } catch (error) {
    if (grpcCode(error) === GRPC_UNIMPLEMENTED) return undefined;
    throw error;
  }
}

async function pollersOfAllPartitions(client: Client, taskQueue: string, deadline: number): Promise<number[]> {
  try {
    const answer = await client.connection.withDeadline(deadline, () =>
      client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue, kind: 1 }, apiMode: 1, taskQueueTypes: [1], reportPollers: true }),
    );
    return Object.values(answer.versionsInfo ?? {}).flatMap((v) => Object.values(v.typesInfo ?? {}).flatMap((t) => (t.pollers ?? []).map((p) => tsToMs(p.lastAccessTime))));
  } catch {
    // A server without the enhanced description: the root partition's answer stands.
    return [];
  }
}

/** Whether a worker polls `taskQueue`; undefined when the server cannot say. */
export async function workerPolls(client: Client, taskQueue: string): Promise<boolean | undefined> {
  const seen = await pollersLastSeen(client, taskQueue);
  return seen && workerSeen(seen, Date.now());
}

/**
 * Runs one update (`write`) or query (`read`) on a row so that the person is answered within ACTION_BUDGET_MS:
 * done, or refused with a reason, or not recorded. Before sending, Temporal says whether the row exists and runs,
 * and whether a worker polls its queue (nothing is sent when none does). An update carries `notAfter`, on the
 * workflows' clock, a few seconds before the client stops waiting: if the worker comes back later, the row's
 * validator refuses it, so an action the person was told was not recorded is never applied.
 */
export async function onRow<T>(client: Client, workflowId: string, kind: 'read' | 'write', call: (notAfter: number) => Promise<T>): Promise<T> {
  const { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } = sdk();
  const giveUpAt = Date.now() + ACTION_BUDGET_MS;
  const notAnswered = (sent = false) => new WorkerUnavailable(kind === 'write' ? NOT_RECORDED : NOT_READ, sent);
  let notAfter: number;
  try {
    const described = await client.connection.withDeadline(Date.now() + DESCRIBE_MS, () => client.workflow.getHandle(workflowId).describe());
    if (kind === 'write' && described.status.name !== 'RUNNING') {
      const on = described.closeTime ? ` ngày ${toVietnameseDate(isoDateAt(described.closeTime.getTime()))}` : '';
      throw new RowEnded(`Nhiệm vụ ${workflowId} đã kết thúc${on}, không nhận thêm thao tác.`);
    }
    if ((await workerPolls(client, described.taskQueue)) === false) throw notAnswered();
    const window = giveUpAt - SETTLE_MS - Date.now();
    if (window <= 0) throw notAnswered();
    notAfter = (await engineNow(client)) + window;
  } catch (error) {
    // Describing needs only Temporal: a failure to answer here is Temporal's, never the worker's.
    if (error instanceof ServiceError || grpcCode(error) !== undefined) throw new TemporalUnavailable(TEMPORAL_DOWN[kind]);
    throw error;
  }
  try {
    return await client.connection.withDeadline(giveUpAt, () => call(notAfter));
  } catch (error) {
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw notAnswered(true);
    const code = grpcCode(error);
    if (code === 4 /* DEADLINE_EXCEEDED */ || code === 1 /* CANCELLED */) throw notAnswered(true);
    if (code === GRPC_UNAVAILABLE) throw new TemporalUnavailable(TEMPORAL_DOWN[kind]);
    throw error;
  }
}

/** Whether Temporal answers within a few seconds (the worker aside). */
export async function temporalAnswers(client: Client): Promise<boolean> {
  try {
    await client.connection.withDeadline(Date.now() + DESCRIBE_MS, () => client.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

export type EngineState = 'ok' | 'temporal-down' | 'worker-down' | 'unknown';

/**
 * Asks Temporal every `everyMs` whether it answers and whether a worker polls `taskQueue`, for the web's banner.
 * The first check runs at once; until it answers the state is 'unknown'. `firstCheck` settles with its answer, so a
 * warning printed from it never disagrees with the banner.
 */
export function watchEngine(client: Client, taskQueue: string, everyMs = 5_000): { state(): EngineState; firstCheck: Promise<EngineState>; stop(): void } {
  let state: EngineState = 'unknown';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async (): Promise<EngineState> => {
    try {
      state = !(await temporalAnswers(client)) ? 'temporal-down' : (await workerPolls(client, taskQueue)) === false ? 'worker-down' : 'ok';
    } catch {
      state = 'temporal-down';
    }
    if (!stopped) timer = setTimeout(() => void check(), everyMs);
    return state;
  };
  const firstCheck = check();
  return {
    state: () => state,
    firstCheck,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
