import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SentLedger } from '../notifications';

interface Schema {
  sent_messages: { key: string; message_id: string; sent_at: number };
}

/** The sent-mail ledger in a SQLite file (data/dondoc.sqlite by default), through Kysely. */
export async function openSqliteLedger(path: string): Promise<SentLedger & { close(): Promise<void> }> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(path) }) });
  await db.schema
    .createTable('sent_messages')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'integer', (c) => c.notNull())
    .execute();
  return {
    async wasSent(key) {
      return (await db.selectFrom('sent_messages').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
    },
    async markSent(key, messageId, at) {
      await db.insertInto('sent_messages').values({ key, message_id: messageId, sent_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
    },
    close: () => db.destroy(),
  };
}
