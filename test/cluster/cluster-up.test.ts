import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_PORTS, freeLoopbackPort, portFree } from '../../worker/temporal-cluster';
import { until } from '../support/until';
import { dondoc } from './support';

const root = join(__dirname, '..', '..');

/** A frontend port whose whole family (the other services at their usual distance) is free. */
async function freeFrontendPort(): Promise<number> {
  for (;;) {
    const frontend = 20_000 + Math.floor(Math.random() * 12_000);
    const family = Object.values(DEFAULT_PORTS).map((p) => p - DEFAULT_PORTS.frontend + frontend);
    if ((await Promise.all(family.map(portFree))).every(Boolean)) return frontend;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Up {
  child: ChildProcess;
  stdout(): string;
  exited: Promise<number | null>;
}

function clusterUp(args: string[]): Up {
  let out = '';
  const child = spawn(process.execPath, [join(root, 'bin', 'dondoc'), 'cluster', 'up', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return { child, stdout: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** `dondoc cluster up` as an operator runs it: a PostgreSQL data folder of its own, the server, Ctrl+C to stop. */
describe('dondoc cluster up', () => {
  // Readable by Debian's postgres user, who runs PostgreSQL when the tests run as root.
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-cluster-up-'));
  chmodSync(dir, 0o755);
  const pids: number[] = [];
  afterAll(() => {
    // A failed step must not leave the server or PostgreSQL behind.
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to install the server when the build is missing, and starts nothing', async () => {
    const missing = await dondoc(['cluster', 'up', '--data', join(dir, 'never')], { DONDOC_TEMPORAL_CLUSTER_DIR: join(dir, 'no-build') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cài một lần cho máy này (vài phút): scripts/install-temporal-cluster');
    expect(() => statSync(join(dir, 'never'))).toThrow();
  });

  it('creates PostgreSQL and the schemas, serves the namespace with dondoc\'s search attributes, stops on Ctrl+C, and starts again on the same data', async () => {
    const data = join(dir, 'data');
    const pgPort = await freeLoopbackPort();
    const port = await freeFrontendPort();
    const args = ['--data', data, '--pg-port', String(pgPort), '--port', String(port)];
    for (const round of ['first', 'second']) {
      const up = clusterUp(args);
      try {
        const ready = await until(`cluster up (${round} run)`, () => /Máy chủ Temporal: tiến trình (\d+); PostgreSQL: tiến trình (\d+)/.exec(up.stdout()) ?? (up.child.exitCode !== null ? Promise.reject(new Error(up.stdout())) : undefined), 180_000);
        const [serverPid, postgresPid] = [Number(ready[1]), Number(ready[2])];
        pids.push(serverPid, postgresPid);
        expect(up.stdout()).toContain(`đang chạy ở 127.0.0.1:${port} (namespace default, 4 phân đoạn lịch sử)`);
        // The first run creates both databases; the second finds them at the build's version.
        if (round === 'first') expect(up.stdout()).toMatch(/tạo temporal; temporal: lược đồ [\d.]+; tạo temporal_visibility; temporal_visibility: lược đồ [\d.]+/);
        else expect(up.stdout()).not.toMatch(/tạo temporal/);
        // The second run finds the first run's hosts in the membership table, gone: they are removed before it joins.
        if (round === 'first') expect(up.stdout()).not.toContain('khỏi danh sách thành viên');
        else expect(up.stdout()).toMatch(/Đã bỏ [1-9]\d* máy chủ không còn chạy \(từ lần chạy trước hoặc từ bản sao lưu\) khỏi danh sách thành viên của cụm\./);
        expect(up.stdout()).toContain(`DATABASE_URL=postgres://temporal:$(cat ${data}/postgres.password)@127.0.0.1:${pgPort}/dondoc npm start`);

        const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
        try {
          const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
          expect(Object.keys(customAttributes ?? {})).toContain('DondocPlan');
          expect((await new Client({ connection }).workflow.count(`DondocPlan = '16-KH-SKHCN-2025'`)).count).toBe(0);
        } finally {
          await connection.close();
        }

        up.child.kill('SIGINT');
        expect(await up.exited).toBe(0);
        expect(up.stdout()).toContain('Đã dừng máy chủ Temporal và PostgreSQL.');
        expect(alive(serverPid)).toBe(false);
        await until('PostgreSQL stopped', () => !alive(postgresPid), 30_000);
      } finally {
        if (up.child.exitCode === null) up.child.kill('SIGKILL');
      }
    }
  }, 420_000);
});
