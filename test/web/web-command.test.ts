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

  it('says what to start when Temporal does not answer, after warning about temporary secrets outside production', async () => {
    const io = { ...bufferIo(), env: { DONDOC_DB_PATH: join(tempDir('dondoc-web-cmd-'), 'dondoc.sqlite'), TEMPORAL_ADDRESS: '127.0.0.1:1' } };
    expect(await web(['--port', '0'], io)).toBe(2);
    expect(io.stderr()).toContain('Cảnh báo: DONDOC_SESSION_SECRET chưa được đặt; dùng một khoá tạm cho lần chạy này');
    expect(io.stderr()).toContain('Không kết nối được Temporal ở 127.0.0.1:1');
  });

  it('refuses a port that is not one', async () => {
    const io = { ...bufferIo(), env: {} };
    expect(await web(['--port', '80000'], io)).toBe(1);
    expect(io.stderr()).toContain('--port "80000" phải là số cổng từ 0 đến 65535.');
  });
});
