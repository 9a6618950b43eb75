import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface WorkerProcess {
  process: ChildProcess;
  /** What the worker has written to stderr so far. */
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * The worker as `npm start` runs it (worker/main.ts through tsx), configured only by its environment. One process:
 * tsx's loader inside node rather than tsx's CLI, which runs the worker in a child of its own, so that SIGKILL here
 * kills the worker itself instead of orphaning it.
 */
export function startWorkerProcess(settings: Record<string, string>): WorkerProcess {
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'worker', 'main.ts')], { cwd: root, env: { ...process.env, ...settings }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, stderr: () => err, exited };
}
