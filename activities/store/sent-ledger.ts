import type { SentLedger } from '../notifications';
import type { Store } from './database';

/** The sent-mail ledger in the same database as the read model, so production keeps it in PostgreSQL too. */
export function sentLedger(db: Store): SentLedger {
  return {
    async wasSent(key) {
      return (await db.selectFrom('sent_messages').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
    },
    async markSent(key, messageId, at) {
      await db.insertInto('sent_messages').values({ key, message_id: messageId, sent_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
    },
  };
}
