import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CommandIo, ExitCode } from '../io';
import { parseFlags, UsageError } from '../args';

const USAGE = 'Cách dùng: dondoc server [--db data/temporal.sqlite] [--port 7233] [--ui-port 8233]   (Temporal chính thức: temporal server start-dev)';

/**
 * `dondoc server` / `npm run temporal`: the single-office Temporal, `temporal server start-dev` on a SQLite file
 * (data/temporal.sqlite) with the Web UI, until Ctrl+C. Everything of the rows' histories lives in that one file.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const { spawnDevServer, TemporalServerMissing } = require('../../worker/temporal-servers') as typeof import('../../worker/temporal-servers');
  let flags;
  try {
    flags = parseFlags(args, { db: { type: 'string' }, port: { type: 'string' }, 'ui-port': { type: 'string' } }, USAGE).values;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return ExitCode.usage;
  }
  const port = Number(flags.port ?? 7233);
  const uiPort = Number(flags['ui-port'] ?? port + 1000);
  if (!Number.isInteger(port) || !Number.isInteger(uiPort)) {
    io.err(`--port và --ui-port phải là số cổng.\n${USAGE}`);
    return ExitCode.usage;
  }
  const dbFilename = resolve(String(flags.db ?? 'data/temporal.sqlite'));
  mkdirSync(dirname(dbFilename), { recursive: true });
  try {
    const server = await spawnDevServer({ dbFilename, port, uiPort, stdio: 'inherit' }, io.env);
    io.out(`Temporal đang chạy ở ${server.address} (namespace default), dữ liệu trong ${dbFilename}; giao diện web http://127.0.0.1:${uiPort}. Dừng: Ctrl+C.`);
    const stop = () => server.process.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const code = await server.exited;
    return code === 0 || code === null ? ExitCode.ok : ExitCode.usage;
  } catch (error) {
    if (!(error instanceof TemporalServerMissing)) throw error;
    io.err(error.message);
    return ExitCode.unreadable;
  }
}
