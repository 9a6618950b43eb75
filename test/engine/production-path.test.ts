import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { openStore } from '../../activities/store/database';
import { run as plan } from '../../client/commands/plan';
import { run as task } from '../../client/commands/task';
import { BUNDLED_TEST_SERVER } from '../../testserver/environment';
import { bufferIo } from '../support/io';
import { startLoopbackSmtp } from '../support/smtp';

const root = join(__dirname, '..', '..');

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The production path end to end, as separate processes: a Temporal server at wall speed (our executable in its
 * start-dev form, its clock set just before 08:00 on the plan's date), `dondoc plan import` from the CLI, and the
 * worker as `npm start` runs it (worker/main.ts, configured only by environment), mailing a real SMTP server. Its cache
 * holds fewer rows than the plan has, so rows are evicted and rebuilt from their histories as they wake.
 */
describe('plan import, then the worker (npm start) on a Temporal server', () => {
  it('turns every sample row into a running workflow that records itself, mails the 08:00 reminders, and stops cleanly on SIGTERM', async () => {
    if (process.env.TEMPORAL_ADDRESS || process.env.TEMPORAL_TEST_SERVER_PATH) return; // the clock setting is our executable's
    // Jest gives each test file its own copy of process.env, which the SDK's server launcher never sees: a wrapper
    // script hands the server its start instant.
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-prod-'));
    const server = join(dir, 'temporal-server');
    writeFileSync(server, `#!/bin/sh\nDONDOC_TEST_SERVER_START=2025-03-05T07:59:30+07:00 exec '${BUNDLED_TEST_SERVER}' "$@"\n`, { mode: 0o755 });
    const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: server } } });
    const smtp = await startLoopbackSmtp();
    const dbPath = join(dir, 'dondoc.sqlite');
    const settings = { TEMPORAL_ADDRESS: env.address, TASK_QUEUE: 'dondoc-prod-path', DONDOC_DB_PATH: dbPath, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'dondoc <dondoc@skhcn-angiang.example>', DONDOC_MAX_CACHED_WORKFLOWS: '40' };
    let worker: ChildProcess | undefined;
    try {
      const imported = { ...bufferIo(), env: settings };
      expect(await plan(['import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json')], imported)).toBe(0);
      expect(imported.stdout()).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');

      let workerErr = '';
      worker = spawn(process.execPath, [require.resolve('tsx/cli'), join(root, 'worker', 'main.ts')], { cwd: root, env: { ...process.env, ...settings }, stdio: ['ignore', 'ignore', 'pipe'] });
      worker.stderr?.on('data', (c: Buffer) => (workerErr += c.toString()));

      const reminder = await until('the 08:00 reminder of row 3.4', 90_000, () => smtp.mails.find((m) => m.headers.get('x-dondoc-key') === '16-KH-SKHCN-2025/3.4/2025-03/nhac-0')).catch(async (e: Error) => {
        const seen = { ...bufferIo(), env: settings };
        await task(['status', '16-KH-SKHCN-2025/3.4'], seen);
        throw new Error(`${e.message}\n${smtp.mails.length} mails received; the row says:\n${seen.stdout()}${seen.stderr()}\nthe worker said:\n${workerErr.slice(-3000)}`);
      });
      expect(reminder.subject).toContain('[Nhắc việc] 3.4 — hạn 05/03/2025');
      expect(new Date(reminder.date!).toISOString()).toBe('2025-03-05T01:00:00.000Z');

      const db = await openStore({ sqlitePath: dbPath });
      try {
        const rows = await until('112 recorded rows', 60_000, async () => {
          const n = Number((await db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
          return n === 112 ? n : undefined;
        });
        expect(rows).toBe(112);
        await until('the reminder in the read model', 30_000, async () => db.selectFrom('messages').select('message_key').where('message_key', '=', '16-KH-SKHCN-2025/3.4/2025-03/nhac-0').executeTakeFirst());
      } finally {
        await db.destroy();
      }

      const status = { ...bufferIo(), env: settings };
      expect(await task(['status', '16-KH-SKHCN-2025/3.4'], status)).toBe(0);
      expect(status.stdout()).toContain('Thư tiếp theo:');

      const exited = new Promise<number | null>((resolve) => worker!.once('exit', (code) => resolve(code)));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(workerErr).toContain(`cơ sở dữ liệu SQLite ${dbPath}`);
      worker = undefined;
    } finally {
      worker?.kill('SIGKILL');
      await env.teardown();
      await smtp.close();
    }
  }, 180_000);
});
