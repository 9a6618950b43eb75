/**
 * Task queues: long polls from workers waiting for workflow or activity tasks. A poll is answered with
 * a task as soon as one is ready, or empty before the worker's 70 s deadline. A poll whose call was
 * cancelled is dropped, so a task is never handed to a dead call.
 */
import type { Obj } from './proto';

const POLL_ANSWER_EMPTY_AFTER_MS = 55_000;

interface Waiter {
  request: Obj;
  deliver: (task: Obj) => boolean;
}

export interface PendingTask {
  /** Builds the poll response at the moment a poller takes it (given its poll request); null when the task went stale. */
  take: (poll: Obj) => Obj | null;
}

class Queue {
  readonly tasks: PendingTask[] = [];
  readonly waiters: Waiter[] = [];
}

export class Matching {
  private readonly queues = new Map<string, Queue>();

  private queue(kind: 'workflow' | 'activity', name: string): Queue {
    const key = `${kind}:${name}`;
    let q = this.queues.get(key);
    if (!q) {
      q = new Queue();
      this.queues.set(key, q);
    }
    return q;
  }

  /** Offers a task: handed to a waiting poller at once, or kept until one comes. */
  offer(kind: 'workflow' | 'activity', taskQueue: string, task: PendingTask): void {
    const q = this.queue(kind, taskQueue);
    while (q.waiters.length > 0) {
      const waiter = q.waiters.shift() as Waiter;
      const response = task.take(waiter.request);
      if (response === null) return;
      // Waiters leave the list when cancelled or timed out, so a listed waiter is live and takes it.
      if (waiter.deliver(response)) return;
    }
    q.tasks.push(task);
  }

  poll(kind: 'workflow' | 'activity', taskQueue: string, request: Obj, onCancelled: (cb: () => void) => void): Promise<Obj> {
    const q = this.queue(kind, taskQueue);
    while (q.tasks.length > 0) {
      const response = (q.tasks.shift() as PendingTask).take(request);
      if (response !== null) return Promise.resolve(response);
    }
    return new Promise((resolve) => {
      let done = false;
      const waiter: Waiter = {
        request,
        deliver: (task) => {
          if (done) return false;
          done = true;
          clearTimeout(timer);
          resolve(task);
          return true;
        },
      };
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        q.waiters.splice(q.waiters.indexOf(waiter), 1);
        resolve({});
      }, POLL_ANSWER_EMPTY_AFTER_MS);
      onCancelled(() => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const i = q.waiters.indexOf(waiter);
        if (i >= 0) q.waiters.splice(i, 1);
      });
      q.waiters.push(waiter);
    });
  }
}
