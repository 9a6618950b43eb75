import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { openStore, Store } from '../../activities/store/database';
import type { TaskLinkConfig } from '../../activities/task-links';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { RowSpec } from '../../domain/tracking/row-state';
import { startTemporalEnvironment, TemporalEnvironment } from '../../testserver/environment';
import { RowContacts } from '../../workflows/definitions';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';

/**
 * A fixed reference plan in 2099: the time-skipping clock starts at today's date and can only move forward,
 * so the tests' plan lies in the future whenever they run.
 */
export const YEAR = 2099;
export const PLAN_DATE = `${YEAR}-03-05`;

export function rowSpec(where: string, deadlineText: string, expectedOutput: string, context?: string): RowSpec {
  return {
    planKey: `16-KH-SKHCN-${YEAR}`,
    plan: { number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC', date: PLAN_DATE, year: YEAR },
    where,
    content: 'Rà soát, cập nhật thông tin thủ tục hành chính',
    lead: { id: 'vp', name: 'Văn phòng Sở' },
    coordinating: [{ id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }],
    deadlineText,
    expectedOutput,
    evidenceType: /bao cao|báo cáo/i.test(expectedOutput) ? 'BC' : 'CV',
    schedule: parseDeadline({ text: deadlineText, context, year: YEAR, planStart: PLAN_DATE }),
  };
}

export const CONTACTS: RowContacts = {
  head: { name: 'Nguyễn Thị Thu Hà', email: 'vanphong@skhcn-angiang.example' },
  leader: { name: 'Lê Thị Hồng Nhung', email: 'pgd.nhung@skhcn-angiang.example' },
  office: { name: 'Văn phòng Sở', email: 'kiemsoat-tthc@skhcn-angiang.example' },
  coordinating: [{ name: 'Phòng Phát triển Công nghệ và Chuyển đổi số', email: 'ptcn-cds@skhcn-angiang.example' }],
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

export interface EngineHarness {
  temporal: TemporalEnvironment;
  smtp: LoopbackSmtp;
  taskQueue: string;
  /** The read model, a real SQLite file, and its path (DONDOC_DB_PATH for the CLI). */
  db: Store;
  dbPath: string;
  worker(): Promise<Worker>;
  /** Moves the simulated clock forward to a local time in Vietnam ("2099-03-06T09:00"); never backwards. */
  advanceTo(localDateTime: string): Promise<void>;
  teardown(): Promise<void>;
}

/** `links`: the web app's address and link secret, so mails carry signed links (the web tests read them). */
export async function startEngineHarness(name: string, options: { links?: TaskLinkConfig } = {}): Promise<EngineHarness> {
  if (!runtimeInstalled) {
    // ERROR: the retries of a refused mail are expected in these tests and would flood the output at WARN.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const temporal = await startTemporalEnvironment();
  console.info(`[${name}] Temporal service: ${temporal.server}`);
  const smtp = await startLoopbackSmtp();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dondoc-store-')), 'dondoc.sqlite');
  const db = await openStore({ sqlitePath: dbPath });
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  const activities = createActivities({ mailer, db, from: 'dondoc <dondoc@skhcn-angiang.example>', links: options.links });
  const taskQueue = `engine-${randomUUID()}`;
  return {
    temporal,
    smtp,
    taskQueue,
    db,
    dbPath,
    worker: async () =>
      Worker.create({
        connection: temporal.env.nativeConnection,
        taskQueue,
        workflowBundle: await (bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/row'), logger: new DefaultLogger('WARN') })),
        activities,
      }),
    advanceTo: async (localDateTime) => {
      const target = new Date(`${localDateTime}:00+07:00`).getTime();
      const now = await temporal.env.currentTimeMs();
      if (target > now) await temporal.env.sleep(target - now);
    },
    teardown: async () => {
      await temporal.env.teardown();
      await smtp.close();
      await db.destroy();
      mailer.close();
    },
  };
}
