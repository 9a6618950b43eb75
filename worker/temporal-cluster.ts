/**
 * A Temporal cluster on one machine: the full server (built by scripts/install-temporal-cluster) on Debian's
 * PostgreSQL, with its persistence and its SQL visibility in two databases. `dondoc cluster up` and the cluster tests
 * (test/cluster) start it the same way: PostgreSQL in a data folder, the schemas created or brought up to date with
 * temporal-sql-tool, the server from cluster/temporal-server.yaml on loopback ports, then the namespace and dondoc's
 * search attributes.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { Client as PgClient } from 'pg';
import { registerSearchAttributes } from '../client/search-attributes';
import { freeLoopbackPort } from './loopback-ports';
import { PROJECT_ROOT } from './temporal-servers';

export { freeLoopbackPort, portFree } from './loopback-ports';

export const CLUSTER_INSTALL_COMMAND = 'scripts/install-temporal-cluster';
export const CLUSTER_CONFIG = join(PROJECT_ROOT, 'cluster', 'temporal-server.yaml');
const REQUIREMENTS = join(PROJECT_ROOT, 'scripts', 'temporal-cluster-requirements.txt');
const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;
const run = promisify(execFile);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Something the cluster needs is missing or refused to start: says what and what to do. */
export class ClusterUnavailable extends Error {}

export interface ClusterBuild {
  version: string;
  server: string;
  sqlTool: string;
  /** The PostgreSQL schemas shipped in the server's module (each folder has versioned/). */
  schema: { temporal: string; visibility: string };
}

export function pinnedServerVersion(): string {
  const pinned = /^go\.temporal\.io\/server=(\S+)/m.exec(readFileSync(REQUIREMENTS, 'utf8'));
  if (!pinned) throw new ClusterUnavailable(`${REQUIREMENTS}: thiếu dòng go.temporal.io/server=<phiên bản>.`);
  return pinned[1];
}

/** Where scripts/install-temporal-cluster put the build: the same rule as the script's. */
export function clusterBuildDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DONDOC_TEMPORAL_CLUSTER_DIR) return env.DONDOC_TEMPORAL_CLUSTER_DIR;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'dondoc', `temporal-server-${pinnedServerVersion()}`);
}

export function clusterBuild(env: NodeJS.ProcessEnv = process.env): ClusterBuild {
  const dir = clusterBuildDir(env);
  const build: ClusterBuild = {
    version: pinnedServerVersion(),
    server: join(dir, 'bin', 'temporal-server'),
    sqlTool: join(dir, 'bin', 'temporal-sql-tool'),
    schema: { temporal: join(dir, 'schema', 'postgresql', 'v12', 'temporal'), visibility: join(dir, 'schema', 'postgresql', 'v12', 'visibility') },
  };
  const missing = [build.server, build.sqlTool, build.schema.temporal, build.schema.visibility].filter((p) => !existsSync(p));
  if (missing.length) {
    throw new ClusterUnavailable(`Chưa có máy chủ Temporal đầy đủ ${build.version} (thiếu ${missing.join(', ')}).\nCài một lần cho máy này (vài phút): ${CLUSTER_INSTALL_COMMAND}`);
  }
  return build;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const postgresUrl = (pg: PostgresEndpoint, database: string) =>
  `postgres://${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/${database}`;

export interface LocalPostgres extends PostgresEndpoint {
  dataDir: string;
  bin: string;
  process: ChildProcess;
  /** What the server has written so far, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new ClusterUnavailable('Không tìm thấy PostgreSQL của Debian (/usr/lib/postgresql/*/bin): cài bằng `apt-get install postgresql`.');
  return join(root, versions[0], 'bin');
}

/** initdb and postgres refuse to run as root: as root they run as Debian's postgres user, who must own the folder. */
function asPostgresUser(): { wrap: (cmd: string, args: string[]) => [string, string[]]; own: (path: string) => void } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args], own: () => undefined };
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], own: (path) => chownSync(path, uid, gid) };
}

/**
 * Debian's PostgreSQL in `dataDir` on 127.0.0.1:`port` (no Unix socket), created on first use with the user
 * `temporal` and a generated password kept beside the data (`<dataDir>.password`, readable by its owner only).
 * `fast` trades durability for speed (fsync off): for tests only.
 */
export async function startLocalPostgres({ dataDir, port, fast = false }: { dataDir: string; port: number; fast?: boolean }): Promise<LocalPostgres> {
  const bin = postgresBin();
  const user = asPostgresUser();
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o700);
    user.own(dataDir);
    try {
      execFileSync(...user.wrap('test', ['-w', dataDir]));
    } catch {
      throw new ClusterUnavailable(`Người dùng postgres không ghi được vào ${dataDir}: cho phép đi qua các thư mục cha (chmod o+x) hoặc chọn thư mục dữ liệu khác (--data).`);
    }
    const password = randomBytes(18).toString('base64url');
    const scratch = mkdtempSync(join(tmpdir(), 'dondoc-initdb-'));
    try {
      user.own(scratch);
      writeFileSync(join(scratch, 'pw'), `${password}\n`, { mode: 0o600 });
      user.own(join(scratch, 'pw'));
      execFileSync(...user.wrap(join(bin, 'initdb'), ['-D', dataDir, '-U', 'temporal', `--pwfile=${join(scratch, 'pw')}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', ...(fast ? ['--no-sync'] : [])]), { stdio: 'pipe' });
    } catch (error) {
      throw new ClusterUnavailable(`initdb không tạo được dữ liệu PostgreSQL trong ${dataDir}: ${reason(error)}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  if (!existsSync(passwordFile)) throw new ClusterUnavailable(`Thiếu ${passwordFile} (mật khẩu của người dùng temporal, tạo cùng dữ liệu PostgreSQL): đặt lại tệp này hoặc dùng một thư mục dữ liệu mới.`);
  const password = readFileSync(passwordFile, 'utf8').trim();
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [])];
  let output = '';
  const child = spawn(...user.wrap(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), ...settings]), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  const endpoint: PostgresEndpoint = { host: '127.0.0.1', port, user: 'temporal', password };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new ClusterUnavailable(`PostgreSQL (${dataDir}) dừng ngay khi khởi động (mã ${child.exitCode}):\n${output.trim()}`);
    const client = new PgClient({ connectionString: postgresUrl(endpoint, 'postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new ClusterUnavailable(`PostgreSQL (${dataDir}) không nhận kết nối ở 127.0.0.1:${port} sau 60 giây (${reason(error)}):\n${output.trim()}`);
      }
      await sleep(200);
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...endpoint,
    dataDir,
    bin,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // pg_ctl's fast shutdown reaches the server itself, whatever runuser does with signals. It may have stopped
        // already (Ctrl+C reaches the whole process group), which pg_ctl reports as an error.
        try {
          execFileSync(...user.wrap(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']), { stdio: 'pipe' });
        } catch {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        }
      }
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas

export interface ClusterDatabases {
  temporal: string;
  visibility: string;
}
export const DEFAULT_DATABASES: ClusterDatabases = { temporal: 'temporal', visibility: 'temporal_visibility' };

/**
 * Creates both databases with temporal-sql-tool when they are new, then brings each schema to the build's version
 * (update-schema applies only the versions a database lacks: the same step upgrades the server). Returns what it did.
 */
export async function setupSchemas(build: ClusterBuild, pg: PostgresEndpoint, databases: ClusterDatabases = DEFAULT_DATABASES): Promise<string[]> {
  const done: string[] = [];
  const tool = (database: string, ...args: string[]) =>
    run(build.sqlTool, ['--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pw', pg.password, '--pl', 'postgres12', '--db', database, ...args], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string }) => {
      throw new ClusterUnavailable(`temporal-sql-tool ${args[0]} (cơ sở dữ liệu ${database}) không thành công: ${(error.stderr ?? reason(error)).trim().slice(-2000)}`);
    });
  for (const [database, schemaDir] of [[databases.temporal, build.schema.temporal], [databases.visibility, build.schema.visibility]] as const) {
    if (!(await databaseExists(pg, database))) {
      await tool(database, 'create-database');
      await tool(database, 'setup-schema', '-v', '0.0');
      done.push(`tạo ${database}`);
    }
    await tool(database, 'update-schema', '-d', join(schemaDir, 'versioned'));
    done.push(`${database}: lược đồ ${await schemaVersion(pg, database)}`);
  }
  return done;
}

async function withPg<T>(pg: PostgresEndpoint, database: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: postgresUrl(pg, database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const databaseExists = (pg: PostgresEndpoint, database: string) =>
  withPg(pg, 'postgres', async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1);

/** A database for dondoc's read model on the cluster's PostgreSQL, created when missing. */
export async function ensureDatabase(pg: PostgresEndpoint, database: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new ClusterUnavailable(`Tên cơ sở dữ liệu không dùng được: ${database}`);
  if (!(await databaseExists(pg, database))) await withPg(pg, 'postgres', (c) => c.query(`CREATE DATABASE ${database}`));
  return database;
}

export const schemaVersion = (pg: PostgresEndpoint, database: string) =>
  withPg(pg, database, async (c) => String((await c.query<{ curr_version: string }>('SELECT curr_version FROM schema_version LIMIT 1')).rows[0]?.curr_version ?? '?'));

// ---------------------------------------------------------------------------------------------------------------
// The server

export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export const DEFAULT_PORTS: ClusterPorts = { frontend: 7233, frontendHttp: 7243, frontendMembership: 6933, history: 7234, historyMembership: 6934, matching: 7235, matchingMembership: 6935, worker: 7239, workerMembership: 6939 };

/** The server keeps membership ports in a smallint column (cluster_membership.rpc_port): above it, it stops. */
export const HIGHEST_MEMBERSHIP_PORT = 32_767;

/** Free loopback ports for every service. */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const ports = {} as ClusterPorts;
  const taken = new Set<number>();
  for (const name of Object.keys(DEFAULT_PORTS) as (keyof ClusterPorts)[]) ports[name] = await freeLoopbackPort(taken);
  return ports;
}

export interface ClusterServerOptions {
  build: ClusterBuild;
  pg: PostgresEndpoint;
  ports: ClusterPorts;
  databases?: ClusterDatabases;
  shards?: number;
  /** Once it exists, the server counts as started only when its history shards answer for it. */
  namespace?: string;
  /** inherit: the server's log on this terminal (dondoc cluster up); pipe: kept for error messages. */
  stdio?: 'inherit' | 'pipe';
}

export interface ClusterServerProcess {
  process: ChildProcess;
  address: string;
  output(): string;
  exited: Promise<number | null>;
  /** Membership rows of hosts that no longer answered, removed before the start. */
  forgotten: number;
}

/** The environment cluster/temporal-server.yaml reads. */
export function clusterServerEnv({ pg, ports, databases = DEFAULT_DATABASES, shards = 4 }: Omit<ClusterServerOptions, 'build' | 'stdio' | 'namespace'>): Record<string, string> {
  const env: Record<string, string> = {
    DONDOC_CLUSTER_PG_ADDR: `${pg.host}:${pg.port}`,
    DONDOC_CLUSTER_PG_USER: pg.user,
    DONDOC_CLUSTER_PG_PASSWORD: pg.password,
    DONDOC_CLUSTER_DB: databases.temporal,
    DONDOC_CLUSTER_VISIBILITY_DB: databases.visibility,
    DONDOC_CLUSTER_SHARDS: String(shards),
  };
  for (const [name, port] of Object.entries(ports)) env[`DONDOC_CLUSTER_PORT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] = String(port);
  return env;
}

async function namespaceExists(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === NOT_FOUND) return false;
    throw error;
  }
}

/**
 * After a restart (or a restore, whose membership table still names the old hosts) the frontend answers before the
 * matching service has joined ("Not enough hosts") and before the history service owns its shards. A task queue
 * described, then workflows that do not exist asked for under enough ids to reach every shard (NOT_FOUND), say both
 * serve.
 */
async function historyServing(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: 'dondoc-probe' }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW });
  for (let i = 0; i < 64; i++) {
    try {
      await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId: `dondoc-probe-${i}` } });
    } catch (error) {
      if ((error as { code?: number }).code !== NOT_FOUND) throw error;
    }
  }
}

function answers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/**
 * A starting server takes as its membership seeds every host that heartbeated in the last 20 seconds. A restore made
 * within 20 seconds of its backup, or a restart right after a crash, leaves hosts there that no longer exist; ringpop
 * then tries to join them until its join deadline and the server stops ("join duration … exceeded max 30s"). Rows of
 * hosts whose membership port does not answer are removed first. A live host that did not answer in time loses
 * nothing: it writes its row again on its next heartbeat.
 */
export async function forgetUnreachableMembers(pg: PostgresEndpoint, database: string = DEFAULT_DATABASES.temporal): Promise<number> {
  return withPg(pg, database, async (c) => {
    const members = (await c.query<{ host_id: Buffer; rpc_address: string; rpc_port: number }>('SELECT host_id, rpc_address, rpc_port FROM cluster_membership')).rows;
    const unreachable = (await Promise.all(members.map(async (m) => ((await answers(m.rpc_address, m.rpc_port)) ? undefined : m)))).filter((m) => m !== undefined);
    for (const member of unreachable) await c.query('DELETE FROM cluster_membership WHERE host_id = $1', [member.host_id]);
    return unreachable.length;
  });
}

/** Starts temporal-server from cluster/temporal-server.yaml; resolves once its frontend answers. */
export async function startClusterServer(options: ClusterServerOptions): Promise<ClusterServerProcess> {
  const forgotten = await forgetUnreachableMembers(options.pg, (options.databases ?? DEFAULT_DATABASES).temporal);
  const child = spawn(options.build.server, ['--config-file', CLUSTER_CONFIG, '--allow-no-auth', 'start'], {
    cwd: dirname(CLUSTER_CONFIG),
    env: { ...process.env, ...clusterServerEnv(options) },
    stdio: options.stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${options.ports.frontend}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new ClusterUnavailable(`temporal-server dừng ngay khi khởi động (mã ${child.exitCode}):\n${output.trim().slice(-3000)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      try {
        await connection.workflowService.getSystemInfo({});
        if (await namespaceExists(connection, options.namespace ?? 'default')) await historyServing(connection, options.namespace ?? 'default');
        return { process: child, address, output: () => output, exited, forgotten };
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new ClusterUnavailable(`temporal-server không trả lời ở ${address} sau 120 giây:\n${output.trim().slice(-3000)}`);
      }
      await sleep(300);
    }
  }
}

/**
 * The namespace (kept `retentionDays` after a row closes) and dondoc's search attributes. The full server does not
 * create `default` by itself, and a new namespace reaches the frontend's cache a moment later: this waits until a
 * listing by DondocPlan answers, which needs both.
 */
export async function prepareNamespace(address: string, namespace = 'default', retentionDays = 30): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(retentionDays * 86_400) } });
    } catch (error) {
      if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await registerSearchAttributes(connection, namespace);
        await connection.workflowService.listWorkflowExecutions({ namespace, query: `DondocPlan = 'khong-co'`, pageSize: 1 });
        await historyServing(connection, namespace);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new ClusterUnavailable(`Namespace ${namespace} chưa sẵn sàng sau 60 giây: ${reason(error)}`);
        await sleep(500);
      }
    }
  } finally {
    await connection.close();
  }
}

/** Stops the server: SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
export async function stopClusterServer(server: ClusterServerProcess, graceMs = 20_000): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill('SIGTERM');
  const timer = setTimeout(() => server.process.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}

export interface LocalCluster {
  build: ClusterBuild;
  postgres: LocalPostgres;
  server: ClusterServerProcess;
  ports: ClusterPorts;
  address: string;
  /** What was done to the schemas (created, their versions). */
  schemas: string[];
  stop(): Promise<void>;
}

/** The whole cluster on one machine: PostgreSQL in `dataDir`, schemas, server, namespace and search attributes. */
export async function startLocalCluster(options: { dataDir: string; pgPort: number; ports: ClusterPorts; shards?: number; namespace?: string; fast?: boolean; stdio?: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv }): Promise<LocalCluster> {
  const build = clusterBuild(options.env);
  const postgres = await startLocalPostgres({ dataDir: options.dataDir, port: options.pgPort, fast: options.fast });
  try {
    const schemas = await setupSchemas(build, postgres);
    const server = await startClusterServer({ build, pg: postgres, ports: options.ports, shards: options.shards, stdio: options.stdio });
    try {
      await prepareNamespace(server.address, options.namespace);
    } catch (error) {
      await stopClusterServer(server);
      throw error;
    }
    return {
      build, postgres, server, ports: options.ports, address: server.address, schemas,
      stop: async () => {
        await stopClusterServer(server);
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}
