/**
 * Temporal answering "busy" rather than "no": a loaded server (a cluster whose PostgreSQL is slow, a history service
 * still taking its shards after a restart) lets a call pass its deadline or says it has no host yet. The same call a
 * moment later succeeds. The SDK retries some of these answers itself, never a passed deadline, since the call may have
 * been applied: the callers here retry only calls whose repetition is safe (a start that finds its own row, an update
 * under one id).
 */

/** The gRPC status of a failed call, from the SDK's error or the gRPC error it wraps. */
export function grpcStatus(error: unknown): { code: number; details: string } | undefined {
  for (let e = error as { code?: unknown; details?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'number') return { code: e.code, details: typeof e.details === 'string' ? e.details : String(e.message ?? '') };
  }
  return undefined;
}

const NAMES: Record<number, string> = { 4: 'DEADLINE_EXCEEDED', 8: 'RESOURCE_EXHAUSTED', 10: 'ABORTED', 14: 'UNAVAILABLE' };

/** Deadline passed, resource exhausted, aborted, unavailable: the server may serve the same call a moment later. */
export function serverBusy(error: unknown): boolean {
  const status = grpcStatus(error);
  return status !== undefined && status.code in NAMES;
}

/** The server's answer as an administrator reads it in its logs: "DEADLINE_EXCEEDED: context deadline exceeded". */
export function serverAnswer(error: unknown): string {
  const status = grpcStatus(error);
  if (!status) return error instanceof Error ? error.message : String(error);
  return `${NAMES[status.code] ?? `mã gRPC ${status.code}`}: ${status.details.replace(/^\d+ [A-Z_]+: /, '')}`;
}

/** How long a call is tried again while the server is busy before the caller is told. */
export const BUSY_BUDGET_MS = 60_000;

/**
 * `call`, tried again while the server answers busy (after 0.5 s, then twice as long each time up to 5 s), for at most
 * `budgetMs`; then the last answer is thrown. Any other error is thrown at once.
 */
export async function whileServerBusy<T>(call: (attempt: number) => Promise<T>, budgetMs = BUSY_BUDGET_MS): Promise<T> {
  const end = Date.now() + budgetMs;
  for (let attempt = 0, pause = 500; ; attempt++, pause = Math.min(pause * 2, 5_000)) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!serverBusy(error) || Date.now() + pause > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
