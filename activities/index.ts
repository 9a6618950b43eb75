import { readFileSync } from 'node:fs';
import type { Transporter } from 'nodemailer';
import { channelsByEmail, unitsDirectorySchema } from '../domain/plan/units';
import { createDigestActivities } from './digests';
import { Channels, createNotificationActivities } from './notifications';
import { createReadModelActivities } from './read-model';
import { createStepMailActivities } from './step-mail';
import type { Store } from './store/database';
import { sentLedger, zaloTokenStore } from './store/sent-ledger';
import type { TaskLinkConfig } from './task-links';
import { ZaloSender, zaloConfigFromEnv } from './zalo';

/**
 * The channels the worker reaches people on, from its environment: DONDOC_UNITS (the units directory with each
 * person's channel) and the ZALO_* settings. Neither set: everything goes by mail, as before. A directory or Zalo
 * setting that is present but wrong stops the worker with its name rather than silently mailing everyone.
 */
export function channelsFromEnv(env: NodeJS.ProcessEnv, db: Store): Channels | undefined {
  const path = env.DONDOC_UNITS?.trim();
  const zalo = zaloConfigFromEnv(env);
  if (!path) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`DONDOC_UNITS="${path}": không đọc được danh bạ đơn vị (${(error as Error).message}).`);
  }
  const parsed = unitsDirectorySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`DONDOC_UNITS="${path}", mục ${issue.path.join('.')}: ${issue.message}.`);
  }
  return { byEmail: channelsByEmail(parsed.data), zalo: zalo && new ZaloSender(zalo, zaloTokenStore(db)) };
}

/**
 * Every activity the workflows call (rows and the digest sender), over one mail transport and one database. `links`: the web app's address and
 * link secret, so reminders carry a signed link to the task's page.
 */
export function createActivities(deps: { mailer: Transporter; db: Store; from: string; channels?: Channels; links?: TaskLinkConfig }) {
  // The worker passes no channels yet: read them here so `npm start` honours DONDOC_UNITS and ZALO_* as it is.
  const channels = 'channels' in deps ? deps.channels : channelsFromEnv(process.env, deps.db);
  const notifications = createNotificationActivities(deps.mailer, sentLedger(deps.db), deps.from, channels, deps.links);
  const send = (m: Parameters<typeof notifications.sendMessage>[0]) => notifications.sendMessage(m);
  return { ...notifications, ...createStepMailActivities(deps.db, send), ...createReadModelActivities(deps.db), ...createDigestActivities(deps.db, send, deps.links) };
}
