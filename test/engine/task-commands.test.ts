import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { run as task } from '../../client/commands/task';
import { run as overdue } from '../../client/commands/overdue';
import { run as report } from '../../client/commands/report';
import { rowWorkflow } from '../../workflows/row';
import { stateQuery } from '../../workflows/definitions';
import { bufferIo } from '../support/io';
import { CONTACTS, EngineHarness, rowSpec, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('task-commands');
});
afterAll(() => h?.teardown());

const evidenceDir = mkdtempSync(join(tmpdir(), 'dondoc-evidence-'));
const io = (env: NodeJS.ProcessEnv = {}) => ({ ...bufferIo(), env: { TEMPORAL_ADDRESS: h.temporal.env.address, DONDOC_DB_PATH: h.dbPath, DONDOC_EVIDENCE_DIR: evidenceDir, ...env } });

describe('dondoc task, overdue and report', () => {
  it('submits, returns and accepts evidence from the command line, and lists what is overdue', async () => {
    const late = rowSpec('1.1', 'Tháng 03/2035', 'Kế hoạch');
    const report1 = rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát');
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const client = h.client;
      for (const spec of [late, report1]) await client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: `${spec.planKey}/${spec.where}`, args: [{ spec, contacts: CONTACTS }] });
      await h.advanceTo('2035-04-10T09:00');
      const id = `${report1.planKey}/2.6`;

      const wrong = io();
      expect(await task(['submit', id, '--don-vi', 'vp', '--so', '45/SKHCN-VP', '--ngay', '09/04/2035'], wrong)).toBe(1);
      expect(wrong.stderr()).toContain('Không chấp nhận: Kết quả cần nộp là Báo cáo (BC), nhưng văn bản 45/SKHCN-VP là Công văn.');

      const missingFile = io();
      expect(await task(['submit', id, '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', '09/04/2035', '--file', 'khong-co-tep.pdf'], missingFile)).toBe(1);
      expect(missingFile.stderr()).toContain('Không tìm thấy tệp minh chứng "khong-co-tep.pdf"');

      const file = join(mkdtempSync(join(tmpdir(), 'dondoc-submit-')), 'bao-cao-ra-soat.pdf');
      writeFileSync(file, 'Báo cáo số 662/BC-SKHCN');
      const ok = io();
      expect(await task(['submit', id, '--don-vi', 'vp', '--so', '662/BC-SKHCN', '--ngay', '09/04/2035', '--file', file], ok)).toBe(0);
      expect(ok.stdout()).toContain('Đã nhận minh chứng 662/BC-SKHCN cho lần thực hiện chính (bao-cao-ra-soat.pdf): Chờ xác nhận.');
      const submitted = (await h.client.workflow.getHandle(id).query(stateQuery)).state.occurrences[0].evidence[0];
      expect(submitted.files).toEqual([expect.objectContaining({ name: 'bao-cao-ra-soat.pdf', bytes: Buffer.byteLength('Báo cáo số 662/BC-SKHCN') })]);
      expect(readFileSync(join(evidenceDir, submitted.files[0].stored), 'utf8')).toBe('Báo cáo số 662/BC-SKHCN');
      const returned = io();
      expect(await task(['review', id, '--return', 'Thiếu phụ lục'], returned)).toBe(0);
      expect(returned.stdout()).toContain('Đang thực hiện trong hạn');
      await task(['submit', id, '--don-vi', 'vp', '--so', '663/BC-SKHCN', '--ngay', '10/04/2035'], io());
      const accepted = io();
      await task(['review', id, '--accept'], accepted);
      expect(accepted.stdout()).toContain('Hoàn thành đúng hạn');

      const status = io();
      expect(await task(['status', `${late.planKey}/1.1`], status)).toBe(0);
      expect(status.stdout()).toContain('Đang thực hiện quá hạn');

      const list = io();
      expect(await overdue(['--as-of', '10/04/2035'], list)).toBe(0);
      expect(list.stdout()).toContain('Danh sách nhiệm vụ quá hạn ngày 10/04/2035: 1');
      expect(list.stdout()).toMatch(/1\.1\s+\|/);

      const sums = io();
      const xlsx = join(mkdtempSync(join(tmpdir(), 'dondoc-report-')), 'bao-cao-2035.xlsx');
      expect(await report(['--from', '01/01/2035', '--to', '31/12/2035', '--as-of', '10/04/2035', '--xlsx', xlsx], sums)).toBe(0);
      const sentence = 'Sở được giao 02 nhiệm vụ, hoàn thành đúng hạn 01 nhiệm vụ, hoàn thành quá hạn 00 nhiệm vụ, 00 nhiệm vụ chưa đến hạn, 01 nhiệm vụ quá hạn, 00 nhiệm vụ chờ xác nhận.';
      expect(sums.stdout()).toContain(sentence);
      expect(sums.stderr()).toContain(`Đã ghi báo cáo ra ${xlsx}`);

      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const summary = book.getWorksheet('Tổng hợp')!;
      const values = (n: number) => (summary.getRow(n).values as unknown[]).slice(1);
      expect(values(3)).toEqual(['Đơn vị', 'Giao', 'Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Quá hạn', 'Chưa đến hạn', 'Chờ xác nhận']);
      expect(values(4)).toEqual(['Văn phòng Sở', 2, 1, 0, 0, 1, 0, 0]);
      expect(values(5)).toEqual(['Tổng cộng', 2, 1, 0, 0, 1, 0, 0]);
      expect(values(7)).toEqual([sentence]);
      const detail = book.getWorksheet('Chi tiết')!;
      expect(detail.rowCount).toBe(3);
      expect((detail.getRow(2).values as unknown[]).slice(1)).toEqual(['Văn phòng Sở', '1.1', late.content, '', 'Tháng 03/2035', '31/03/2035', '02/04/2035', 'Đang thực hiện quá hạn', '']);
      expect((detail.getRow(3).values as unknown[]).slice(1)).toEqual(expect.arrayContaining(['2.6', 'Hoàn thành đúng hạn', '10/04/2035']));
    });
  });

  it('submits as the unit given by --don-vi or DONDOC_UNIT, and the workflow refuses a unit that is not the lead', async () => {
    const spec = rowSpec('4.2', 'Trước ngày 30/9/2035', 'Báo cáo kết quả kiểm soát TTHC');
    const id = `${spec.planKey}/4.2`;
    const worker = await h.worker();
    await worker.runUntil(async () => {
      await h.client.workflow.start(rowWorkflow, { taskQueue: h.taskQueue, workflowId: id, args: [{ spec, contacts: CONTACTS }] });
      const submit = ['submit', id, '--so', '70/BC-SKHCN', '--ngay', '15/09/2035'];
      const evidence = async () => (await h.client.workflow.getHandle(id).query(stateQuery)).state.occurrences[0].evidence;

      const nobody = io();
      expect(await task(submit, nobody)).toBe(2);
      expect(nobody.stderr()).toContain('Chưa rõ nộp minh chứng thay mặt đơn vị nào: hãy thêm --don-vi <mã đơn vị> (mã trong danh mục đơn vị, ví dụ --don-vi vp) hoặc đặt biến môi trường DONDOC_UNIT là mã đơn vị của anh/chị.');

      const coordinating = io();
      expect(await task([...submit, '--don-vi', 'ptcn'], coordinating)).toBe(1);
      expect(coordinating.stderr()).toContain('Không chấp nhận: Người nộp thuộc đơn vị "ptcn", không phải đơn vị chủ trì (Văn phòng Sở).');

      // The flag wins over the operator's configured unit.
      const overridden = io({ DONDOC_UNIT: 'vp' });
      expect(await task([...submit, '--don-vi', 'ttud'], overridden)).toBe(1);
      expect(overridden.stderr()).toContain('Không chấp nhận: Người nộp thuộc đơn vị "ttud", không phải đơn vị chủ trì (Văn phòng Sở).');
      expect(await evidence()).toEqual([]);

      const configured = io({ DONDOC_UNIT: 'vp' });
      expect(await task(submit, configured)).toBe(0);
      expect(configured.stdout()).toContain('Đã nhận minh chứng 70/BC-SKHCN cho lần thực hiện chính: Chờ xác nhận.');
      expect(await evidence()).toEqual([expect.objectContaining({ documentNumber: '70/BC-SKHCN', submitter: { unitId: 'vp', name: 'Văn phòng Sở' } })]);
    });
  });

  it('says what to start when no Temporal answers or no database exists, and names an unknown task', async () => {
    const nobody = { ...bufferIo(), env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } };
    expect(await task(['status', 'x/1.1'], nobody)).toBe(2);
    expect(nobody.stderr()).toContain('Không kết nối được Temporal ở 127.0.0.1:1');
    const missing = join(tmpdir(), `khong-co-${process.pid}.sqlite`);
    const noDb = { ...bufferIo(), env: { DONDOC_DB_PATH: missing } };
    expect(await overdue([], noDb)).toBe(2);
    expect(noDb.stderr()).toContain(`Chưa có cơ sở dữ liệu theo dõi ở ${missing}`);
    expect(existsSync(missing)).toBe(false);
    const unknown = io();
    expect(await task(['status', 'khong-co/1.1'], unknown)).toBe(1);
    expect(unknown.stderr()).toContain('Không có nhiệm vụ mã "khong-co/1.1"');
  });
});
