import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Pool, types as pgTypes } from 'pg';
import { migrateToLatest } from './migrations';
import { DondocDatabase } from './schema';

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; otherwise the SQLite file below. */
  databaseUrl?: string;
  sqlitePath: string;
}

export type Store = Kysely<DondocDatabase>;

export function storeConfigFromEnv(env: NodeJS.ProcessEnv): StoreConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, sqlitePath: env.DONDOC_DB_PATH ?? 'data/dondoc.sqlite' };
}

/** Where the store lives, for logs: the password of a URL is masked. */
export function describeStore(c: StoreConfig): string {
  return c.databaseUrl ? `PostgreSQL ${c.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}` : `SQLite ${c.sqlitePath}`;
}

// Epoch milliseconds live in bigint columns; pg returns int8 as text unless told otherwise.
const INT8_OID = 20;
const pgTypeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

/** Opens the read model (and the sent-mail ledger) and migrates it to the current schema. */
export async function openStore(config: StoreConfig): Promise<Store> {
  let db: Store;
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
      throw new Error(`DATABASE_URL phải là địa chỉ PostgreSQL dạng postgres://người-dùng:mật-khẩu@máy:5432/tên-csdl (đang là "${describeStore(config)}").`);
    }
    db = new Kysely<DondocDatabase>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: config.databaseUrl, types: pgTypeParsers, max: 4 }) }) });
  } else {
    if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
    const sqlite = new Database(config.sqlitePath);
    // The worker writes while the CLI reads: WAL lets both proceed; a busy writer is waited for, not failed.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<DondocDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
