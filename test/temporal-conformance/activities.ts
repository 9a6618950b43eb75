import { ApplicationFailure, Context, sleep } from '@temporalio/activity';

/** Activities of the conformance suite. `failTimes` keeps its attempt count per workflow in memory. */
export async function echo(text: string): Promise<string> {
  return text;
}

export async function failTimes(times: number): Promise<number> {
  const attempt = Context.current().info.attempt;
  if (attempt <= times) throw new Error(`thất bại lần ${attempt}`);
  return attempt;
}

export async function failNonRetryable(): Promise<void> {
  throw ApplicationFailure.nonRetryable('dữ liệu sai, không thử lại', 'BadInput');
}

export async function slow(ms: number): Promise<void> {
  await sleep(ms);
}

export async function heartbeatThenHang(): Promise<void> {
  Context.current().heartbeat('bắt đầu');
  // Never heartbeats again; ends only when the worker cancels it at shutdown.
  await Context.current().cancelled;
}

export async function waitForCancel(): Promise<string> {
  for (;;) {
    Context.current().heartbeat();
    await sleep(200);
  }
}
