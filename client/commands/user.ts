import { resolve } from 'node:path';
import { z } from 'zod';
import { hashPassword } from '../../activities/passwords';
import { readUnitsFile } from '../../activities/plan-files/read-units';
import { disableAccount, listAccounts, loadUnitsDirectory, ROLE_LABEL, ROLES, saveAccount, saveUnitsDirectory } from '../../activities/store/accounts';
import type { UnitsDirectory } from '../../domain/plan/units';
import { describeStore, openStore, Store, storeConfigFromEnv } from '../../activities/store/database';
import { isoDateAt, toVietnameseDate } from '../../domain/dates';
import { parseFlags, UsageError } from '../args';
import { reportCommandError } from '../command-errors';
import { CommandRun, ExitCode } from '../io';
import { StoreUnavailable } from '../store-client';

const USAGE = [
  'Cách dùng: dondoc user add --name "Họ tên" --email địa-chỉ --role van-phong|lanh-dao|don-vi [--unit <mã>] [--units units.json]   (mật khẩu đọc từ stdin)',
  '           dondoc user list                      các tài khoản, vai trò, đơn vị, đang dùng hay đã tắt',
  '           dondoc user disable --email địa-chỉ   tắt tài khoản: không đăng nhập được nữa, mọi phiên đang mở kết thúc ngay',
  '  Thêm lại (user add) một tài khoản đã có: đặt mật khẩu mới, bật lại nếu đã tắt, và kết thúc mọi phiên đang mở của nó.',
  '  --unit: mã đơn vị (bắt buộc với don-vi); với lanh-dao là mã lãnh đạo trong danh bạ (gd, pgd1…), nếu không thì theo thư điện tử.',
  '  --units: tệp danh bạ đơn vị, lưu vào cơ sở dữ liệu khi chưa có danh bạ (như dondoc web --units); mã --unit được kiểm tra theo danh bạ.',
  '  Ví dụ: printf "%s" "$MAT_KHAU" | dondoc user add --name "Võ Thanh Tùng" --email ptcn-cds@skhcn-angiang.example --role don-vi --unit ptcn',
].join('\n');

/** OWASP ASVS 2.1.1: at least 12 characters, counted as a person counts them (composed Unicode). */
const MIN_PASSWORD = 12;

async function withStore<T>(io: Parameters<CommandRun>[1], fn: (db: Store) => Promise<T>): Promise<T> {
  const config = storeConfigFromEnv(io.env);
  if (!config.databaseUrl) config.sqlitePath = resolve(io.cwd, config.sqlitePath);
  const db = await openStore(config).catch((error: Error) => {
    throw new StoreUnavailable(`Không mở được cơ sở dữ liệu (${describeStore(config)}): ${error.message}`);
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Adds (or replaces) a web account; the password comes from stdin so it never shows in the shell's history. */
async function add(rest: string[], io: Parameters<CommandRun>[1]): Promise<number> {
  const { values: v } = parseFlags(rest, { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, units: { type: 'string' } }, USAGE);
  const name = v.name?.normalize('NFC').trim();
  if (!name) throw new UsageError(`Thiếu --name.\n\n${USAGE}`);
  if (!v.email || !z.string().email().safeParse(v.email).success) throw new UsageError(`--email "${v.email ?? ''}" không phải địa chỉ thư điện tử.\n\n${USAGE}`);
  const role = ROLES.find((r) => r === v.role);
  if (!role) throw new UsageError(`--role phải là một trong: ${ROLES.join(', ')}.\n\n${USAGE}`);
  if (role === 'don-vi' && !v.unit) throw new UsageError(`Tài khoản đơn vị cần --unit <mã đơn vị>.\n\n${USAGE}`);
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  if ([...password.normalize('NFC')].length < MIN_PASSWORD) throw new UsageError(`Mật khẩu (đọc từ stdin) cần ít nhất ${MIN_PASSWORD} ký tự.`);
  const fromFile = v.units ? await readUnitsFile(resolve(io.cwd, v.units)) : undefined;
  const unitId = await withStore(io, async (db) => {
    const stored = await loadUnitsDirectory(db);
    if (stored && fromFile) io.err('Cơ sở dữ liệu đã có danh bạ đơn vị: mã được kiểm tra theo danh bạ đã lưu (sửa ở trang "Danh bạ đơn vị"), không theo tệp --units.');
    const checked = role === 'van-phong' || !v.unit ? null : knownId(role, v.unit, stored ?? fromFile ?? null);
    // The file becomes the stored directory only once it has served: a refused account leaves the database as it was.
    if (!stored && fromFile) await saveUnitsDirectory(db, fromFile, 'khởi tạo từ tệp danh bạ (dondoc user add --units)', Date.now());
    await saveAccount(db, { email: v.email!, name, role, unitId: checked, passwordHash: await hashPassword(password) }, Date.now());
    return checked;
  });
  io.out(`Đã lưu tài khoản ${v.email.toLowerCase()} (${name}, ${role}${unitId ? `, ${unitId}` : ''}).`);
  return ExitCode.ok;
}

/** The unit's (or leader's) id as the directory spells it; an id not in the directory, or no directory, is refused. */
function knownId(role: 'lanh-dao' | 'don-vi', asked: string, units: UnitsDirectory | null): string {
  const what = role === 'don-vi' ? 'đơn vị' : 'lãnh đạo';
  if (!units) {
    throw new UsageError(
      `Chưa có danh bạ đơn vị trong cơ sở dữ liệu, nên chưa kiểm tra được mã ${what} "${asked}". Thêm tệp danh bạ của Sở, ví dụ: dondoc user add … --unit ${asked} --units samples/units.json (danh bạ được lưu lại cho các lần sau).`,
    );
  }
  const ids = role === 'don-vi' ? units.units.map((u) => u.id) : units.leaders.map((l) => l.id);
  const found = ids.find((id) => id.toLowerCase() === asked.trim().toLowerCase());
  if (!found) throw new UsageError(`Không có ${what} mã "${asked}" trong danh bạ. Các mã có: ${ids.join(', ')}.`);
  return found;
}

async function list(rest: string[], io: Parameters<CommandRun>[1]): Promise<number> {
  parseFlags(rest, {}, USAGE);
  const accounts = await withStore(io, listAccounts);
  if (accounts.length === 0) {
    io.out('Chưa có tài khoản nào. Tạo bằng: dondoc user add --name "Họ tên" --email địa-chỉ --role van-phong|lanh-dao|don-vi [--unit <mã>]');
    return ExitCode.ok;
  }
  io.out(['Thư điện tử\tHọ tên\tVai trò\tĐơn vị\tTrạng thái', ...accounts.map((a) => [a.email, a.name, `${ROLE_LABEL[a.role]} (${a.role})`, a.unitId ?? '—', a.disabledAt === null ? 'đang dùng' : `đã tắt ngày ${toVietnameseDate(isoDateAt(a.disabledAt))}`].join('\t'))].join('\n'));
  return ExitCode.ok;
}

async function disable(rest: string[], io: Parameters<CommandRun>[1]): Promise<number> {
  const { values: v } = parseFlags(rest, { email: { type: 'string' } }, USAGE);
  if (!v.email) throw new UsageError(`Thiếu --email của tài khoản cần tắt.\n\n${USAGE}`);
  const email = v.email.trim().toLowerCase();
  const done = await withStore(io, (db) => disableAccount(db, email, Date.now()));
  if (!done) throw new UsageError(`Không có tài khoản ${email}. Xem các tài khoản bằng: dondoc user list`);
  io.out(`Đã tắt tài khoản ${email}: không đăng nhập được nữa, mọi phiên đang mở đã kết thúc. Bật lại bằng dondoc user add với mật khẩu mới.`);
  return ExitCode.ok;
}

/** `user add | list | disable`: the web app's accounts. */
export const run: CommandRun = async (args, io) => {
  try {
    const [action, ...rest] = args;
    if (action === 'add') return await add(rest, io);
    if (action === 'list') return await list(rest, io);
    if (action === 'disable') return await disable(rest, io);
    throw new UsageError(USAGE);
  } catch (error) {
    return reportCommandError(error, io);
  }
};
