import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  clusterBuild, ClusterServerProcess, ensureDatabase, freeClusterPorts, freeLoopbackPort, LocalCluster, LocalPostgres, postgresUrl, setupSchemas,
  startClusterServer, startLocalCluster, startLocalPostgres, stopClusterServer,
} from '../../worker/temporal-cluster';
import { engineBundle } from '../engine/support';
import { startWorkerProcess, WorkerProcess } from '../support/processes';
import { replayWorkflows } from '../support/replay';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';
import { until } from '../support/until';
import { dondoc, queryOne, succeeded } from './support';

const root = join(__dirname, '..', '..');
const PLAN = '16-KH-SKHCN-2025';
const ROW = `${PLAN}/2.6`;
const importArgs = ['plan', 'import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json')];

/**
 * dondoc's production path on the full Temporal server on PostgreSQL (scripts/install-temporal-cluster), every part
 * its own process: the CLI (bin/dondoc), two workers (npm start's worker/main.ts) sharing the task queue, the
 * server, PostgreSQL, a real SMTP server. The read model lives on the same PostgreSQL, as a department would run it.
 * Steps follow each other (one cluster): a failed step makes the later ones fail too.
 */
describe('the production path on a Temporal cluster (full server, PostgreSQL)', () => {
  // Readable by Debian's postgres user, who runs PostgreSQL when the tests run as root.
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-cluster-'));
  chmodSync(dir, 0o755);
  let cluster: LocalCluster;
  let server: ClusterServerProcess;
  let postgres: LocalPostgres;
  let smtp: LoopbackSmtp;
  let settings: Record<string, string>;
  const workers: WorkerProcess[] = [];
  const startWorker = () => {
    const worker = startWorkerProcess(settings);
    workers.push(worker);
    return worker;
  };
  const readModel = (sql: string, params: unknown[] = []) => queryOne<number | string>(postgres, 'dondoc', sql, params);
  // The worker creates the read model's tables when it starts: none yet counts as no row.
  const recordedRows = async () => ((await readModel(`SELECT to_regclass('rows')::text`)) ? Number(await readModel('SELECT count(*) FROM rows')) : 0);
  const visibleRows = async (plan: string) => {
    const connection = await Connection.connect({ address: server.address });
    try {
      // The plan's rows; its registry and the digest sender carry DondocPlan too.
      return (await new Client({ connection }).workflow.count(`DondocPlan = '${plan}' AND WorkflowType = 'rowWorkflow'`)).count;
    } finally {
      await connection.close();
    }
  };
  /** Until the server lists a poller of each worker process on the queue (a worker bundles its code first). */
  const polling = async (expected: WorkerProcess[]) => {
    const connection = await Connection.connect({ address: server.address });
    try {
      await until(`workers ${expected.map((w) => w.process.pid).join(', ')} polling the queue`, async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: 'dondoc-cluster' }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW }).catch(() => ({ pollers: [] }));
        const identities = (pollers ?? []).map((p) => p.identity ?? '');
        return expected.every((w) => identities.some((id) => id.startsWith(`${w.process.pid}@`)));
      }, 120_000);
    } finally {
      await connection.close();
    }
  };
  const mailKeys = () => smtp.mails.map((m) => String(m.headers.get('x-dondoc-key')));
  /**
   * An action, tried again while it answers "chưa ghi nhận" (exit 3: no worker seen polling, and nothing applied), as
   * the person told so would: on a cluster the queue's partitions may list a worker late after another died.
   */
  const recorded = async (what: string, args: string[]) =>
    succeeded(await until(what, async () => {
      const attempt = await dondoc(args, settings);
      return attempt.code === 3 ? undefined : attempt;
    }, 120_000));

  beforeAll(async () => {
    clusterBuild(); // fails with the install command when the build is missing, before anything starts
    smtp = await startLoopbackSmtp();
    cluster = await startLocalCluster({ dataDir: join(dir, 'pg'), pgPort: await freeLoopbackPort(), ports: await freeClusterPorts(), fast: true });
    ({ server, postgres } = cluster);
    console.info(`[cluster] Temporal server ${cluster.build.version} at ${server.address}; PostgreSQL ${postgres.bin} on 127.0.0.1:${postgres.port}; ${cluster.schemas.join('; ')}`);
    settings = {
      TEMPORAL_ADDRESS: server.address,
      TASK_QUEUE: 'dondoc-cluster',
      DATABASE_URL: postgresUrl(postgres, await ensureDatabase(postgres, 'dondoc')),
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>',
      DONDOC_MAX_CACHED_WORKFLOWS: '40',
    };
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) w.process.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    if (server) await stopClusterServer(server, 5_000);
    await postgres?.stop();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('imports the sample plan from the CLI and two workers sharing the queue record every row', async () => {
    const imported = await dondoc(importArgs, settings);
    succeeded(imported);
    expect(imported.stdout).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');
    const [a, b] = [startWorker(), startWorker()];
    await until('112 rows in the read model', async () => (await recordedRows()) === 112, 180_000);
    // Both poll the one queue: the server lists a poller of each process.
    await polling([a, b]);
  }, 300_000);

  it('lists the rows by DondocPlan through SQL visibility', async () => {
    expect(await until('112 rows listed by DondocPlan', async () => ((await visibleRows(PLAN)) === 112 ? 112 : undefined), 60_000)).toBe(112);
    expect(await visibleRows('99-KH-KHAC-2025')).toBe(0);
  }, 120_000);

  it('keeps evidence and review across kill -9 of one worker and of the server', async () => {
    workers[0].process.kill('SIGKILL');
    await workers[0].exited;
    await recorded('the submission recorded by the surviving worker', ['task', 'submit', ROW, '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', '27/08/2025']);
    await until('the evidence in the read model', async () => (await readModel('SELECT count(*) FROM evidence WHERE row_key = $1', [ROW])) === '1' || undefined, 60_000);

    server.process.kill('SIGKILL');
    await server.exited;
    const refused = await dondoc(['task', 'review', ROW, '--return', 'Thiếu phụ lục số liệu, đề nghị bổ sung'], settings);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Không kết nối được Temporal ở ${server.address}`);

    server = await startClusterServer({ build: cluster.build, pg: postgres, ports: cluster.ports });
    // The new worker starts as fast as a loaded machine lets it: until it polls, the review is "chưa ghi nhận".
    await polling([startWorker()]);
    await recorded('the review recorded after the server restarted', ['task', 'review', ROW, '--return', 'Thiếu phụ lục số liệu, đề nghị bổ sung']);
    await until('the return in the read model', async () => (await readModel(`SELECT count(*) FROM evidence WHERE row_key = $1 AND review_decision = 'return'`, [ROW])) === '1' || undefined, 60_000);
    const status = await dondoc(['task', 'status', ROW], settings);
    expect(status.stdout).toContain('(minh chứng: 662/BC-SKHCN)');

    const sent = await dondoc(['digest', 'send'], settings);
    // The 2025 sample imported today: the office's digest carries the return beside what was overdue at import.
    expect(sent.stdout).toMatch(/đã gửi [1-9]\d* thư/);
    const returned = await until('the digest with the returned evidence', () => smtp.mails.find((m) => String(m.headers.get('x-dondoc-key')).startsWith('dondoc-tong-hop/vanphong@skhcn-angiang.example/')), 60_000);
    expect(returned.text).toContain('Lý do trả lại: Thiếu phụ lục số liệu, đề nghị bổ sung');
    expect(await recordedRows()).toBe(112);
  }, 300_000);

  it('starts nothing on a re-import', async () => {
    const again = await dondoc(importArgs, settings);
    succeeded(again);
    expect(again.stdout).toContain('Đã khởi tạo 0, cập nhật 0, không đổi 112, huỷ 0');
    expect(await visibleRows(PLAN)).toBe(112);
    const sizes = await queryOne<string>(postgres, 'postgres', `SELECT string_agg(datname || ' ' || pg_size_pretty(pg_database_size(datname)), ', ' ORDER BY datname) FROM pg_database WHERE datname IN ('temporal', 'temporal_visibility', 'dondoc')`);
    console.info(`[cluster] PostgreSQL at 112 rows: ${sizes}`);
  }, 180_000);

  it('restores a pg_dump backup into a fresh PostgreSQL, where the server resumes every row and mails nobody twice', async () => {
    // The backup as the README gives it: pg_dump of the three databases while the cluster runs.
    const backup = join(dir, 'backup');
    execFileSync('mkdir', ['-p', backup]);
    const env = { ...process.env, PGPASSWORD: postgres.password };
    for (const database of ['temporal', 'temporal_visibility', 'dondoc']) {
      execFileSync(join(postgres.bin, 'pg_dump'), ['-h', postgres.host, '-p', String(postgres.port), '-U', postgres.user, '-Fc', '-f', join(backup, `${database}.dump`), database], { env });
    }
    console.info(`[cluster] backup sizes: ${['temporal', 'temporal_visibility', 'dondoc'].map((d) => `${d} ${Math.round(statSync(join(backup, `${d}.dump`)).size / 1024)} KiB`).join(', ')}`);
    const mailsBefore = mailKeys();

    // The machine is lost: workers, server and PostgreSQL stop; a fresh PostgreSQL gets the backup.
    for (const w of workers) w.process.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    server.process.kill('SIGKILL');
    await server.exited;
    await postgres.stop();
    postgres = await startLocalPostgres({ dataDir: join(dir, 'pg-restored'), port: await freeLoopbackPort(), fast: true });
    for (const database of ['temporal', 'temporal_visibility', 'dondoc']) {
      execFileSync(join(postgres.bin, 'pg_restore'), ['-h', postgres.host, '-p', String(postgres.port), '-U', postgres.user, '--create', '-d', 'postgres', join(backup, `${database}.dump`)], { env: { ...process.env, PGPASSWORD: postgres.password } });
    }
    // The schemas are found at the build's version: nothing is created again.
    expect((await setupSchemas(cluster.build, postgres)).some((s) => s.startsWith('tạo'))).toBe(false);
    // The worst case: restored within 20 seconds of the backup, the old hosts still look alive to a starting server,
    // which would take them as membership seeds and stop when it cannot join them.
    const oldHosts = await queryOne<string>(postgres, 'temporal', `WITH fresh AS (UPDATE cluster_membership SET last_heartbeat = now() AT TIME ZONE 'UTC' RETURNING 1) SELECT count(*) FROM fresh`);
    expect(Number(oldHosts)).toBeGreaterThanOrEqual(4);
    const ports = await freeClusterPorts();
    server = await startClusterServer({ build: cluster.build, pg: postgres, ports });
    expect(server.forgotten).toBe(Number(oldHosts));
    settings = { ...settings, TEMPORAL_ADDRESS: server.address, DATABASE_URL: postgresUrl(postgres, 'dondoc') };
    // The plan's registry answers a re-import through the worker: it must be polling first.
    await polling([startWorker()]);

    expect(await visibleRows(PLAN)).toBe(112);
    const again = await dondoc(importArgs, settings);
    succeeded(again);
    expect(again.stdout).toContain('Đã khởi tạo 0, cập nhật 0, không đổi 112, huỷ 0');
    const status = await dondoc(['task', 'status', ROW], settings);
    expect(status.stdout).toContain('(minh chứng: 662/BC-SKHCN)');
    // The restored row takes new evidence and its review, recorded in the restored read model.
    succeeded(await dondoc(['task', 'submit', ROW, '--don-vi', 'vp', '--so', '663/BC-SKHCN', '--ngay', '10/09/2025'], settings));
    succeeded(await dondoc(['task', 'review', ROW, '--accept'], settings));
    await until('the accepted evidence in the restored read model', async () => (await readModel(`SELECT count(*) FROM evidence WHERE row_key = $1 AND review_decision = 'accept'`, [ROW])) === '1' || undefined, 60_000);
    expect(await recordedRows()).toBe(112);

    // Today's digest went out before the backup: the restored ledger knows it, so it is not sent again.
    const resent = await dondoc(['digest', 'send'], settings);
    expect(resent.code).toBe(0);
    const keys = mailKeys();
    expect(keys.slice(0, mailsBefore.length)).toEqual(mailsBefore);
    expect(new Set(keys).size).toBe(keys.length);
  }, 420_000);

  it('replays every history the cluster wrote against the current workflow code (the check before upgrading dondoc)', async () => {
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const ids: string[] = [];
      for await (const row of client.workflow.list({ query: `DondocPlan = '${PLAN}' AND WorkflowType = 'rowWorkflow'` })) ids.push(row.workflowId);
      expect(ids).toHaveLength(112);
      expect((await client.workflow.count(`DondocPlan = '${PLAN}'`)).count).toBe(114);
      // The rows and their plan workflow.
      expect(await replayWorkflows(client, await engineBundle(), ids)).toBe(113);
    } finally {
      await connection.close();
    }
  }, 180_000);
});
