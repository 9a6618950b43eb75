import { resolve } from 'node:path';
import { evidenceRootFromEnv } from '../../activities/evidence-files';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { describeStore, openStore, storeConfigFromEnv } from '../../activities/store/database';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandRun, ExitCode } from '../io';
import { StoreUnavailable } from '../store-client';
import { lazyTemporalClient, watchEngine } from '../temporal-client';

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
    // Temporal is connected lazily and watched: leadership reads the board (read model only) while Temporal or the
    // worker is down, pages say so in a banner, and the connection comes back by itself.
    const temporal = lazyTemporalClient(io.env);
    const taskQueue = io.env.TASK_QUEUE ?? 'dondoc';
    const engine = watchEngine(temporal.client, taskQueue);
    try {
      const { startWebServer } = require('../web/server') as typeof import('../web/server');
      const server = await startWebServer({
        port,
        host: values.host ?? io.env.HOST ?? '127.0.0.1',
        db,
        temporal: temporal.client,
        taskQueue,
        secrets,
        evidenceDir: evidenceRootFromEnv(io.env, io.cwd),
        units,
        engine,
        secureCookies: io.env.NODE_ENV === 'production',
        logger: io.env.NODE_ENV === 'production',
      });
      io.out(`Trang web dondoc chạy ở ${server.url} (${describeStore(config)}; Temporal ${temporal.address}). Dừng bằng Ctrl+C.`);
      if ((await engine.firstCheck) === 'temporal-down') {
        io.err(`Chú ý: chưa kết nối được Temporal ở ${temporal.address}. Trang web vẫn mở để xem danh sách và số liệu; nộp minh chứng, xác nhận… chưa ghi nhận được cho tới khi Temporal chạy lại (trang web tự kết nối lại).`);
      }
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      await server.close();
    } finally {
      engine.stop();
      await temporal.close();
      await db.destroy();
    }
    return ExitCode.ok;
  } catch (error) {
    return reportCommandError(error, io);
  }
};
