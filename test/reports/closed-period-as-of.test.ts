import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { openStore } from '../../activities/store/database';
import { atLocalHour } from '../../domain/policy/reminders';
import { runDondoc } from '../engine/cli-process';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { yearAt } from '../../domain/dates';

/**
 * Issue 20.4: `report --ky 04/2025` printed "tính đến ngày 03/12/2026" and "quá hạn nhiều nhất 622 ngày": a closed
 * period was read as of today. A closed period's report is as of its last day unless --as-of says otherwise, and
 * says which.
 */
const UNITS = resolve(__dirname, '../../samples/units.json');
const VP = { id: 'vp', name: 'Văn phòng Sở' };
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dondoc-ky-dong-'));
  env = { DONDOC_DB_PATH: join(dir, 'dondoc.sqlite') };
  const db = await openStore({ sqlitePath: env.DONDOC_DB_PATH });
  // Due 31/03/2025 and never done: 20 days overdue on 20/04/2025, the last data day of tháng 4/2025.
  await recorder(db)(rowState('3.4', 'Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ', VP, 'Cuối tháng 3', [occurrence('chinh', '', '2025-03-05', '2025-03-31', '2025-03-31')], 'Danh sách công khai'), atLocalHour('2025-03-06', 9));
  await db.destroy();
}, 60_000);

async function dondoc(args: string[]) {
  const r = await runDondoc(['report', ...args], env);
  expect({ code: r.code, stderr: r.stderr.replace(/^Đã ghi .*\n/m, '') }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}

describe('a closed period’s report', () => {
  it('is as of the period’s last day, says so, and counts days overdue to it', async () => {
    const xlsx = join(dir, 'thang-4.xlsx');
    const out = await dondoc(['--period', 'thang', '--ky', '04/2025', '--xlsx', xlsx, '--units', UNITS]);
    expect(out).toContain('Báo cáo tháng 4 năm 2025: số liệu từ 21/03/2025 đến 20/04/2025 (tính đến ngày 20/04/2025, ngày cuối kỳ); gửi trước ngày 22/04/2025.');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const cells = book.worksheets.flatMap((s) => s.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])));
    expect(cells).toContain('(Số liệu từ ngày 21/03/2025 đến ngày 20/04/2025, tính đến ngày 20/04/2025, ngày cuối kỳ)');
    expect(cells).toContain('Văn phòng Sở: 01 nhiệm vụ, quá hạn nhiều nhất 20 ngày');
    expect(JSON.parse(await dondoc(['--period', 'thang', '--ky', '04/2025', '--json']))).toMatchObject({ asOf: '2025-04-20', asOfBasis: 'period-end' });
  }, 120_000);

  it('is as of the day --as-of names when given, and says that instead', async () => {
    expect(await dondoc(['--period', 'thang', '--ky', '04/2025', '--as-of', '25/04/2025'])).toContain('(tính đến ngày 25/04/2025, ngày được chọn)');
    const xlsx = join(dir, 'tu-den.xlsx');
    expect(await dondoc(['--from', '21/03/2025', '--to', '20/04/2025', '--xlsx', xlsx])).toContain('Kết quả thực hiện từ 21/03/2025 đến 20/04/2025 (tính đến ngày 20/04/2025, ngày cuối kỳ)');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.getWorksheet('Tổng hợp')!.getRow(1).getCell(1).value).toBe('Kết quả thực hiện nhiệm vụ từ 21/03/2025 đến 20/04/2025 (tính đến ngày 20/04/2025, ngày cuối kỳ)');
  }, 120_000);

  it('is as of today while the period is still open, and says the period has not ended', async () => {
    const year = yearAt(Date.now()) + 1;
    expect(await dondoc(['--period', 'nam', '--ky', String(year)])).toMatch(/\(tính đến ngày \d\d\/\d\d\/\d{4}, hôm nay, kỳ chưa kết thúc\)/);
  }, 120_000);
});
