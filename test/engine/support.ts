import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, WorkerOptions, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { openStore, Store } from '../../activities/store/database';
import type { TaskLinkConfig } from '../../activities/task-links';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { rowContacts, UnitsDirectory } from '../../domain/plan/units';
import { RowSpec } from '../../domain/tracking/row-state';
import { run as digestCommand } from '../../client/commands/digest';
import { registerSearchAttributes } from '../../client/search-attributes';
import { bufferIo } from '../support/io';
import { RowContacts } from '../../workflows/definitions';
import { StartedEnvironment, startTimeSkippingEnvironment } from '../../worker/temporal-servers';
import { replayWorkflows, startedWorkflows } from '../support/replay';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';

/**
 * A fixed reference plan in 2035, so that tests state their dates as literals. Temporal's time-skipping test server
 * starts its clock at today's date and only moves it forward, and it ends every workflow ten years after its start
 * whatever the start asks (StateMachines.DEFAULT_WORKFLOW_EXECUTION_TIMEOUT_MILLISECONDS, a cap): the plan year must
 * lie ahead of today and within ten years of it. 2035 holds from 2026 until March 2035, when YEAR and the tests'
 * literal dates move forward together.
 */
export const YEAR = 2035;
export const PLAN_DATE = `${YEAR}-03-05`;

/** The plan both import-turn tests import: one file of `count` rows due `deadline`, written to a temporary folder. */
export const TURN_PLAN = { number: '31/KH-SKHCN', title: 'Kế hoạch thử nhập song song', issuer: 'Sở KH&CN', date: '2035-03-05', year: 2035 };
export function turnPlanFile(name: string, deadline: string, count: number, number = TURN_PLAN.number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-turns-'));
  const rows = Array.from({ length: count }, (_, i) => ({ section: '1', order: String(i + 1), content: `Nhiệm vụ ${i + 1}`, lead: 'Văn phòng Sở', coordinating: '', deadline, output: 'Công văn rà soát', note: '' }));
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ plan: { ...TURN_PLAN, number }, sections: [{ id: '1', title: 'Mục 1' }], rows }));
  return path;
}

/** An instant given as local time in Vietnam: `atLocal('2035-04-19T09:00')`. */
export const atLocal = (local: string) => new Date(`${local}:00+07:00`).getTime();

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

/** The heads' addresses in samples/units.json, and the new ones the delivery tests save for them. */
export const HEAD = {
  vp: 'vanphong@skhcn-angiang.example',
  ptcn: 'ptcn-cds@skhcn-angiang.example',
  tt: 'thanhtra@skhcn-angiang.example',
  ttNew: 'thanhtra.moi@skhcn-angiang.example',
  ptcnNew: 'ptcn.moi@skhcn-angiang.example',
};

/** A harness for the delivery tests, with the sample units directory they start rows from. */
export async function startDeliveryHarness(name: string): Promise<{ h: EngineHarness; units: UnitsDirectory }> {
  return { h: await startEngineHarness(name), units: await readUnitsFile(join(__dirname, '..', '..', 'samples', 'units.json')) };
}

/**
 * One row led by each unit of `leads` (numbered `${section}.1`, …), due "Tháng 04/2035": effective Wednesday
 * 02/05/2035, reminders Thursday 19/04 and Wednesday 25/04; contacts from `units` as plan import builds them.
 */
export function aprilRowsLedBy(units: UnitsDirectory, leads: string[], section: string) {
  return leads.map((lead, i) => {
    const unit = units.units.find((u) => u.id === lead)!;
    const spec = { ...rowSpec(`${section}.${i + 1}`, 'Tháng 04/2035', 'Kế hoạch'), lead: { id: unit.id, name: unit.name }, coordinating: [] };
    return { spec, key: `${spec.planKey}/${spec.where}`, contacts: rowContacts(units, lead, [])! };
  });
}

/** What `dondoc digest status --ngay <day>` prints for the harness's database, as the office reads it. */
export async function digestStatusText(h: Pick<EngineHarness, 'dbPath'>, day: string): Promise<string> {
  const io = { ...bufferIo(), env: { DONDOC_DB_PATH: h.dbPath } };
  const code = await digestCommand(['status', '--ngay', day], io);
  if (code !== 0) throw new Error(`digest status --ngay ${day} thoát với mã ${code}: ${io.stderr()}`);
  return io.stdout();
}

export const CONTACTS: RowContacts = {
  head: { name: 'Nguyễn Thị Thu Hà', email: 'vanphong@skhcn-angiang.example' },
  leader: { name: 'Lê Thị Hồng Nhung', email: 'pgd.nhung@skhcn-angiang.example' },
  office: { name: 'Văn phòng Sở', email: 'kiemsoat-tthc@skhcn-angiang.example' },
  coordinating: [{ name: 'Phòng Phát triển Công nghệ và Chuyển đổi số', email: 'ptcn-cds@skhcn-angiang.example' }],
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Every dondoc workflow type, bundled once per test file (bundling takes seconds). */
export const engineBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') }));
let runtimeInstalled = false;

export interface EngineHarness {
  temporal: StartedEnvironment;
  /** A client of the server that remembers every workflow it starts, to replay their histories at teardown. */
  client: Client;
  smtp: LoopbackSmtp;
  taskQueue: string;
  /** The read model, a real SQLite file, and its path (DONDOC_DB_PATH for the CLI). */
  db: Store;
  dbPath: string;
  /** The harness's real activities (mail to the loopback SMTP server, the SQLite read model), for a test to wrap. */
  activities: ReturnType<typeof createActivities>;
  /** A worker on the harness's task queue; `options` for what a test varies (cache size, wrapped activities). */
  worker(options?: Partial<WorkerOptions>): Promise<Worker>;
  /** Moves the simulated clock forward to a local time in Vietnam ("2035-03-06T09:00"); never backwards. */
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
  const { interceptors, started } = startedWorkflows();
  const temporal = await startTimeSkippingEnvironment({ client: { interceptors } });
  console.info(`[${name}] Temporal server: ${temporal.server}`);
  await registerSearchAttributes(temporal.env.connection, temporal.env.namespace ?? 'default');
  const client = temporal.env.client;
  const smtp = await startLoopbackSmtp();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'dondoc-store-')), 'dondoc.sqlite');
  const db = await openStore({ sqlitePath: dbPath });
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  const activities = createActivities({ mailer, db, from: 'dondoc <dondoc@skhcn-angiang.example>', links: options.links });
  const taskQueue = `engine-${randomUUID()}`;
  return {
    temporal,
    client,
    smtp,
    taskQueue,
    db,
    dbPath,
    activities,
    worker: async (options = {}) =>
      Worker.create({
        activities,
        ...options,
        connection: temporal.env.nativeConnection,
        taskQueue,
        workflowBundle: options.workflowBundle ?? (await engineBundle()),
      }),
    advanceTo: async (localDateTime) => {
      const target = new Date(`${localDateTime}:00+07:00`).getTime();
      const now = await temporal.env.currentTimeMs();
      if (target > now) await temporal.env.sleep(target - now);
    },
    teardown: async () => {
      try {
        // Rows started through the CLI come from other clients: the read model knows them all.
        const recorded = await db.selectFrom('rows').select('row_key').execute();
        const ids = new Set([...started, ...recorded.map((r) => r.row_key)]);
        const replayed = await replayWorkflows(client, await engineBundle(), ids);
        console.info(`[${name}] replayed ${replayed} workflow histories against the current workflow code without non-determinism`);
      } finally {
        await temporal.env.teardown();
      }
      await smtp.close();
      await db.destroy();
      mailer.close();
    },
  };
}
