/**
 * `npm start`: the dondoc worker against a Temporal cluster (TEMPORAL_ADDRESS, default 127.0.0.1:7233).
 * It stops cleanly on SIGINT or SIGTERM (the SDK's default shutdown signals), finishing the tasks in hand.
 * `npm start` runs it as one process (node with tsx's loader, not tsx's CLI, whose wrapper would leave the worker
 * running when a service manager stops the pid it started). It prints one line at start: the SDK's own logs, the
 * workflow bundler's module list among them, are kept to warnings unless DONDOC_LOG_LEVEL says otherwise.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { taskLinkConfigFromEnv } from '../activities/task-links';
import { describeStore, openStore, Store } from '../activities/store/database';
import { registerSearchAttributes } from '../client/search-attributes';
import { configFromEnv, describeConfig, WorkerConfig, WorkerConfigError } from './config';

const say = (lines: string[]) => process.stderr.write(`${lines.join('\n')}\n`);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof WorkerConfigError)) throw error;
    say([error.message]);
    process.exitCode = 2;
    return;
  }
  say([`Máy chủ nhắc việc dondoc: ${describeConfig(config)}`]);
  Runtime.install({ logger: new DefaultLogger(config.logLevel) });
  // The database first: it is local and quick to check, and a worker that cannot record must not take tasks.
  let db: Store;
  try {
    db = await openStore(config.store);
  } catch (error) {
    say([`Không mở được cơ sở dữ liệu theo dõi (${describeStore(config.store)}): ${reason(error)}`, 'Kiểm tra DATABASE_URL (PostgreSQL) hoặc DONDOC_DB_PATH (tệp SQLite).']);
    process.exitCode = 2;
    return;
  }
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({ address: config.temporalAddress });
  } catch (error) {
    say([
      `Không kết nối được Temporal ở ${config.temporalAddress} (${reason(error)}).`,
      'Hãy chạy cả văn phòng bằng `npx --no-install dondoc up`, hoặc chạy Temporal: `npm run temporal` (máy chủ chính thức, dữ liệu trong data/temporal.sqlite),',
      'hoặc đặt TEMPORAL_ADDRESS tới cụm Temporal của đơn vị. Xem dondoc chạy thử mà không cần cụm: `npm run demo`.',
    ]);
    await db.destroy();
    process.exitCode = 2;
    return;
  }
  try {
    await registerSearchAttributes(connection, config.namespace);
  } catch (error) {
    say([`Không đăng ký được thuộc tính tìm kiếm của dondoc trên namespace ${config.namespace}: ${reason(error)}`]);
    await db.destroy();
    await connection.close();
    process.exitCode = 2;
    return;
  }
  const mailer = config.smtp.url
    ? nodemailer.createTransport(config.smtp.url)
    : nodemailer.createTransport({ host: config.smtp.host, port: config.smtp.port, secure: config.smtp.secure, auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password } : undefined });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities: createActivities({ mailer, db, from: config.mailFrom, links: taskLinkConfigFromEnv(process.env) }),
      maxCachedWorkflows: config.maxCachedWorkflows, // undefined: the SDK's default, sized from the heap
    });
    await worker.run();
    say(['Máy chủ nhắc việc dondoc đã dừng.']);
  } finally {
    mailer.close();
    await db.destroy();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
