/**
 * What the office must know of mail that did not go out, whichever delivery sent it: the sending side's refusal (one
 * line until a send goes through) and a row's own mail (per-step delivery) refused for its address or undelivered
 * after 3 working days. The digests keep their own states in `digests`.
 */
import type { Store } from './database';

/** The sending side refused (authentication, relay, TLS, unreachable): kept with when it began. */
export async function noteServerRefusal(db: Store, error: string, at: number): Promise<void> {
  const known = await db.selectFrom('mail_server_status').select('since').where('id', '=', 'smtp').executeTakeFirst();
  if (known) await db.updateTable('mail_server_status').set({ error, checked_at: at }).where('id', '=', 'smtp').execute();
  else await db.insertInto('mail_server_status').values({ id: 'smtp', error, since: at, checked_at: at }).execute();
}

/** A send went through: the sending side works again. */
export async function clearServerRefusal(db: Store): Promise<void> {
  await db.deleteFrom('mail_server_status').where('id', '=', 'smtp').execute();
}

export interface StepMailFailure {
  messageKey: string;
  rowKey: string;
  subject: string;
  recipients: string[];
  state: 'bi-tu-choi' | 'khong-gui-duoc';
  error: string;
  failedAt: number;
}

export async function noteStepMailFailure(db: Store, f: StepMailFailure): Promise<void> {
  const values = { row_key: f.rowKey, subject: f.subject, recipients: JSON.stringify(f.recipients), state: f.state, error: f.error, failed_at: f.failedAt };
  await db
    .insertInto('step_mail_failures')
    .values({ message_key: f.messageKey, ...values })
    .onConflict((oc) => oc.column('message_key').doUpdateSet(values))
    .execute();
}

/** The mail went out after all: it is no longer the office's concern. */
export async function clearStepMailFailure(db: Store, messageKey: string): Promise<void> {
  await db.deleteFrom('step_mail_failures').where('message_key', '=', messageKey).execute();
}

export async function stepMailFailures(db: Store): Promise<StepMailFailure[]> {
  const rows = await db.selectFrom('step_mail_failures').selectAll().orderBy('failed_at').orderBy('message_key').execute();
  return rows.map((r) => ({ messageKey: r.message_key, rowKey: r.row_key, subject: r.subject, recipients: JSON.parse(r.recipients) as string[], state: r.state, error: r.error, failedAt: Number(r.failed_at) }));
}
