import type { Transporter } from 'nodemailer';
import { createNotificationActivities } from './notifications';
import { createReadModelActivities } from './read-model';
import type { Store } from './store/database';
import { sentLedger } from './store/sent-ledger';
import type { TaskLinkConfig } from './task-links';

/**
 * Every activity the row workflow calls, over one mail transport and one database. `links`: the web app's address and link
 * secret, so reminders carry a signed link to the task's page. */
export function createActivities(deps: { mailer: Transporter; db: Store; from: string; links?: TaskLinkConfig }) {
  return { ...createNotificationActivities(deps.mailer, sentLedger(deps.db), deps.from, deps.links), ...createReadModelActivities(deps.db) };
}
