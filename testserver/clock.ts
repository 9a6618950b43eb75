/**
 * The virtual clock with time skipping, after the rules of Temporal's Java test server: while anything
 * holds a lock (a workflow task, an activity, a query, a client not waiting on a result) time runs at
 * wall speed; when nothing does, the clock jumps to the next timed task. Never backwards.
 *
 * Two counts are kept. Work in progress (workflow tasks, activities, queries, firing timers) locks the
 * internal count, which never goes below zero. Clients lock and unlock through the TestService: the SDK's
 * time-skipping client unlocks once per `result()` call and locks again after it, so many concurrent waits
 * take the client count below zero before they bring it back. Time skips only when no work is in progress
 * and the client count is ≤ 0; a crowd of waiting clients can therefore never skip past a running task.
 */
export interface TimedTask {
  cancel(): void;
}

interface Entry {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

export class VirtualClock {
  private offset = 0;
  private locks = 0;
  private clientLocks: number;
  private readonly queue: Entry[] = [];
  private seq = 0;
  private wallTimer: NodeJS.Timeout | null = null;
  private pumpScheduled = false;

  constructor(
    readonly timeSkipping: boolean,
    initialLocks = 1,
    /** Virtual start time (epoch ms); defaults to now. */
    startAt?: number,
  ) {
    this.clientLocks = timeSkipping ? initialLocks : 1;
    if (startAt !== undefined) this.offset = startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }

  get lockCount(): number {
    return this.locks + Math.max(0, this.clientLocks);
  }

  /** Work in progress: time runs at wall speed until it ends. */
  lock(): void {
    this.locks++;
  }

  unlock(): void {
    this.locks = Math.max(0, this.locks - 1);
    this.kick();
  }

  /** TestService.LockTimeSkipping. */
  clientLock(): void {
    this.clientLocks++;
  }

  /** TestService.UnlockTimeSkipping. */
  clientUnlock(): void {
    this.clientLocks--;
    this.kick();
  }

  /** Runs `fire` at virtual time `at` (immediately if already due, on the next turn). */
  schedule(at: number, fire: () => void): TimedTask {
    const entry: Entry = { at, seq: this.seq++, fire, cancelled: false };
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].at > at || (this.queue[i - 1].at === at && this.queue[i - 1].seq > entry.seq))) i--;
    this.queue.splice(i, 0, entry);
    this.kick();
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  private kick(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.wallTimer) {
      clearTimeout(this.wallTimer);
      this.wallTimer = null;
    }
    while (this.queue.length > 0 && this.queue[0].cancelled) this.queue.shift();
    const next = this.queue[0];
    if (!next) return;
    const now = this.now();
    if (next.at <= now) {
      this.fireNext();
      return;
    }
    if (this.timeSkipping && this.locks === 0 && this.clientLocks <= 0) {
      this.offset += next.at - now;
      this.fireNext();
      return;
    }
    this.wallTimer = setTimeout(() => this.pump(), Math.min(next.at - now, 2_147_000_000));
  }

  /** Fires one due task under a lock, so whatever it schedules takes its own lock before the next check. */
  private fireNext(): void {
    const entry = this.queue.shift() as Entry;
    this.locks++;
    try {
      if (!entry.cancelled) entry.fire();
    } finally {
      this.locks--;
      this.kick();
    }
  }

  /** Virtual time elapses until `at` (used by TestService.Sleep): resolves when the clock reaches it. */
  waitUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      this.schedule(at, resolve);
    });
  }
}
