import type { LogLevel } from '@temporalio/worker';
import { describeStore, StoreConfig, storeConfigFromEnv } from '../activities/store/database';

/**
 * Worker configuration from the environment. Secrets are never printed: `describe` masks the SMTP password.
 * A malformed value stops the worker with its name rather than becoming NaN somewhere later.
 */
export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  smtp: { url?: string; host: string; port: number; secure: boolean; user?: string; password?: string };
  mailFrom: string;
  /** The read model and the sent-mail ledger: PostgreSQL when DATABASE_URL is set, else a SQLite file. */
  store: StoreConfig;
  /** Open rows kept in the worker's memory between tasks; unset, the SDK sizes the cache from the heap. */
  maxCachedWorkflows?: number;
  /** The Temporal SDK's log level (DONDOC_LOG_LEVEL); WARN keeps the worker's output to its start line and problems. */
  logLevel: LogLevel;
}

/** A setting the worker cannot use: names the variable, what it holds and what it takes. */
export class WorkerConfigError extends Error {}

function integerSetting(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WorkerConfigError(`${name}="${raw}" không dùng được: cần một số nguyên từ ${min} đến ${max}.`);
  }
  return value;
}

function booleanSetting(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new WorkerConfigError(`${name}="${env[name]}" không dùng được: ghi true hoặc false.`);
}

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

function logLevelSetting(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.DONDOC_LOG_LEVEL?.trim().toUpperCase();
  if (raw === undefined || raw === '') return 'WARN';
  const level = LOG_LEVELS.find((l) => l === raw);
  if (!level) throw new WorkerConfigError(`DONDOC_LOG_LEVEL="${env.DONDOC_LOG_LEVEL}" không dùng được: ghi một trong ${LOG_LEVELS.join(', ')}.`);
  return level;
}

export function configFromEnv(env: NodeJS.ProcessEnv): WorkerConfig {
  return {
    temporalAddress: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TASK_QUEUE ?? 'dondoc',
    smtp: {
      url: env.SMTP_URL,
      host: env.SMTP_HOST ?? '127.0.0.1',
      port: integerSetting(env, 'SMTP_PORT', 1, 65_535) ?? 25,
      secure: booleanSetting(env, 'SMTP_SECURE'),
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
    },
    mailFrom: env.MAIL_FROM ?? 'dondoc <dondoc@localhost>',
    store: storeConfigFromEnv(env),
    maxCachedWorkflows: integerSetting(env, 'DONDOC_MAX_CACHED_WORKFLOWS', 0, 1_000_000),
    logLevel: logLevelSetting(env),
  };
}

export function describeConfig(c: WorkerConfig): string {
  const smtp = c.smtp.url ? c.smtp.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : `${c.smtp.secure ? 'smtps' : 'smtp'}://${c.smtp.user ? `${c.smtp.user}:***@` : ''}${c.smtp.host}:${c.smtp.port}`;
  return `Temporal ${c.temporalAddress} (namespace ${c.namespace}, hàng đợi ${c.taskQueue}); SMTP ${smtp}; cơ sở dữ liệu ${describeStore(c.store)}`;
}
