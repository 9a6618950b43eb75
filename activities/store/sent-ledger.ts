import type { SentLedger } from '../notifications';
import type { ZaloTokenStore } from '../zalo';
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

/** The Zalo OA's renewed tokens, beside the ledger: a restarted worker must not reuse a spent refresh token. */
export function zaloTokenStore(db: Store): ZaloTokenStore {
  return {
    async load() {
      const row = await db.selectFrom('zalo_tokens').selectAll().where('id', '=', 'oa').executeTakeFirst();
      return row && { origin: row.origin, accessToken: row.access_token, refreshToken: row.refresh_token };
    },
    async save(t) {
      const values = { id: 'oa', origin: t.origin, access_token: t.accessToken, refresh_token: t.refreshToken, saved_at: Date.now() };
      await db
        .insertInto('zalo_tokens')
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet({ origin: values.origin, access_token: values.access_token, refresh_token: values.refresh_token, saved_at: values.saved_at }))
        .execute();
    },
  };
}
