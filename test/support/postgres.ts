import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freeLoopbackPort } from '../../worker/loopback-ports';

/** A PostgreSQL server for one test file: Debian's binaries in a fresh data directory on a loopback port. */
export interface TestPostgres {
  url: string;
  /** Where it came from, for the test output. */
  source: string;
  stop(): Promise<void>;
}

function findBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

async function waitForConnection(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited with code ${server.exitCode}:\n${log()}`);
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s (${String(error)}):\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Why no PostgreSQL can be had for the tests here, or null when one can. */
export function postgresUnavailable(): string | null {
  if (process.env.DONDOC_TEST_DATABASE_URL || findBin()) return null;
  return 'PostgreSQL server binaries not found under /usr/lib/postgresql: install them (apt-get install postgresql; .ci/run does) or set DONDOC_TEST_DATABASE_URL to a server the tests may create databases on.';
}

/**
 * DONDOC_TEST_DATABASE_URL points at an existing server (a fresh database is created on it); otherwise the
 * test starts Debian's PostgreSQL (`apt-get install postgresql`; .ci/run installs it) as the postgres user when run as root.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const database = `dondoc_test_${process.pid}_${Date.now()}`;
  const existing = process.env.DONDOC_TEST_DATABASE_URL;
  if (existing) {
    const admin = new Client({ connectionString: existing });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(existing);
    url.pathname = `/${database}`;
    return {
      url: url.toString(),
      source: `DONDOC_TEST_DATABASE_URL (${url.host})`,
      stop: async () => {
        const c = new Client({ connectionString: existing });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const bin = findBin();
  if (!bin) throw new Error(postgresUnavailable() ?? 'PostgreSQL server binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-pg-'));
  // initdb and postgres refuse to run as root: run them as Debian's postgres user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  const data = join(dir, 'data');
  execFileSync(...run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'dondoc', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']), { stdio: 'pipe' });
  const port = await freeLoopbackPort();
  let output = '';
  const server = spawn(...run(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']), { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const base = `postgres://dondoc@127.0.0.1:${port}`;
  await waitForConnection(`${base}/postgres`, server, () => output);
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    url: `${base}/${database}`,
    source: `Debian PostgreSQL (${bin}) on 127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', () => resolve())));
      // pg_ctl's fast shutdown reaches the server itself, whatever runuser does with signals.
      execFileSync(...run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']), { stdio: 'pipe' });
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
