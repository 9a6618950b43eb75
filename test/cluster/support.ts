import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { postgresUrl, PostgresEndpoint } from '../../worker/temporal-cluster';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bin/dondoc <args>` as its own process, configured only by `env`: the CLI exactly as an operator runs it. */
export async function dondoc(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin', 'dondoc'), ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/** Fails with what the command wrote when it did not exit 0. */
export function succeeded(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`dondoc thoát với mã ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** One value of a query on one of the cluster's databases. */
export async function queryOne<T>(pg: PostgresEndpoint, database: string, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const client = new PgClient({ connectionString: postgresUrl(pg, database) });
  await client.connect();
  try {
    const { rows } = await client.query(sql, params);
    return rows[0] ? (Object.values(rows[0] as Record<string, unknown>)[0] as T) : undefined;
  } finally {
    await client.end();
  }
}
