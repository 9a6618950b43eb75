import { resolve } from 'node:path';
import { z } from 'zod';
import { hashPassword } from '../../activities/passwords';
import { loadUnitsDirectory, ROLES, saveAccount } from '../../activities/store/accounts';
import { describeStore, openStore, storeConfigFromEnv } from '../../activities/store/database';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandRun, ExitCode } from '../io';
import { StoreUnavailable } from '../store-client';

const USAGE = [
  'Cách dùng: dondoc user add --name "Họ tên" --email địa-chỉ --role van-phong|lanh-dao|don-vi [--unit <mã>]   (mật khẩu đọc từ stdin)',
  '  --unit: mã đơn vị (bắt buộc với don-vi); với lanh-dao là mã lãnh đạo trong danh bạ (gd, pgd1…), nếu không thì theo thư điện tử.',
  '  Ví dụ: printf "%s" "$MAT_KHAU" | dondoc user add --name "Võ Thanh Tùng" --email ptcn-cds@skhcn-angiang.example --role don-vi --unit ptcn',
].join('\n');

const MIN_PASSWORD = 10;

/** Adds (or replaces) a web account; the password comes from stdin so it never shows in the shell's history. */
export const run: CommandRun = async (args, io) => {
  try {
    const [action, ...rest] = args;
    if (action !== 'add') throw new UsageError(USAGE);
    const { values: v } = parseFlags(rest, { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' } }, USAGE);
    const name = v.name?.normalize('NFC').trim();
    if (!name) throw new UsageError(`Thiếu --name.\n\n${USAGE}`);
    if (!v.email || !z.string().email().safeParse(v.email).success) throw new UsageError(`--email "${v.email ?? ''}" không phải địa chỉ thư điện tử.\n\n${USAGE}`);
    const role = ROLES.find((r) => r === v.role);
    if (!role) throw new UsageError(`--role phải là một trong: ${ROLES.join(', ')}.\n\n${USAGE}`);
    if (role === 'don-vi' && !v.unit) throw new UsageError(`Tài khoản đơn vị cần --unit <mã đơn vị>.\n\n${USAGE}`);
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (password.length < MIN_PASSWORD) throw new UsageError(`Mật khẩu (đọc từ stdin) cần ít nhất ${MIN_PASSWORD} ký tự.`);
    const config = storeConfigFromEnv(io.env);
    if (!config.databaseUrl) config.sqlitePath = resolve(io.cwd, config.sqlitePath);
    const db = await openStore(config).catch((error: Error) => {
      throw new StoreUnavailable(`Không mở được cơ sở dữ liệu (${describeStore(config)}): ${error.message}`);
    });
    try {
      const units = await loadUnitsDirectory(db);
      if (units && role === 'don-vi' && !units.units.some((u) => u.id === v.unit)) {
        throw new UsageError(`Không có đơn vị mã "${v.unit}" trong danh bạ. Các mã có: ${units.units.map((u) => u.id).join(', ')}.`);
      }
      if (units && role === 'lanh-dao' && v.unit && !units.leaders.some((l) => l.id === v.unit)) {
        throw new UsageError(`Không có lãnh đạo mã "${v.unit}" trong danh bạ. Các mã có: ${units.leaders.map((l) => l.id).join(', ')}.`);
      }
      await saveAccount(db, { email: v.email, name, role, unitId: role === 'van-phong' ? null : v.unit ?? null, passwordHash: await hashPassword(password) }, Date.now());
    } finally {
      await db.destroy();
    }
    io.out(`Đã lưu tài khoản ${v.email.toLowerCase()} (${name}, ${role}${v.unit ? `, ${v.unit}` : ''}).`);
    return ExitCode.ok;
  } catch (error) {
    return reportCommandError(error, io);
  }
};
