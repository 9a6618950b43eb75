import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { run as web } from '../../client/commands/web';
import { bufferIo } from '../support/io';
import { tempDir } from './support';

describe('dondoc web', () => {
  it('will not start in production without its secrets, and says which is missing, before touching anything', async () => {
    const dbPath = join(tempDir('dondoc-web-cmd-'), 'dondoc.sqlite');
    const io = { ...bufferIo(), env: { NODE_ENV: 'production', DONDOC_DB_PATH: dbPath, DONDOC_LINK_SECRET: 'l'.repeat(40) } };
    expect(await web(['--port', '0'], io)).toBe(2);
    expect(io.stderr()).toContain('DONDOC_SESSION_SECRET chưa được đặt: ở chế độ vận hành (NODE_ENV=production) trang web không chạy khi thiếu khoá bí mật.');
    expect(existsSync(dbPath)).toBe(false);
  });

  // With Temporal down it starts and serves the read pages: test/web/temporal-outage.test.ts.

  it('refuses a port that is not one', async () => {
    const io = { ...bufferIo(), env: {} };
    expect(await web(['--port', '80000'], io)).toBe(1);
    expect(io.stderr()).toContain('--port "80000" phải là số cổng từ 0 đến 65535.');
  });
});
