/**
 * `npm start`: the dondoc worker against a Temporal cluster (TEMPORAL_ADDRESS, default 127.0.0.1:7233).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import { openStore } from '../activities/store/database';
import { configFromEnv, describeConfig } from './config';

async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  process.stderr.write(`dondoc worker: ${describeConfig(config)}\n`);
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({ address: config.temporalAddress });
  } catch (error) {
    process.stderr.write(
      [
        `Không kết nối được Temporal ở ${config.temporalAddress} (${error instanceof Error ? error.message : String(error)}).`,
        'Cannot reach Temporal. Start a cluster, e.g. `temporal server start-dev --db-filename data/temporal.db`,',
        'or set TEMPORAL_ADDRESS to your cluster. For development and tests, dondoc ships an in-memory service: bin/temporal-test-server.',
      ].join('\n') + '\n',
    );
    process.exitCode = 2;
    return;
  }
  const mailer = config.smtp.url
    ? nodemailer.createTransport(config.smtp.url)
    : nodemailer.createTransport({ host: config.smtp.host, port: config.smtp.port, secure: config.smtp.secure, auth: config.smtp.user ? { user: config.smtp.user, pass: config.smtp.password } : undefined });
  const db = await openStore(config.store);
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowsPath: require.resolve('../workflows/row'),
    activities: createActivities({ mailer, db, from: config.mailFrom }),
  });
  await worker.run();
  await db.destroy();
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
