import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Store } from '../activities/store/database';
import { CommandIo } from './io';

export class StoreUnavailable extends Error {}

/**
 * Opens the read model the worker writes (DATABASE_URL, else DONDOC_DB_PATH, else data/dondoc.sqlite).
 * A missing SQLite file is reported, not created: an empty list would look like "nothing is overdue".
 */
export async function withStore<T>(io: CommandIo, fn: (db: Store) => Promise<T>): Promise<T> {
  // Loaded lazily: commands that need no database start fast. (require: see client/cli.ts)
  const { describeStore, openStore, storeConfigFromEnv } = require('../activities/store/database') as typeof import('../activities/store/database');
  const config = storeConfigFromEnv(io.env);
  if (!config.databaseUrl) {
    config.sqlitePath = resolve(io.cwd, config.sqlitePath);
    if (!existsSync(config.sqlitePath)) {
      throw new StoreUnavailable(
        `Chưa có cơ sở dữ liệu theo dõi ở ${config.sqlitePath}: máy chủ nhắc việc (dondoc up, hoặc npm start) ghi vào đó khi chạy. Hãy chạy máy chủ nhắc việc, hoặc đặt DONDOC_DB_PATH (tệp SQLite) hay DATABASE_URL (PostgreSQL) trỏ tới cơ sở dữ liệu của máy chủ nhắc việc.`,
      );
    }
  }
  let db: Store;
  try {
    db = await openStore(config);
  } catch (error) {
    throw new StoreUnavailable(`Không mở được cơ sở dữ liệu theo dõi (${describeStore(config)}): ${error instanceof Error ? error.message : String(error)}. Kiểm tra DATABASE_URL hoặc DONDOC_DB_PATH.`);
  }
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}
