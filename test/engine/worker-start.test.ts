import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), join(root, 'worker', 'main.ts')], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

describe('npm start (the worker)', () => {
  it('says what to start when no Temporal answers, and exits 2', () => {
    const r = start({ TEMPORAL_ADDRESS: '127.0.0.1:1', DONDOC_DB_PATH: join(mkdtempSync(join(tmpdir(), 'dondoc-worker-')), 'dondoc.sqlite'), SMTP_URL: 'smtp://hopthu:MatKhau9@127.0.0.1:2525' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Không kết nối được Temporal ở 127.0.0.1:1');
    expect(r.stderr).toContain('npm run temporal');
    expect(r.stderr).toContain('npm run demo');
    expect(r.stderr).toContain('smtp://hopthu:***@127.0.0.1:2525');
    expect(r.stderr).not.toContain('MatKhau9');
  });

  it('names the database it cannot open, without its password, before touching Temporal', () => {
    const r = start({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'mysql://dondoc:BiMat@db.example/dondoc' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Không mở được cơ sở dữ liệu theo dõi (PostgreSQL mysql://dondoc:***@db.example/dondoc)');
    expect(r.stderr).toContain('DATABASE_URL phải là địa chỉ PostgreSQL dạng postgres://');
    expect(r.stderr).not.toContain('BiMat');
    expect(r.stderr).not.toContain('Không kết nối được Temporal');
  });

  it('stops at a malformed setting, naming it, before opening anything', () => {
    const r = start({ TEMPORAL_ADDRESS: '127.0.0.1:1', SMTP_PORT: 'hai lăm' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SMTP_PORT="hai lăm" không dùng được');
    expect(r.stderr).not.toContain('cơ sở dữ liệu');
  });
});
