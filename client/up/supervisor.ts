import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/** A running child and the promise of its exit. */
export interface Started {
  process: ChildProcess;
  exited: Promise<number | null>;
}

export interface ChildSpec {
  /** As people read it in the log: "Temporal", "máy chủ nhắc việc", "trang web". */
  label: string;
  /** The child's own log file (stdout and stderr), appended to across restarts. */
  logFile: string;
  /** Starts the child writing to `logFd`; resolves once it runs (Temporal: once its frontend answers). */
  start(logFd: number): Promise<Started>;
}

/** Restarts allowed per child within a minute; past that the child is broken, not unlucky, and dondoc up stops. */
export const MAX_RESTARTS_PER_MINUTE = 5;
const RESTART_WINDOW_MS = 60_000;
/** A pause before a restart, so a child that dies at once does not spin, and a Ctrl+C meant for all is seen first. */
const RESTART_DELAY_MS = 1_000;
/** How long a child may take to finish its work in hand after SIGTERM before it is killed. */
const STOP_GRACE_MS = 20_000;


/**
 * Keeps the office's processes running: each child that dies unexpectedly is started again (at most
 * MAX_RESTARTS_PER_MINUTE times a minute, each restart said in the log); `stop()` ends them in the given order.
 */
export class Supervisor {
  private readonly running = new Map<ChildSpec, Started>();
  private readonly restarts = new Map<ChildSpec, number[]>();
  private stopping = false;
  private failure: ((reason: string) => void) | undefined;
  /** Resolves with a reason when a child died too often and the office cannot run. */
  readonly failed: Promise<string>;

  constructor(private readonly say: (line: string) => void) {
    this.failed = new Promise((resolve) => (this.failure = resolve));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  pid(spec: ChildSpec): number | undefined {
    return this.running.get(spec)?.process.pid;
  }

  /** Starts a child and watches it. Throws when the first start fails (dondoc up then stops what it started). */
  async start(spec: ChildSpec): Promise<void> {
    const fd = openSync(spec.logFile, 'a', 0o600);
    const header = `\n=== ${new Date().toISOString()} dondoc up khởi động ${spec.label} ===\n`;
    try {
      writeSync(fd, header);
      const started = await spec.start(fd).catch((error: unknown) => {
        // The child wrote why in its own log, not to us: the person reads it here, with where the rest is.
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${whyInLog(spec.logFile, header)}`);
      });
      this.running.set(spec, started);
      this.say(`Đã chạy ${spec.label} (pid ${started.process.pid}), nhật ký: ${spec.logFile}`);
      void started.exited.then((code) => this.exited(spec, started, code));
      if (this.stopping) await this.end(spec);
    } finally {
      closeSync(fd); // the child holds its own copy
    }
  }

  private exited(spec: ChildSpec, started: Started, code: number | null): void {
    if (this.running.get(spec) !== started) return;
    this.running.delete(spec);
    if (this.stopping) return;
    this.died(spec, code === null ? `bị dừng (tín hiệu ${started.process.signalCode ?? '?'})` : `thoát với mã ${code}`);
  }

  /** A death, or a restart that failed: restarted after a pause unless the bound is reached. */
  private died(spec: ChildSpec, how: string): void {
    const now = Date.now();
    const recent = (this.restarts.get(spec) ?? []).filter((t) => now - t < RESTART_WINDOW_MS);
    if (recent.length >= MAX_RESTARTS_PER_MINUTE) {
      const reason = `${spec.label} ${how} và đã được khởi động lại ${recent.length} lần trong một phút (tối đa ${MAX_RESTARTS_PER_MINUTE}): không khởi động lại nữa. Xem ${spec.logFile}.`;
      this.say(reason);
      this.failure?.(reason);
      return;
    }
    recent.push(now);
    this.restarts.set(spec, recent);
    this.say(`${spec.label} ${how} ngoài dự kiến: khởi động lại (lần ${recent.length}/${MAX_RESTARTS_PER_MINUTE} trong một phút). Xem ${spec.logFile}.`);
    setTimeout(() => {
      if (this.stopping) return;
      this.start(spec).catch((error: unknown) => {
        if (!this.stopping) this.died(spec, `không khởi động được (${error instanceof Error ? error.message : String(error)})`);
      });
    }, RESTART_DELAY_MS);
  }

  /** Ends every child, in the order given (the web and the worker before Temporal), each after the previous. */
  async stop(order: ChildSpec[]): Promise<void> {
    this.stopping = true;
    for (const spec of order) await this.end(spec);
  }

  private async end(spec: ChildSpec): Promise<void> {
    const started = this.running.get(spec);
    if (!started) return;
    const child = started.process;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.say(`${spec.label} chưa dừng sau ${STOP_GRACE_MS / 1000} giây: buộc dừng.`);
      child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await started.exited;
    clearTimeout(timer);
    this.running.delete(spec);
    this.say(`Đã dừng ${spec.label}.`);
  }
}

/** What a child that failed to start wrote after `header`: its error lines, or its last lines, and the file's name. */
function whyInLog(logFile: string, header: string): string {
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return `Xem ${logFile}.`;
  }
  const lines = text.slice(text.lastIndexOf(header) + header.length).split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => /level=ERROR|^panic:|\bERROR\b|Error:/.test(l));
  const shown = (errors.length > 0 ? errors : lines.slice(-5)).slice(0, 5);
  return shown.length > 0 ? `Nhật ký ${logFile}:\n${shown.map((l) => `  ${l.slice(0, 300)}`).join('\n')}` : `Xem ${logFile}.`;
}
