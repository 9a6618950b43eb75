import { join } from 'node:path';
import { loadUnitsDirectory } from '../../activities/store/accounts';
import { openStore } from '../../activities/store/database';
import { runDondoc } from '../engine/cli-process';
import { tempDir } from './support';

jest.setTimeout(240_000);

/** `dondoc user add` as a person runs it (bin/dondoc, the password on stdin): the unit is checked against the directory. */
function userAdd(dbPath: string, args: string[], password = 'một mật khẩu đủ dài') {
  return runDondoc(['user', 'add', ...args], { DONDOC_DB_PATH: dbPath }, 120_000, password);
}

const UNIT_IDS = 'vp, ptcn, tt, khtc, qlcn, ttud';

describe('dondoc user add checks the unit against the units directory; dondoc user list shows the accounts', () => {
  it('refuses a unit while no directory is stored, loads --units when none is, and then refuses unknown ids by listing the known ones', async () => {
    const dbPath = join(tempDir('dondoc-user-units-'), 'dondoc.sqlite');
    const noDirectory = await userAdd(dbPath, ['--name', 'Người Thử', '--email', 'khongco@so.example', '--role', 'don-vi', '--unit', 'khongco']);
    expect(noDirectory.code).toBe(1);
    expect(noDirectory.stderr).toContain('Chưa có danh bạ đơn vị trong cơ sở dữ liệu, nên chưa kiểm tra được mã đơn vị "khongco". Thêm tệp danh bạ của Sở, ví dụ: dondoc user add … --unit khongco --units samples/units.json');

    const unknown = await userAdd(dbPath, ['--name', 'Người Thử', '--email', 'khongco@so.example', '--role', 'don-vi', '--unit', 'khongco', '--units', 'samples/units.json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`Không có đơn vị mã "khongco" trong danh bạ. Các mã có: ${UNIT_IDS}.`);
    const leaderUnknown = await userAdd(dbPath, ['--name', 'Người Thử', '--email', 'pgd9@so.example', '--role', 'lanh-dao', '--unit', 'pgd9', '--units', 'samples/units.json']);
    expect(leaderUnknown.code).toBe(1);
    expect(leaderUnknown.stderr).toContain('Không có lãnh đạo mã "pgd9" trong danh bạ. Các mã có: gd, pgd1, pgd2.');
    const db = await openStore({ sqlitePath: dbPath });
    try {
      // A refused account leaves no directory behind either.
      expect(await loadUnitsDirectory(db)).toBeNull();
    } finally {
      await db.destroy();
    }

    // The id as typed in capitals is the directory's id; the file is now the stored directory.
    const known = await userAdd(dbPath, ['--name', 'Võ Thanh Tùng', '--email', 'ptcn-cds@skhcn-angiang.example', '--role', 'don-vi', '--unit', 'PTCN', '--units', 'samples/units.json']);
    expect(known.stderr).toBe('');
    expect(known.stdout).toContain('Đã lưu tài khoản ptcn-cds@skhcn-angiang.example (Võ Thanh Tùng, don-vi, ptcn).');
    const later = await userAdd(dbPath, ['--name', 'Người Thử', '--email', 'khongco@so.example', '--role', 'don-vi', '--unit', 'khongco']);
    expect(later.code).toBe(1);
    expect(later.stderr).toContain(`Không có đơn vị mã "khongco" trong danh bạ. Các mã có: ${UNIT_IDS}.`);
    expect((await userAdd(dbPath, ['--name', 'Trần Minh Khoa', '--email', 'giamdoc@skhcn-angiang.example', '--role', 'lanh-dao', '--unit', 'gd'])).code).toBe(0);
    expect((await userAdd(dbPath, ['--name', 'Nguyễn Thị Thu Hà', '--email', 'kiemsoat-tthc@skhcn-angiang.example', '--role', 'van-phong'])).code).toBe(0);
    expect((await runDondoc(['user', 'disable', '--email', 'giamdoc@skhcn-angiang.example'], { DONDOC_DB_PATH: dbPath })).code).toBe(0);

    const listed = await runDondoc(['user', 'list'], { DONDOC_DB_PATH: dbPath });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Thư điện tử\tHọ tên\tVai trò\tĐơn vị\tTrạng thái');
    expect(lines.slice(1).map((l) => l.split('\t').slice(0, 4).join(' | ')).sort()).toEqual([
      'giamdoc@skhcn-angiang.example | Trần Minh Khoa | Lãnh đạo Sở (lanh-dao) | gd',
      'kiemsoat-tthc@skhcn-angiang.example | Nguyễn Thị Thu Hà | Văn phòng Sở (van-phong) | —',
      'ptcn-cds@skhcn-angiang.example | Võ Thanh Tùng | Đơn vị (don-vi) | ptcn',
    ]);
    expect(lines.find((l) => l.startsWith('giamdoc@'))).toMatch(/\tđã tắt ngày \d\d\/\d\d\/\d{4}$/);
    expect(lines.find((l) => l.startsWith('ptcn-cds@'))).toMatch(/\tđang dùng$/);
    // Never a password or its hash.
    expect(listed.stdout).not.toMatch(/scrypt|\$32768\$|mật khẩu đủ dài/);
  });
});
