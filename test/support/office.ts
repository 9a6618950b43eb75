import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../worker/loopback-ports';
import { until } from './until';

const root = join(__dirname, '..', '..');

export interface OfficePorts {
  web: number;
  temporal: number;
  ui: number;
}

/** Ports for `dondoc up` below the ephemeral range: the Temporal CLI's own services must not be handed one of them. */
export async function freeOfficePorts(): Promise<OfficePorts> {
  const taken = new Set<number>();
  return { web: await freeLoopbackPort(taken), temporal: await freeLoopbackPort(taken), ui: await freeLoopbackPort(taken) };
}

export interface OfficeProcess {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves with the banner's "Tiến trình" pids once the office runs. */
  ready(timeoutMs?: number): Promise<{ web: number; worker: number; temporal: number }>;
}

/** `dondoc up` as a person runs it (bin/dondoc), on a data directory and ports of the test's own. */
export function startOffice(dataDir: string, ports: OfficePorts, extra: string[] = [], env: Record<string, string> = {}): OfficeProcess {
  let out = '';
  // Nothing of the test runner's environment decides where the office's data go.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DONDOC_|TEMPORAL_ADDRESS|DATABASE_URL|SMTP_|MAIL_FROM|TASK_QUEUE)/.test(k)));
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'dondoc'), 'up', '--data', dataDir, '--port', String(ports.web), '--temporal-port', String(ports.temporal), '--ui-port', String(ports.ui), ...extra],
    { cwd: root, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => out,
    exited,
    ready: async (timeoutMs = 240_000) => {
      const line = await until(
        'dondoc up prints that the office runs',
        () => {
          if (child.exitCode !== null) throw new Error(`dondoc up đã thoát (mã ${child.exitCode}):\n${out}`);
          return /Tiến trình: +(.*)/.exec(out)?.[1];
        },
        timeoutMs,
      );
      const pid = (label: string) => Number(new RegExp(`${label} (\\d+)`).exec(line)?.[1]);
      return { web: pid('trang web'), worker: pid('máy chủ nhắc việc'), temporal: pid('Temporal') };
    },
  };
}

/** Whether a process lives (a zombie, ended but not yet reaped, counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every live process whose command line or environment mentions `marker`: what an office left behind. */
export function processesMentioning(marker: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid || !alive(Number(entry))) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const environ = existsSync(`/proc/${entry}/environ`) ? readFileSync(`/proc/${entry}/environ`, 'utf8') : '';
      if (cmdline.includes(marker) || environ.includes(marker)) found.push(`${entry}: ${cmdline.replace(/\0/g, ' ')}`);
    } catch {
      // ended while being read, or not ours to read
    }
  }
  return found;
}
