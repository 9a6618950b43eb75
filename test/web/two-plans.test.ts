import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { openStore, Store } from '../../activities/store/database';
import { buildWebApp } from '../../client/web/server';
import { runDondoc } from '../engine/cli-process';
import { AS_OF, PLAN_2025, PLAN_2026, recordTwoPlans } from '../support/two-plans';
import { occurrence, recorder, rowState } from '../support/recorded-rows';
import { ACCOUNTS, addAccounts, sampleUnits, tempDir, testSecrets, unreachableTemporal, Visitor } from './support';

jest.setTimeout(180_000);

/**
 * Two plans in the read model, both with a row "5.11" of the same unit (the 2025 sample and the same plan tried as
 * 2026): every list that shows both says which plan each line is, and each filters by plan.
 */
const office = ACCOUNTS.find((a) => a.role === 'van-phong')!;
const leader = ACCOUNTS.find((a) => a.role === 'lanh-dao')!;
const NOW = Date.parse('2026-05-15T10:00:00+07:00');

let dir: string;
let dbPath: string;
let db: Store;
let web: FastifyInstance;

beforeAll(async () => {
  dir = tempDir('dondoc-two-plans-');
  dbPath = join(dir, 'dondoc.sqlite');
  db = await openStore({ sqlitePath: dbPath });
  await addAccounts(db);
  await recordTwoPlans(db);
  web = await buildWebApp({ db, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets: testSecrets(), evidenceDir: tempDir('dondoc-two-plans-ev-'), units: await sampleUnits(), now: () => NOW });
});
afterAll(async () => {
  await web?.close();
  await db?.destroy();
});

/** A workbook's sheet as rows of cell values. */
async function sheetRows(bytes: Buffer | ArrayBuffer, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as ArrayBuffer);
  const rows: unknown[][] = [];
  book.getWorksheet(name)!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The plan cell of each line carrying `data-row`, as "rowKey plan". */
function linesWithPlan(body: string, rowAttr = 'data-row'): string[] {
  const lines: string[] = [];
  const re = new RegExp(`${rowAttr}="([^"]+)"[\\s\\S]*?data-test="ke-hoach">([^<]+)<`, 'g');
  for (let m = re.exec(body); m; m = re.exec(body)) lines.push(`${m[1]} ${m[2]}`);
  return lines.sort();
}

describe('two plans with the same row numbers', () => {
  it('the leaders\' board has a plan column and a plan filter, and the figures count one plan when asked', async () => {
    const v = new Visitor(web);
    await v.login(leader.email);
    const board = await v.get(`/qua-han?ngay=${AS_OF}`);
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<th scope="col">Kế hoạch</th>');
    expect(linesWithPlan(board.body).filter((l) => l.includes('/5.11 '))).toEqual([`${PLAN_2025}/5.11 16/KH-SKHCN (2025)`, `${PLAN_2026}/5.11 16/KH-SKHCN (2026)`]);
    expect(board.body).toMatch(/<select id="ke_hoach" name="ke_hoach">[\s\S]*<option value="16-KH-SKHCN-2026" >16\/KH-SKHCN \(2026\) — /);

    const one = await v.get(`/qua-han?ngay=${AS_OF}&ke_hoach=${PLAN_2026}`);
    expect(one.body).toContain('data-test="tong-qua-han">3<');
    expect(one.body).toContain('lần thực hiện của Kế hoạch số 16/KH-SKHCN (2026).');
    expect(one.body).toContain(`data-row="${PLAN_2026}/5.11"`);
    expect(one.body).not.toContain(`data-row="${PLAN_2025}/`);
    // One plan on the page: its lines need no plan column.
    expect(one.body).not.toContain('data-test="ke-hoach"');
    expect(one.body).toContain(`<option value="${PLAN_2026}" selected>`);

    // The workbook of the board says each line's plan in its last column.
    const book = await sheetRows((await v.get(`/qua-han.xlsx?ngay=${AS_OF}&don_vi=ptcn`)).rawPayload, 'Quá hạn');
    expect(book[2].at(-1)).toBe('Kế hoạch');
    expect(book.slice(3).map((r) => `${String(r[2])} ${String(r.at(-1))}`).sort()).toEqual(['5.11 16/KH-SKHCN (2025)', '5.11 16/KH-SKHCN (2026)']);

    const unknown = await v.get(`/qua-han?ngay=${AS_OF}&ke_hoach=99-KH-XYZ-2026`);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Không có kế hoạch &quot;99-KH-XYZ-2026&quot; trong cơ sở dữ liệu theo dõi. Các kế hoạch có: 16-KH-SKHCN-2025');
    expect(unknown.body).toContain('data-test="tong-qua-han">6<');

    const all = await v.get(`/so-lieu?tu=01/01/2025&den=31/12/2026&ngay=${AS_OF}`);
    expect(all.body).toContain('gộp 2 kế hoạch');
    expect(all.body).toMatch(/data-col="giao" data-label="Giao">8</);
    const figures = await v.get(`/so-lieu?tu=01/01/2025&den=31/12/2026&ngay=${AS_OF}&ke_hoach=${PLAN_2025}`);
    expect(figures.body).toContain('Kế hoạch số 16/KH-SKHCN (2025)');
    expect(figures.body).toMatch(/data-col="giao" data-label="Giao">4</);
  });

  it('a unit\'s page and the office\'s queue say each line\'s plan and filter by it', async () => {
    const o = new Visitor(web);
    await o.login(office.email);
    const unit = await o.get(`/don-vi/ptcn?ngay=${AS_OF}`);
    expect(unit.statusCode).toBe(200);
    expect(linesWithPlan(unit.body)).toEqual([`${PLAN_2025}/5.11 16/KH-SKHCN (2025)`, `${PLAN_2026}/5.11 16/KH-SKHCN (2026)`]);
    const unitOne = await o.get(`/don-vi/ptcn?ngay=${AS_OF}&ke_hoach=${PLAN_2025}`);
    expect(unitOne.body).toContain(`data-row="${PLAN_2025}/5.11"`);
    expect(unitOne.body).not.toContain(`data-row="${PLAN_2026}/5.11"`);
    expect(unitOne.body).toContain('Kế hoạch số 16/KH-SKHCN (2025).');

    const queue = await o.get('/cho-xac-nhan');
    expect(queue.statusCode).toBe(200);
    expect(linesWithPlan(queue.body)).toEqual([`${PLAN_2025}/1.2 16/KH-SKHCN (2025)`, `${PLAN_2026}/1.2 16/KH-SKHCN (2026)`]);
    const queueOne = await o.get(`/cho-xac-nhan?ke_hoach=${encodeURIComponent('16/KH-SKHCN 2026')}`);
    expect(queueOne.body).toContain('1 minh chứng đang chờ Văn phòng xác nhận (Kế hoạch số 16/KH-SKHCN (2026))');
    expect(queueOne.body).toContain(`data-row="${PLAN_2026}/1.2"`);
    expect(queueOne.body).not.toContain(`data-row="${PLAN_2025}/1.2"`);
  });

  it('dondoc overdue shows a plan column and --ke-hoach keeps one plan; an unknown or ambiguous plan is refused with the plans there are', async () => {
    const env = { DONDOC_DB_PATH: dbPath };
    const both = await runDondoc(['overdue', '--as-of', AS_OF], env);
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('| Đơn vị                   | Kế hoạch           | Mục    |');
    expect(both.stdout).toMatch(/\| Phòng Phát triển Công    \| 16\/KH-SKHCN \(2025\) \| 5\.11 /);
    expect(both.stdout).toMatch(/\| Phòng Phát triển Công    \| 16\/KH-SKHCN \(2026\) \| 5\.11 /);

    const one = await runDondoc(['overdue', '--as-of', AS_OF, '--ke-hoach', PLAN_2026, '--json'], env);
    expect(one.code).toBe(0);
    const listed = JSON.parse(one.stdout) as { plan: string; items: { rowKey: string; plan: string }[] };
    expect(listed.plan).toBe(PLAN_2026);
    expect(listed.items.map((i) => i.rowKey).sort()).toEqual([`${PLAN_2026}/1.3`, `${PLAN_2026}/3.4`, `${PLAN_2026}/5.11`]);
    expect(new Set(listed.items.map((i) => i.plan))).toEqual(new Set(['16/KH-SKHCN (2026)']));

    const ambiguous = await runDondoc(['overdue', '--as-of', AS_OF, '--ke-hoach', '16/kh-skhcn'], env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('Có 2 kế hoạch số 16/KH-SKHCN (các năm 2025, 2026): hãy ghi cả năm, ví dụ "16-KH-SKHCN-2025".');
    const unknown = await runDondoc(['overdue', '--ke-hoach', '99/KH-XYZ'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có kế hoạch "99/KH-XYZ" trong cơ sở dữ liệu theo dõi. Các kế hoạch có: 16-KH-SKHCN-2025 (Kế hoạch số 16/KH-SKHCN (2025)), 16-KH-SKHCN-2026 (Kế hoạch số 16/KH-SKHCN (2026)).');
  });

  it('dondoc report says it adds up two plans, and --ke-hoach counts one', async () => {
    const env = { DONDOC_DB_PATH: dbPath };
    const both = await runDondoc(['report', '--from', '01/01/2025', '--to', '31/12/2026', '--as-of', AS_OF, '--json'], env);
    expect(JSON.parse(both.stdout)).toMatchObject({ total: { giao: 8 } });
    const xlsx = join(dir, 'bao-cao.xlsx');
    const text = await runDondoc(['report', '--from', '01/01/2025', '--to', '31/12/2026', '--as-of', AS_OF, '--xlsx', xlsx], env);
    const detail = await sheetRows(readFileSync(xlsx), 'Chi tiết');
    expect(detail[0].at(-1)).toBe('Kế hoạch');
    expect(detail.slice(1).filter((r) => r[1] === '5.11').map((r) => r.at(-1))).toEqual(['16/KH-SKHCN (2025)', '16/KH-SKHCN (2026)']);
    expect(text.stdout).toContain('Gộp 2 kế hoạch: 16/KH-SKHCN (2025), 16/KH-SKHCN (2026); chỉ một kế hoạch: --ke-hoach <mã>.');
    const one = await runDondoc(['report', '--from', '01/01/2025', '--to', '31/12/2026', '--as-of', AS_OF, '--ke-hoach', '16-kh-skhcn-2025', '--json'], env);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ plan: PLAN_2025, total: { giao: 4, 'dang-thuc-hien-qua-han': 3, 'cho-xac-nhan': 1 } });
  });

  it('with a single plan the lists carry no plan column and no plan filter', async () => {
    const single = await openStore({ sqlitePath: join(tempDir('dondoc-one-plan-'), 'dondoc.sqlite') });
    const app = await buildWebApp({ db: single, temporal: unreachableTemporal(), taskQueue: 'dondoc', secrets: testSecrets(), evidenceDir: tempDir('dondoc-one-plan-ev-'), units: await sampleUnits(), now: () => NOW });
    try {
      await addAccounts(single);
      await recorder(single)(rowState('5.11', 'Cập nhật cơ sở dữ liệu', { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' }, 'Tháng 4', [occurrence('chinh', '', '2025-03-05', '2025-04-30', '2025-04-30')]), Date.parse('2025-03-05T08:00:00+07:00'));
      const v = new Visitor(app);
      await v.login(leader.email);
      const board = await v.get(`/qua-han?ngay=${AS_OF}`);
      expect(board.body).toContain(`data-row="${PLAN_2025}/5.11"`);
      expect(board.body).not.toContain('Kế hoạch</th>');
      expect(board.body).not.toContain('id="ke_hoach"');
    } finally {
      await app.close();
      await single.destroy();
    }
  });
});
