/** Workflows of the conformance suite: small, each exercising one feature of the service through the SDK. */
import {
  CancellationScope,
  ActivityFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities';

const { echo, failTimes, failNonRetryable } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 5 },
});

export const addSignal = defineSignal<[number]>('add');
export const totalQuery = defineQuery<number>('total');
export const setValueUpdate = defineUpdate<number, [number]>('setValue');

export async function sleeper(ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  return Date.now() - start;
}

export async function timersAndActivity(name: string): Promise<string> {
  await sleep('1 day');
  const greeting = await echo(`xin chào ${name}`);
  await sleep('2 days');
  return greeting;
}

export async function conditionWithTimeout(waitMs: number): Promise<string> {
  let released = false;
  setHandler(addSignal, () => {
    released = true;
  });
  const ok = await condition(() => released, waitMs);
  return ok ? 'signalled' : 'timed out';
}

export async function accumulator(until: number): Promise<number> {
  let total = 0;
  setHandler(addSignal, (n) => {
    total += n;
  });
  setHandler(totalQuery, () => total);
  setHandler(
    setValueUpdate,
    (value) => {
      const previous = total;
      total = value;
      return previous;
    },
    {
      validator: (value) => {
        if (value < 0) throw new Error('giá trị phải không âm');
      },
    },
  );
  await condition(() => total >= until);
  return total;
}

export async function retries(times: number): Promise<number> {
  return failTimes(times);
}

export async function nonRetryable(): Promise<string> {
  try {
    await failNonRetryable();
    return 'no error';
  } catch (error) {
    return error instanceof ActivityFailure ? `failed: ${error.cause?.message ?? ''}` : 'other error';
  }
}

export async function startToCloseTimeout(): Promise<string> {
  const { slow: slowOnce } = proxyActivities<typeof activities>({ startToCloseTimeout: '2 seconds', retry: { maximumAttempts: 1 } });
  try {
    await slowOnce(5000);
    return 'completed';
  } catch (error) {
    return error instanceof ActivityFailure ? `timed out: ${error.cause?.name ?? ''}` : 'other error';
  }
}

export async function heartbeatTimeout(): Promise<string> {
  const { heartbeatThenHang: hb } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '2 seconds', retry: { maximumAttempts: 1 } });
  try {
    await hb();
    return 'completed';
  } catch (error) {
    return error instanceof ActivityFailure ? `timed out: ${error.cause?.name ?? ''}` : 'other error';
  }
}

export async function cancelActivity(): Promise<string> {
  const { waitForCancel: wait } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '5 seconds', cancellationType: 'WAIT_CANCELLATION_COMPLETED' });
  try {
    await CancellationScope.cancellable(async () => {
      const promise = wait();
      await sleep('3 seconds');
      CancellationScope.current().cancel();
      await promise;
    });
    return 'not cancelled';
  } catch (error) {
    return isCancellation(error) ? 'cancelled' : `other: ${String(error)}`;
  }
}

export async function counterWithContinueAsNew(count: number, limit: number, pauseMs = 3600_000): Promise<number> {
  await sleep(pauseMs);
  if (count + 1 < limit) await continueAsNew<typeof counterWithContinueAsNew>(count + 1, limit, pauseMs);
  return count + 1;
}

export async function waitForever(): Promise<void> {
  await condition(() => false);
}

export async function tagged(tag: string): Promise<string> {
  upsertSearchAttributes({ DondocTag: [tag] });
  let done = false;
  setHandler(addSignal, () => {
    done = true;
  });
  await condition(() => done);
  return workflowInfo().workflowId;
}


export async function scheduleToCloseTimeout(): Promise<string> {
  const { slow: slowWithDeadline } = proxyActivities<typeof activities>({ scheduleToCloseTimeout: '3 seconds', retry: { initialInterval: '1 second' } });
  try {
    await slowWithDeadline(10_000);
    return 'completed';
  } catch (error) {
    return error instanceof ActivityFailure ? `timed out: ${error.cause?.name ?? ''}` : 'other error';
  }
}
