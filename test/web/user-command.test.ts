import { join } from 'node:path';
import { run as user } from '../../client/commands/user';
import { findAccount, saveUnitsDirectory } from '../../activities/store/accounts';
import { openStore } from '../../activities/store/database';
import { verifyPassword } from '../../activities/passwords';
import { bufferIo } from '../support/io';
import { sampleUnits, tempDir } from './support';

describe('dondoc user add', () => {
  it('starts with no account at all: there is no default one', async () => {
    const empty = { ...bufferIo(), env: { DONDOC_DB_PATH: join(tempDir('dondoc-users-'), 'dondoc.sqlite') } };
    expect(await user(['list'], empty)).toBe(0);
    expect(empty.stdout()).toContain('Chưa có tài khoản nào. Tạo bằng: dondoc user add');
  });

  it('stores an account with a scrypt hash of the password read from stdin, and refuses what is missing or unknown', async () => {
    const dbPath = join(tempDir('dondoc-users-'), 'dondoc.sqlite');
    const io = (stdin: string) => ({ ...bufferIo(stdin), env: { DONDOC_DB_PATH: dbPath } });
    const ok = io('một mật khẩu đủ dài\n');
    expect(await user(['add', '--name', 'Võ Thanh Tùng', '--email', 'PTCN-CDS@skhcn-angiang.example', '--role', 'don-vi', '--unit', 'ptcn', '--units', 'samples/units.json'], ok)).toBe(0);
    expect(ok.stdout()).toContain('Đã lưu tài khoản ptcn-cds@skhcn-angiang.example (Võ Thanh Tùng, don-vi, ptcn).');
    const db = await openStore({ sqlitePath: dbPath });
    try {
      const account = (await findAccount(db, 'ptcn-cds@skhcn-angiang.example'))!;
      expect(account).toMatchObject({ name: 'Võ Thanh Tùng', role: 'don-vi', unitId: 'ptcn' });
      expect(account.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(account.passwordHash).not.toContain('một mật khẩu');
      expect(await verifyPassword('một mật khẩu đủ dài', account.passwordHash)).toBe(true);
      expect(await verifyPassword('một mật khẩu đủ dài'.normalize('NFD'), account.passwordHash)).toBe(true);
      expect(await verifyPassword('mot mat khau du dai', account.passwordHash)).toBe(false);

      const short = io('ngắn');
      expect(await user(['add', '--name', 'A', '--email', 'a@skhcn-angiang.example', '--role', 'van-phong'], short)).toBe(1);
      expect(short.stderr()).toContain('Mật khẩu (đọc từ stdin) cần ít nhất 12 ký tự.');
      // Eleven letters, whatever their Unicode form: still short.
      const eleven = io('mậtkhẩungắn'.normalize('NFD'));
      expect(await user(['add', '--name', 'A', '--email', 'a@skhcn-angiang.example', '--role', 'van-phong'], eleven)).toBe(1);
      expect(eleven.stderr()).toContain('cần ít nhất 12 ký tự');
      const noUnit = io('một mật khẩu đủ dài');
      expect(await user(['add', '--name', 'A', '--email', 'a@skhcn-angiang.example', '--role', 'don-vi'], noUnit)).toBe(1);
      expect(noUnit.stderr()).toContain('Tài khoản đơn vị cần --unit <mã đơn vị>.');
      const badRole = io('một mật khẩu đủ dài');
      expect(await user(['add', '--name', 'A', '--email', 'a@skhcn-angiang.example', '--role', 'admin'], badRole)).toBe(1);
      expect(badRole.stderr()).toContain('--role phải là một trong: van-phong, lanh-dao, don-vi.');

      await saveUnitsDirectory(db, await sampleUnits(), 'thử nghiệm', Date.now());
      const listed = io('');
      expect(await user(['list'], listed)).toBe(0);
      expect(listed.stdout()).toBe(`Thư điện tử\tHọ tên\tVai trò\tĐơn vị\tTrạng thái\nptcn-cds@skhcn-angiang.example\tVõ Thanh Tùng\tĐơn vị (don-vi)\tptcn\tđang dùng\n`);
      const unknown = io('một mật khẩu đủ dài');
      expect(await user(['add', '--name', 'A', '--email', 'a@skhcn-angiang.example', '--role', 'don-vi', '--unit', 'khong-co'], unknown)).toBe(1);
      expect(unknown.stderr()).toContain('Không có đơn vị mã "khong-co" trong danh bạ. Các mã có: vp, ptcn, tt, khtc, qlcn, ttud.');
    } finally {
      await db.destroy();
    }
  });
});
