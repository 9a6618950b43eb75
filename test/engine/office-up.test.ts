import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { run as plan } from '../../client/commands/plan';
import { run as task } from '../../client/commands/task';
import { bufferIo } from '../support/io';
import { alive, freeOfficePorts, OfficePorts, OfficeProcess, processesMentioning, startOffice } from '../support/office';
import { until } from '../support/until';
import { yearAt } from '../../domain/dates';

const root = join(__dirname, '..', '..');

jest.setTimeout(600_000);

async function pollers(temporalPort: number, taskQueue: string): Promise<number> {
  const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  try {
    const described = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue, kind: 1 }, taskQueueType: 1 });
    return described.pollers?.length ?? 0;
  } finally {
    await connection.close();
  }
}

/**
 * `dondoc up` as a subprocess, on a data directory of its own: Temporal's dev server, the worker and the web app as
 * its children; the secrets file; a killed child restarted; SIGTERM and SIGINT leaving no process behind.
 */
describe('dondoc up: one command for a single office', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'dondoc-up-')), 'data');
  const settingsFile = join(dataDir, 'dondoc.env');
  let ports: OfficePorts;
  let office: OfficeProcess | undefined;
  let pids: { web: number; worker: number; temporal: number };
  let firstSettings = '';

  afterAll(async () => {
    if (office && office.process.exitCode === null) {
      office.process.kill('SIGKILL');
      await office.exited;
    }
  });

  it('on the first run writes the secrets to data/dondoc.env (mode 600), starts the three processes, and says where they are and what to do next', async () => {
    ports = await freeOfficePorts();
    office = startOffice(dataDir, ports, ['--units', join(root, 'samples', 'units.json')]);
    pids = await office.ready();
    const out = office.output();
    expect(out).toContain(`Đã tạo ${settingsFile} với khoá bí mật mới (quyền 600).`);
    expect(out).toContain(`Trang web:             http://127.0.0.1:${ports.web}`);
    expect(out).toContain(`Temporal:              127.0.0.1:${ports.temporal}, giao diện http://127.0.0.1:${ports.ui}`);
    expect(out).toContain(`DONDOC_DB_PATH=${join(dataDir, 'dondoc.sqlite')} npx --no-install dondoc user add --name "Họ và tên" --email vanphong@so.example --role van-phong`);
    expect(out).toContain('Chưa đặt máy chủ thư (SMTP_URL, MAIL_FROM)');
    expect(out).not.toContain('Chưa có danh bạ đơn vị');

    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    firstSettings = readFileSync(settingsFile, 'utf8');
    expect(firstSettings).toMatch(/^DONDOC_SESSION_SECRET=\S{64}$/m);
    expect(firstSettings).toMatch(/^DONDOC_LINK_SECRET=\S{64}$/m);
    // The children got them: the web app does not fall back to a key of its own for this run.
    expect(readFileSync(join(dataDir, 'logs', 'trang-web.log'), 'utf8')).not.toContain('chưa được đặt');
    // Everything under data/: Temporal's histories, the read model, each process's log.
    expect(statSync(join(dataDir, 'temporal.sqlite')).size).toBeGreaterThan(0);
    expect(statSync(join(dataDir, 'dondoc.sqlite')).size).toBeGreaterThan(0);
    const workerLog = readFileSync(join(dataDir, 'logs', 'nhac-viec.log'), 'utf8');
    expect(workerLog).toContain(`Máy chủ nhắc việc dondoc: Temporal 127.0.0.1:${ports.temporal}`);
    expect(workerLog).not.toContain('webpack');
    expect(readFileSync(join(dataDir, 'logs', 'temporal.log'), 'utf8')).toContain(`Temporal Persistence: ${join(dataDir, 'temporal.sqlite')}`);

    const page = await fetch(`http://127.0.0.1:${ports.web}/dang-nhap`);
    expect(page.status).toBe(200);
    expect(await pollers(ports.temporal, 'dondoc')).toBeGreaterThan(0);
  });

  it('starts again a worker that dies, and says so in its log', async () => {
    process.kill(pids.worker, 'SIGKILL');
    const upLog = join(dataDir, 'logs', 'dondoc-up.log');
    await until('the restart in the log', () => readFileSync(upLog, 'utf8').includes('máy chủ nhắc việc bị dừng (tín hiệu SIGKILL) ngoài dự kiến: khởi động lại (lần 1/5 trong một phút)'), 60_000);
    const restarted = Number(await until('a new worker pid', () => [...readFileSync(upLog, 'utf8').matchAll(/Đã chạy máy chủ nhắc việc \(pid (\d+)\)/g)].map((m) => m[1]).find((p) => Number(p) !== pids.worker), 60_000));
    expect(alive(restarted)).toBe(true);
    expect(alive(pids.worker)).toBe(false);
    await until('the restarted worker polls', async () => (await pollers(ports.temporal, 'dondoc')) > 0 && restarted, 120_000);
    pids = { ...pids, worker: restarted };
  });

  it('takes dondoc plan import --nam against its Temporal: the sample as this year\'s plan, under its own key', async () => {
    const year = yearAt(Date.now());
    const io = { ...bufferIo(), env: { TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}` } };
    expect(await plan(['import', join(root, 'samples', 'ke-hoach-16-KH-SKHCN-2025.xlsx'), '--units', join(root, 'samples', 'units.json'), '--nam', String(year)], io)).toBe(0);
    expect(io.stdout()).toContain(`(bản thử: kế hoạch năm 2025, mọi ngày tháng chuyển sang năm ${year}) — mã 16-KH-SKHCN-${year}.`);
    expect(io.stdout()).toContain('Đã khởi tạo 112, cập nhật 0, không đổi 0, huỷ 0');
  });

  it('starts again a Temporal that dies, on the same file, and the worker polls it again', async () => {
    process.kill(pids.temporal, 'SIGKILL');
    const upLog = join(dataDir, 'logs', 'dondoc-up.log');
    await until('the restart in the log', () => readFileSync(upLog, 'utf8').includes('Temporal bị dừng (tín hiệu SIGKILL) ngoài dự kiến: khởi động lại (lần 1/5 trong một phút)'), 60_000);
    const restarted = Number(await until('a new Temporal pid', () => [...readFileSync(upLog, 'utf8').matchAll(/Đã chạy Temporal \(pid (\d+)\)/g)].map((m) => m[1]).find((p) => Number(p) !== pids.temporal), 90_000));
    expect(alive(restarted)).toBe(true);
    pids = { ...pids, temporal: restarted };
    await until('the worker polls the restarted Temporal', async () => (await pollers(ports.temporal, 'dondoc').catch(() => 0)) > 0, 180_000);
    // The rows imported before the crash are in the file it started on again.
    const status = { ...bufferIo(), env: { TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}` } };
    expect(await task(['status', `16-KH-SKHCN-${yearAt(Date.now())}/2.6`], status)).toBe(0);
  });

  it('npm start runs the worker as one process that prints one line, and SIGTERM to the pid npm start gave stops it', async () => {
    const marker = `dondoc-npm-start-${process.pid}`;
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`, TASK_QUEUE: marker, DONDOC_DB_PATH: join(dataDir, 'npm-start.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    npm.stderr.on('data', (c: Buffer) => (err += c.toString()));
    npm.stdout.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    try {
      await until('the npm start worker polls', async () => (await pollers(ports.temporal, marker)) > 0, 180_000);
      expect(err.trim().split('\n')).toEqual([`Máy chủ nhắc việc dondoc: Temporal 127.0.0.1:${ports.temporal} (namespace default, hàng đợi ${marker}); SMTP smtp://127.0.0.1:25; cơ sở dữ liệu SQLite ${join(dataDir, 'npm-start.sqlite')}`]);
      // npm's own process and the worker: node itself, not a shell or tsx's wrapper around it.
      const processes = processesMentioning(marker);
      expect(processes).toHaveLength(2);
      expect(processes.filter((p) => p.includes('worker/main.ts'))).toEqual([expect.stringMatching(/^\d+: node --import tsx worker\/main\.ts $/)]);
      npm.kill('SIGTERM');
      await exited;
      await until('no worker left', () => processesMentioning(marker).length === 0, 60_000);
      expect(err).toContain('Máy chủ nhắc việc dondoc đã dừng.');
    } finally {
      for (const left of processesMentioning(marker)) process.kill(Number(left.split(':')[0]), 'SIGKILL');
    }
  });

  it('stops every child on SIGTERM, the web and the worker before Temporal, and leaves no process behind', async () => {
    const current = office!;
    current.process.kill('SIGTERM');
    expect(await current.exited).toBe(0);
    const out = current.output();
    expect(out.indexOf('Đã dừng trang web.')).toBeLessThan(out.indexOf('Đã dừng máy chủ nhắc việc.'));
    expect(out.indexOf('Đã dừng máy chủ nhắc việc.')).toBeLessThan(out.indexOf('Đã dừng Temporal.'));
    expect(out).toContain('Đã dừng văn phòng dondoc.');
    for (const pid of Object.values(pids)) expect(alive(pid)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('on the next run reuses the secrets unchanged and hands them to the web app again, and stops on Ctrl+C (SIGINT)', async () => {
    ports = await freeOfficePorts();
    office = startOffice(dataDir, ports);
    pids = await office.ready();
    expect(office.output()).not.toContain('Đã tạo');
    expect(readFileSync(settingsFile, 'utf8')).toBe(firstSettings);
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'logs', 'trang-web.log'), 'utf8')).not.toContain('chưa được đặt');
    // The units directory stored on the first run is still there: no hint to load one.
    expect(office.output()).not.toContain('Chưa có danh bạ đơn vị');
    office.process.kill('SIGINT');
    expect(await office.exited).toBe(0);
    for (const pid of Object.values(pids)) expect(alive(pid)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('gives up on a child that keeps dying (5 restarts a minute), says why, stops the rest and exits 1', async () => {
    appendFileSync(settingsFile, 'SMTP_PORT=hai lăm\n');
    ports = await freeOfficePorts();
    office = startOffice(dataDir, ports);
    expect(await office.exited).toBe(1);
    const out = office.output();
    expect(out).toContain('máy chủ nhắc việc thoát với mã 2 ngoài dự kiến: khởi động lại (lần 5/5 trong một phút)');
    expect(out).toContain('máy chủ nhắc việc thoát với mã 2 và đã được khởi động lại 5 lần trong một phút (tối đa 5): không khởi động lại nữa.');
    expect(out).toContain('Văn phòng dondoc đã dừng vì một tiến trình không chạy được.');
    expect(readFileSync(join(dataDir, 'logs', 'nhac-viec.log'), 'utf8')).toContain('SMTP_PORT="hai lăm" không dùng được');
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('stops at a malformed line of the settings file, naming the file and the line, and sets a loosened file back to mode 600', async () => {
    const otherData = join(mkdtempSync(join(tmpdir(), 'dondoc-up-settings-')), 'data');
    mkdirSync(otherData);
    const file = join(otherData, 'dondoc.env');
    writeFileSync(file, '# cấu hình\nMAIL_FROM="Văn phòng <vp@so.example>"\nsmtp url = smtp://mail.so.example\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    const refused = startOffice(otherData, await freeOfficePorts());
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain(`${file}, dòng 3: "smtp url = smtp://mail.so.example" không phải dạng TÊN=giá trị`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(join(otherData, 'temporal.sqlite'))).toBe(false);
  });

  it('says why Temporal would not start, in the words of its own log, and stops what it started', async () => {
    // A directory where Temporal's database file should be: the server stops at once and says so only in its log.
    const broken = join(mkdtempSync(join(tmpdir(), 'dondoc-up-broken-')), 'data');
    mkdirSync(join(broken, 'temporal.sqlite', 'khong-phai-tep'), { recursive: true });
    const refused = startOffice(broken, await freeOfficePorts());
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('temporal server start-dev dừng ngay khi khởi động (mã 1).');
    expect(refused.output()).toContain(`Nhật ký ${join(broken, 'logs', 'temporal.log')}:`);
    expect(refused.output()).toContain('unable to open database file');
    // The server is installed: nothing tells the person to install it.
    expect(refused.output()).not.toContain('Cài máy chủ Temporal chính thức');
  });

  it('refuses to start on a port another program holds, naming the port and the flag', async () => {
    const holder = createServer();
    const taken = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as import('node:net').AddressInfo).port)));
    try {
      const refused = startOffice(dataDir, { ...(await freeOfficePorts()), web: taken });
      expect(await refused.exited).toBe(2);
      expect(refused.output()).toContain(`Cổng ${taken} (cho trang web) đang có chương trình khác dùng: có thể dondoc up đã chạy ở cửa sổ khác. Dừng chương trình đó, hoặc chọn cổng khác bằng --port.`);
    } finally {
      holder.close();
    }
  });
});
