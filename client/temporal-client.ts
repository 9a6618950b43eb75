import type { Client } from '@temporalio/client';
import { CommandIo } from './io';

export class TemporalUnavailable extends Error {}

/** Connects to TEMPORAL_ADDRESS (default 127.0.0.1:7233), or says plainly what to start. */
export async function withTemporalClient<T>(io: CommandIo, fn: (client: Client) => Promise<T>): Promise<T> {
  // Loaded lazily: commands that need no Temporal start fast. (require: see client/cli.ts)
  const { Client: TemporalClient, Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  const address = io.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  let connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  } catch {
    throw new TemporalUnavailable(`Không kết nối được Temporal ở ${address}. Hãy chạy Temporal (npm run temporal, hoặc dondoc server) hoặc đặt TEMPORAL_ADDRESS tới cụm Temporal của đơn vị.`);
  }
  try {
    return await fn(new TemporalClient({ connection, namespace: io.env.TEMPORAL_NAMESPACE ?? 'default' }));
  } finally {
    await connection.close();
  }
}
