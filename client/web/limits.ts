/**
 * Allowances counted per key in fixed windows (logins a minute, uploads an hour), in the web app's memory: it runs
 * as one process, and a restart forgiving the counts is acceptable for limits that only slow abuse down.
 */
export class Allowance {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  private current(key: string): { start: number; used: number } {
    const now = this.clock();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      // Many addresses must not grow the map for ever: ended windows go when it is large.
      if (this.windows.size > 10_000) for (const [k, old] of this.windows) if (now - old.start >= this.windowMs) this.windows.delete(k);
      w = { start: now, used: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Whether `amount` more fits in the key's window. */
  allows(key: string, amount = 1): boolean {
    return this.current(key).used + amount <= this.max;
  }

  use(key: string, amount = 1): void {
    this.current(key).used += amount;
  }

  /** Minutes until the key's window ends (at least 1), for the message a person reads. */
  minutesLeft(key: string): number {
    return Math.max(1, Math.ceil((this.current(key).start + this.windowMs - this.clock()) / 60_000));
  }
}

/** Takes `amount` from every allowance, or from none: the first one spent is returned. */
export function takeAll(checks: { allowance: Allowance; key: string; amount?: number }[]): { allowance: Allowance; key: string } | null {
  const spent = checks.find((c) => !c.allowance.allows(c.key, c.amount ?? 1));
  if (spent) return spent;
  for (const c of checks) c.allowance.use(c.key, c.amount ?? 1);
  return null;
}
