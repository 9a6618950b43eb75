import { describeStore, StoreConfig, storeConfigFromEnv } from '../activities/store/database';

/** Worker configuration from the environment. Secrets are never printed: `describe` masks the SMTP password. */
export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  smtp: { url?: string; host: string; port: number; secure: boolean; user?: string; password?: string };
  mailFrom: string;
  /** The read model and the sent-mail ledger: PostgreSQL when DATABASE_URL is set, else a SQLite file. */
  store: StoreConfig;
}

export function configFromEnv(env: NodeJS.ProcessEnv): WorkerConfig {
  return {
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TASK_QUEUE ?? 'dondoc',
    smtp: {
      url: env.SMTP_URL,
      host: env.SMTP_HOST ?? '127.0.0.1',
      port: Number(env.SMTP_PORT ?? 25),
      secure: env.SMTP_SECURE === 'true',
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
    },
    mailFrom: env.MAIL_FROM ?? 'dondoc <dondoc@localhost>',
    store: storeConfigFromEnv(env),
  };
}

export function describeConfig(c: WorkerConfig): string {
  const smtp = c.smtp.url ? c.smtp.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : `${c.smtp.secure ? 'smtps' : 'smtp'}://${c.smtp.user ? `${c.smtp.user}:***@` : ''}${c.smtp.host}:${c.smtp.port}`;
  return `Temporal ${c.temporalAddress} (namespace ${c.namespace}, hàng đợi ${c.taskQueue}); SMTP ${smtp}; cơ sở dữ liệu ${describeStore(c.store)}`;
}
