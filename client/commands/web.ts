import { resolve } from 'node:path';
import { evidenceRootFromEnv } from '../../activities/evidence-files';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { describeStore, openStore, storeConfigFromEnv } from '../../activities/store/database';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandRun, ExitCode } from '../io';
import { StoreUnavailable } from '../store-client';
import { withTemporalClient } from '../temporal-client';

const USAGE = 'Cách dùng: dondoc web [--port 8080] [--host 127.0.0.1] [--units units.json]   (DONDOC_SESSION_SECRET, DONDOC_LINK_SECRET, TEMPORAL_ADDRESS, DATABASE_URL hoặc DONDOC_DB_PATH)';

/** Serves the web app until SIGINT or SIGTERM. */
export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' }, units: { type: 'string' } }, USAGE);
    const port = Number(values.port ?? io.env.PORT ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" phải là số cổng từ 0 đến 65535.\n\n${USAGE}`);
    const { webSecretsFromEnv, MissingSecretError } = require('../web/config') as typeof import('../web/config');
    let secrets;
    try {
      secrets = webSecretsFromEnv(io.env, io.err);
    } catch (error) {
      if (error instanceof MissingSecretError) {
        io.err(error.message);
        return 2;
      }
      throw error;
    }
    const units = values.units ? await readUnitsFile(resolve(io.cwd, values.units)) : undefined;
    const config = storeConfigFromEnv(io.env);
    if (!config.databaseUrl) config.sqlitePath = resolve(io.cwd, config.sqlitePath);
    const db = await openStore(config).catch((error: Error) => {
      throw new StoreUnavailable(`Không mở được cơ sở dữ liệu theo dõi (${describeStore(config)}): ${error.message}. Kiểm tra DATABASE_URL hoặc DONDOC_DB_PATH.`);
    });
    try {
      await withTemporalClient(io, async (temporal) => {
        const { startWebServer } = require('../web/server') as typeof import('../web/server');
        const server = await startWebServer({
          port,
          host: values.host ?? io.env.HOST ?? '127.0.0.1',
          db,
          temporal,
          taskQueue: io.env.TASK_QUEUE ?? 'dondoc',
          secrets,
          evidenceDir: evidenceRootFromEnv(io.env, io.cwd),
          units,
          secureCookies: io.env.NODE_ENV === 'production',
          logger: io.env.NODE_ENV === 'production',
        });
        io.out(`Trang web dondoc chạy ở ${server.url} (${describeStore(config)}; Temporal ${io.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233'}). Dừng bằng Ctrl+C.`);
        await new Promise<void>((done) => {
          process.once('SIGINT', () => done());
          process.once('SIGTERM', () => done());
        });
        await server.close();
      });
    } finally {
      await db.destroy();
    }
    return ExitCode.ok;
  } catch (error) {
    return reportCommandError(error, io);
  }
};
