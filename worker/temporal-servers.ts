/**
 * The one way the tests, the demo, the benchmarks and `dondoc server` find a Temporal server. Two kinds exist:
 *   time-skipping  Temporal's official test server (the Java SDK's, native): its clock jumps ahead while a client
 *                  awaits a result, so a year of reminders runs in seconds. It has no visibility listing.
 *   dev            the Temporal CLI's `temporal server start-dev`: the real server, on a SQLite file or in memory,
 *                  at wall speed, with visibility (eventually consistent) and the Web UI.
 * Each is looked for in this order: TEMPORAL_ADDRESS (an existing server; dev kind only, since nobody can skip a real
 * cluster's clock); an explicit path (TEMPORAL_TEST_SERVER_PATH, TEMPORAL_CLI_PATH); the project's pinned binaries
 * in .temporal/ (scripts/install-temporal); the SDK's own download on a connected machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freeLoopbackPort } from './loopback-ports';

export const PROJECT_ROOT = join(__dirname, '..');
export const INSTALL_COMMAND = 'scripts/install-temporal';
const INSTALLED_BIN = join(PROJECT_ROOT, '.temporal', 'bin');

export type ServerKind = 'time-skipping' | 'dev';

/** Where a server of each kind comes from, before anything is started. */
export type ServerSource =
  | { type: 'address'; address: string }
  | { type: 'path'; path: string; origin: string }
  | { type: 'sdk-download' };

const EXPLICIT_PATH: Record<ServerKind, string> = { 'time-skipping': 'TEMPORAL_TEST_SERVER_PATH', dev: 'TEMPORAL_CLI_PATH' };
const INSTALLED_NAME: Record<ServerKind, string> = { 'time-skipping': 'temporal-test-server', dev: 'temporal' };

export function serverSource(kind: ServerKind, env: NodeJS.ProcessEnv = process.env): ServerSource {
  if (kind === 'dev' && env.TEMPORAL_ADDRESS) return { type: 'address', address: env.TEMPORAL_ADDRESS };
  const explicit = env[EXPLICIT_PATH[kind]];
  if (explicit) {
    if (!existsSync(explicit)) throw new TemporalServerMissing(`${EXPLICIT_PATH[kind]}=${explicit}: không có tệp này.`);
    return { type: 'path', path: explicit, origin: EXPLICIT_PATH[kind] };
  }
  const installed = join(INSTALLED_BIN, INSTALLED_NAME[kind]);
  if (existsSync(installed)) return { type: 'path', path: installed, origin: `.temporal/ (${INSTALL_COMMAND})` };
  return { type: 'sdk-download' };
}

export function describeSource(kind: ServerKind, source: ServerSource): string {
  const name = kind === 'time-skipping' ? "Temporal's time-skipping test server" : 'the Temporal CLI dev server (temporal server start-dev)';
  switch (source.type) {
    case 'address':
      return `an existing Temporal server at ${source.address} (TEMPORAL_ADDRESS)`;
    case 'path':
      return `${name}, ${source.path} from ${source.origin}`;
    case 'sdk-download':
      return `${name}, downloaded by the Temporal SDK`;
  }
}

/** No server could be found or started: names what to run. */
export class TemporalServerMissing extends Error {
  constructor(detail: string) {
    super(`${detail}\nCài máy chủ Temporal chính thức cho dự án: ${INSTALL_COMMAND} (hoặc đặt TEMPORAL_ADDRESS, TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH).`);
  }
}

export interface StartedEnvironment {
  env: TestWorkflowEnvironment;
  kind: ServerKind;
  /** Which server answered, for logs and test output. */
  server: string;
}

export interface EnvironmentOptions {
  /** Options of the environment's client (interceptors), which on the time-skipping server skips time on result(). */
  client?: Omit<import('@temporalio/client').ClientOptions, 'namespace' | 'connection'>;
}

export interface DevServerOptions {
  /** SQLite file; without it the server keeps everything in memory. */
  dbFilename?: string;
  port?: number;
  /** The Web UI, on port + 1000 unless given. */
  uiPort?: number;
}

/**
 * dondoc's search attributes on the server's namespace (client/search-attributes.ts), so that a row started through
 * this server's helpers can upsert them: a row whose upsert names an unregistered attribute fails its every task.
 */
async function withSearchAttributes(started: import('@temporalio/testing').TestWorkflowEnvironment): Promise<import('@temporalio/testing').TestWorkflowEnvironment> {
  const { registerSearchAttributes } = require('../client/search-attributes') as typeof import('../client/search-attributes');
  await registerSearchAttributes(started.connection, started.namespace ?? 'default');
  return started;
}

async function loadTesting(): Promise<typeof import('@temporalio/testing')> {
  // Loaded lazily: commands that never start a server stay fast (see client/cli.ts on require under tsx).
  return require('@temporalio/testing') as typeof import('@temporalio/testing');
}

/** Temporal's official time-skipping test server, from the first source that has one. */
export async function startTimeSkippingEnvironment({ client }: EnvironmentOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<StartedEnvironment> {
  const source = serverSource('time-skipping', env);
  const { TestWorkflowEnvironment } = await loadTesting();
  const executable = source.type === 'path' ? { type: 'existing-path' as const, path: source.path } : undefined;
  try {
    // A port below the ephemeral range: the SDK's own pick could be handed to someone else before the server binds it.
    const server = { ...(executable ? { executable } : {}), port: await freeLoopbackPort() };
    const started = await withSearchAttributes(await TestWorkflowEnvironment.createTimeSkipping({ server, ...(client ? { client } : {}) }));
    return { env: started, kind: 'time-skipping', server: describeSource('time-skipping', source) };
  } catch (error) {
    throw new TemporalServerMissing(`Không khởi động được ${describeSource('time-skipping', source)}: ${reason(error)}`);
  }
}

/** A dev server (the real Temporal server) at wall speed, or the existing server at TEMPORAL_ADDRESS. */
export async function startDevEnvironment(options: DevServerOptions & EnvironmentOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<StartedEnvironment> {
  const source = serverSource('dev', env);
  const { TestWorkflowEnvironment } = await loadTesting();
  try {
    if (source.type === 'address') {
      const started = await withSearchAttributes(await TestWorkflowEnvironment.createFromExistingServer({ address: source.address, namespace: env.TEMPORAL_NAMESPACE ?? 'default', ...(options.client ? { client: options.client } : {}) }));
      return { env: started, kind: 'dev', server: describeSource('dev', source) };
    }
    const executable = source.type === 'path' ? { type: 'existing-path' as const, path: source.path } : undefined;
    const started = await withSearchAttributes(await TestWorkflowEnvironment.createLocal({
      ...(options.client ? { client: options.client } : {}),
      server: {
        ...(executable ? { executable } : {}),
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
        // Below the ephemeral range: the CLI's internal services take their ports from it, and once took this one.
        port: options.port ?? (await freeLoopbackPort()),
        ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
        ip: '127.0.0.1',
      },
    }));
    return { env: started, kind: 'dev', server: describeSource('dev', source) };
  } catch (error) {
    throw new TemporalServerMissing(`Không khởi động được ${describeSource('dev', source)}: ${reason(error)}`);
  }
}

/** The Temporal CLI's executable, for running `temporal server start-dev` as a process of our own. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  const source = serverSource('dev', { ...env, TEMPORAL_ADDRESS: undefined });
  if (source.type !== 'path') throw new TemporalServerMissing('Không tìm thấy Temporal CLI (temporal).');
  return source.path;
}

/** The arguments of `temporal server start-dev` for dondoc: loopback, a SQLite file, the Web UI or none. */
export function startDevArgs({ dbFilename, port = 7233, uiPort, headless = false, namespace = 'default' }: { dbFilename: string; port?: number; uiPort?: number; headless?: boolean; namespace?: string }): string[] {
  return [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    '--db-filename', dbFilename,
    ...(headless ? ['--headless'] : ['--ui-port', String(uiPort ?? port + 1000)]),
    '--log-format', 'pretty',
    '--log-level', 'warn',
  ];
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface DevServerProcess {
  process: import('node:child_process').ChildProcess;
  address: string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * `temporal server start-dev` as a process of our own, on a SQLite file: for `npm run temporal`, and for tests
 * that kill the server with SIGKILL and start it again on the same file. Resolves once the frontend answers.
 */
export async function spawnDevServer(options: { dbFilename: string; port: number; uiPort?: number; headless?: boolean; stdio?: 'inherit' | 'pipe'; logFd?: number }, env: NodeJS.ProcessEnv = process.env): Promise<DevServerProcess> {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  // logFd: the server writes its own log file (dondoc up), which outlives this process and needs no pipe from it.
  const stdio = options.logFd !== undefined ? (['ignore', options.logFd, options.logFd] as const) : options.stdio === 'inherit' ? 'inherit' : (['ignore', 'pipe', 'pipe'] as const);
  const child = spawn(temporalCliPath(env), startDevArgs(options), { stdio: stdio as import('node:child_process').StdioOptions });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${options.port}`;
  const { Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  const deadline = Date.now() + 60_000;
  for (;;) {
    // The executable was found and ran: what stopped it (a port taken, a locked file) is in its output or its log.
    if (child.exitCode !== null) throw new Error(`temporal server start-dev dừng ngay khi khởi động (mã ${child.exitCode})${output.trim() ? `: ${output.trim()}` : '.'}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        // `dondoc server` answers `temporal workflow list --query "DondocUnit='vp'"` before any worker has started.
        const { registerSearchAttributes } = require('../client/search-attributes') as typeof import('../client/search-attributes');
        await registerSearchAttributes(connection, 'default');
        return { process: child, address, exited };
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new TemporalServerMissing(`temporal server start-dev không trả lời ở ${address} sau 60 giây: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
