import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';
import ExcelJS from 'exceljs';
import { stateQuery } from '../../workflows/definitions';
import { run as planCommand } from '../../client/commands/plan';
import { bufferIo } from '../support/io';
import { EngineHarness, startEngineHarness } from './support';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness('plan-import-files');
});
afterAll(() => h?.teardown());

const dir = mkdtempSync(join(tmpdir(), 'dondoc-import-files-'));
const units = join(__dirname, '..', '..', 'samples', 'units.json');
const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const cell = (text: string, merge?: 'restart' | 'continue') => new TableCell({ children: [p(text)], ...(merge ? { verticalMerge: merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}) });

async function wordPlan(): Promise<string> {
  const header = ['Stt', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả thực hiện', 'Ghi chú'];
  const table = new Table({
    rows: [
      new TableRow({ tableHeader: true, children: header.map((t) => cell(t)) }),
      new TableRow({ children: [cell('1'), cell('Rà soát quy trình nội bộ'), cell('Văn phòng Sở', 'restart'), cell(''), cell('Quý II năm 2035'), cell('Báo cáo rà soát'), cell('')] }),
      new TableRow({ children: [cell('2'), cell('Công khai danh sách'), cell('', 'continue'), cell(''), cell('Ngày 05 hàng tháng'), cell('Danh sách công khai'), cell('')] }),
    ],
  });
  const children = [p('UBND TỈNH AN GIANG'), p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'), p('Số: 31/KH-SKHCN'), p('An Giang, ngày 05 tháng 03 năm 2035'), p('KẾ HOẠCH'), p('Kiểm soát thủ tục hành chính năm 2035 của Sở Khoa học và Công nghệ'), p(''), p('PHỤ LỤC'), p('1. Thực hiện cơ chế một cửa'), table];
  const path = join(dir, 'ke-hoach-31.docx');
  writeFileSync(path, await Packer.toBuffer(new Document({ sections: [{ children }] })));
  return path;
}

async function workbookWithErrorCell(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const meta = wb.addWorksheet('Kế hoạch');
  [['Số', '32/KH-SKHCN'], ['Tên', 'Kế hoạch thử ô lỗi'], ['Cơ quan ban hành', 'Sở KH&CN'], ['Ngày ban hành', new Date(Date.UTC(2035, 2, 5))], ['Năm', 2035]].forEach(([k, v], i) => {
    meta.getCell(`A${i + 1}`).value = k;
    meta.getCell(`B${i + 1}`).value = v;
  });
  meta.getCell('B4').numFmt = 'dd/mm/yyyy';
  const s = wb.addWorksheet('Phụ lục');
  ['Mục', 'Stt', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả thực hiện', 'Ghi chú'].forEach((t, i) => (s.getRow(1).getCell(i + 1).value = t));
  [[1, 1, 'Báo cáo quý', 'Văn phòng Sở', '', new Date(Date.UTC(2035, 5, 30))], [1, 2, 'Báo cáo năm', 'Văn phòng Sở', '', { error: '#REF!' }]].forEach((values, r) =>
    values.forEach((v, c) => (s.getRow(r + 2).getCell(c + 1).value = v as ExcelJS.CellValue)),
  );
  s.getCell('F2').numFmt = 'dd/mm/yyyy';
  const path = join(dir, 'ke-hoach-32.xlsx');
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

describe('dondoc plan import of the files offices have', () => {
  const io = () => ({ ...bufferIo(), env: { TEMPORAL_ADDRESS: h.temporal.env.address, TASK_QUEUE: h.taskQueue } });

  it('imports the plan from its Word document: one workflow per table row, the merged lead unit on each', async () => {
    const path = await wordPlan();
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const out = io();
      expect(await planCommand(['import', path, '--units', units], out)).toBe(0);
      expect(out.stdout()).toContain('Đã khởi tạo 2, cập nhật 0, không đổi 0');
      const second = (await h.client.workflow.getHandle('31-KH-SKHCN-2035/1.2').query(stateQuery)).state.spec;
      expect(second).toMatchObject({ where: '1.2', content: 'Công khai danh sách', lead: { name: 'Văn phòng Sở' }, deadlineText: 'Ngày 05 hàng tháng' });
      for (const key of ['31-KH-SKHCN-2035/1.1', '31-KH-SKHCN-2035/1.2']) await h.client.workflow.getHandle(key).terminate('kết thúc kiểm thử');
    });
  });

  it('imports a workbook with an error cell, keeping the row and naming the cell', async () => {
    const path = await workbookWithErrorCell();
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const out = io();
      expect(await planCommand(['import', path, '--units', units], out)).toBe(0);
      expect(out.stdout()).toContain('Đã khởi tạo 2, cập nhật 0, không đổi 0');
      expect(out.stdout()).toContain('32-KH-SKHCN-2035/1.2: tệp ke-hoach-32.xlsx (trang "Phụ lục"), dòng 3, cột "Thời gian hoàn thành": ô chứa lỗi #REF!');
      const first = (await h.client.workflow.getHandle('32-KH-SKHCN-2035/1.1').query(stateQuery)).state.spec;
      expect(first.deadlineText).toBe('30/06/2035');
      for (const key of ['32-KH-SKHCN-2035/1.1', '32-KH-SKHCN-2035/1.2']) await h.client.workflow.getHandle(key).terminate('kết thúc kiểm thử');
    });
  });
});
