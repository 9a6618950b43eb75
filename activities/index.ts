import type { Transporter } from 'nodemailer';
import { createNotificationActivities } from './notifications';
import { createReadModelActivities } from './read-model';
import type { Store } from './store/database';
import { sentLedger } from './store/sent-ledger';

/** Every activity the row workflow calls, over one mail transport and one database. */
export function createActivities(deps: { mailer: Transporter; db: Store; from: string }) {
  return { ...createNotificationActivities(deps.mailer, sentLedger(deps.db), deps.from), ...createReadModelActivities(deps.db) };
}
