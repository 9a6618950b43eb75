import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../../client/commands/plan';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { bufferIo } from '../support/io';

/**
 * Workbooks built cell by cell as Excel stores them (not through the project's writer): typed dates, date-formatted
 * serials, formulas with and without a cached result, error cells, rich text and merged ranges.
 */
const dir = mkdtempSync(join(tmpdir(), 'dondoc-excel-'));
const HEADER = ['Mục', 'Stt', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả thực hiện', 'Ghi chú'];

function metaSheet(wb: ExcelJS.Workbook): void {
  const meta = wb.addWorksheet('Kế hoạch');
  meta.getCell('A1').value = 'Số';
  meta.getCell('B1').value = '16/KH-SKHCN';
  meta.getCell('A2').value = 'Tên';
  meta.getCell('B2').value = { richText: [{ text: 'Kế hoạch ', font: { bold: true } }, { text: 'kiểm soát TTHC' }] };
  meta.getCell('A3').value = 'Cơ quan ban hành';
  meta.getCell('B3').value = 'Sở Khoa học và Công nghệ';
  meta.getCell('A4').value = 'Ngày ban hành';
  meta.getCell('B4').value = new Date(Date.UTC(2025, 2, 5));
  meta.getCell('B4').numFmt = 'dd/mm/yyyy';
  meta.getCell('A5').value = 'Năm';
  meta.getCell('B5').value = { formula: 'YEAR(B4)', result: 2025 };
}

async function excelWorkbook(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  metaSheet(wb);
  const s = wb.addWorksheet('Phụ lục');
  HEADER.forEach((h, i) => (s.getRow(1).getCell(i + 1).value = h));
  const put = (row: number, cells: Record<string, ExcelJS.CellValue>) => Object.entries(cells).forEach(([col, v]) => (s.getCell(`${col}${row}`).value = v));
  // A typed date cell, as Excel stores a date typed into a cell.
  put(2, { A: 1, B: 1, C: 'Kế hoạch kiểm soát TTHC', D: 'Văn phòng Sở', F: new Date(Date.UTC(2025, 2, 31)), G: 'Kế hoạch' });
  s.getCell('F2').numFmt = 'dd/mm/yyyy';
  // A bare serial with a custom Vietnamese date format.
  put(3, { A: 1, B: 2, C: { richText: [{ text: 'Rà soát ', font: { italic: true } }, { text: 'quy trình nội bộ' }] }, F: 45838, G: 'Báo cáo' });
  s.getCell('F3').numFmt = '[$-42A]dd/mm/yyyy;@';
  // A serial left in General format: still a date in the deadline column.
  put(4, { A: 1, B: 3, C: 'Tập huấn', F: 45930, G: 'Lớp tập huấn' });
  // A formula with its cached result (a date), and one Excel never computed.
  put(5, { A: 1, B: 4, C: 'Kiểm tra', D: 'Văn phòng Sở', F: { formula: 'F2+30', result: new Date(Date.UTC(2025, 3, 30)) }, G: 'Biên bản' });
  s.getCell('F5').numFmt = 'dd/mm/yyyy';
  put(6, { A: 1, B: 5, C: 'Tổng hợp', D: 'Văn phòng Sở', F: 'Quý III năm 2025', G: { formula: 'CONCAT("Báo cáo ", B6)' } as ExcelJS.CellValue });
  // An error cell in the deadline column, and a formula whose cached result is an error under a date format.
  put(7, { A: 1, B: 6, C: 'Công khai', D: 'Văn phòng Sở', F: { error: '#REF!' } as ExcelJS.CellValue, G: 'Danh sách' });
  put(8, { A: 1, B: 7, C: 'Số hoá', D: 'Văn phòng Sở', F: { formula: 'VLOOKUP(C8,Z:Z,2,0)', result: { error: '#N/A' } } as ExcelJS.CellValue, G: 'Kho dữ liệu' });
  s.getCell('F8').numFmt = 'dd/mm/yyyy';
  s.mergeCells('D2:D4'); // one lead unit for three tasks
  const path = join(dir, 'excel-that.xlsx');
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

describe('reading cells as Excel stores them', () => {
  let path: string;
  beforeAll(async () => {
    path = await excelWorkbook();
  });

  it('reads dates, date serials, formula results, rich text and vertically merged units', async () => {
    const doc = await readPlanFile(path);
    expect(doc.plan).toEqual({ number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC', issuer: 'Sở Khoa học và Công nghệ', date: '2025-03-05', year: 2025 });
    const row = (where: string) => doc.rows.find((r) => r.where === where)!;
    expect(row('1.1')).toMatchObject({ deadline: '31/03/2025', lead: 'Văn phòng Sở' });
    expect(row('1.2')).toMatchObject({ deadline: '30/06/2025', lead: 'Văn phòng Sở', content: 'Rà soát quy trình nội bộ' });
    expect(row('1.3')).toMatchObject({ deadline: '30/09/2025', lead: 'Văn phòng Sở' });
    expect(row('1.4')).toMatchObject({ deadline: '30/04/2025' });
    expect(row('1.4').readProblems).toBeUndefined();
  });

  it('keeps a row whose formula has no cached result, with a problem naming sheet, row and column', async () => {
    const row = (await readPlanFile(path)).rows.find((r) => r.where === '1.5')!;
    expect(row.output).toBe('');
    expect(row.deadline).toBe('Quý III năm 2025');
    expect(row.readProblems).toEqual([
      {
        column: 'Kết quả thực hiện',
        message: 'tệp excel-that.xlsx (trang "Phụ lục"), dòng 6, cột "Kết quả thực hiện": công thức =CONCAT("Báo cáo ", B6) chưa có kết quả lưu trong tệp: hãy mở tệp bằng Excel, để Excel tính rồi lưu lại, hoặc thay công thức bằng giá trị.',
      },
    ]);
  });

  it('makes an error cell a problem of its row, also under a date format', async () => {
    const doc = await readPlanFile(path);
    const ref = doc.rows.find((r) => r.where === '1.6')!;
    expect(ref.deadline).toBe('');
    expect(ref.readProblems![0].message).toBe(
      'tệp excel-that.xlsx (trang "Phụ lục"), dòng 7, cột "Thời gian hoàn thành": ô chứa lỗi #REF! (tham chiếu tới ô đã bị xoá): hãy sửa ô này trong Excel (hoặc gõ thẳng giá trị) rồi lưu và nhập lại.',
    );
    expect(doc.rows.find((r) => r.where === '1.7')!.readProblems![0].message).toMatch(/dòng 8, cột "Thời gian hoàn thành": công thức =VLOOKUP\(C8,Z:Z,2,0\) cho lỗi/);
  });

  it('previews the workbook: exit 0, the dates and results read, the error cells as row problems', async () => {
    const io = { ...bufferIo(), cwd: dir };
    expect(await run(['preview', 'excel-that.xlsx', '--json'], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as { rows: { where: string; due: string[]; problems: { code: string; message: string }[] }[]; summary: { byProblem: Record<string, number> } };
    const row = (where: string) => json.rows.find((r) => r.where === where)!;
    expect(row('1.1').due).toEqual(['2025-03-31']);
    expect(row('1.2').due).toEqual(['2025-06-30']);
    expect(row('1.3').due).toEqual(['2025-09-30']);
    expect(row('1.4').due).toEqual(['2025-04-30']);
    expect(row('1.6').problems.map((p) => p.code)).toEqual(['cell-unreadable']);
    expect(row('1.6').problems[0].message).toMatch(/dòng 7, cột "Thời gian hoàn thành": ô chứa lỗi #REF!/);
    expect(row('1.7').problems.map((p) => p.code)).toEqual(['cell-unreadable']);
    expect(json.summary.byProblem['cell-unreadable']).toBe(3);
  });

  it('prints the table with the error cell in the row, not a crash', async () => {
    const io = { ...bufferIo(), cwd: dir };
    expect(await run(['preview', 'excel-that.xlsx'], io)).toBe(0);
    expect(io.stdout()).toMatch(/Cần xem lại \d+ dòng \(ô không đọc được 3/);
    expect(io.stdout()).toContain('31/03/2025');
  });
});

describe('merged title rows in a sheet', () => {
  it('reads a title merged across the table as a heading, not a task', async () => {
    const wb = new ExcelJS.Workbook();
    metaSheet(wb);
    const s = wb.addWorksheet('Phụ lục');
    HEADER.forEach((h, i) => (s.getRow(1).getCell(i + 1).value = h));
    s.getCell('A2').value = '10. Các nội dung khác về kiểm soát thủ tục hành chính';
    s.mergeCells('A2:H2');
    s.getCell('A3').value = 'I. Báo cáo về tình hình kiểm soát TTHC';
    s.mergeCells('A3:H3');
    ['', 1, 'Báo cáo quý', 'Văn phòng Sở', '', 'Hàng quý', 'Báo cáo', ''].forEach((v, i) => (s.getRow(4).getCell(i + 1).value = v));
    ['', 2, 'Báo cáo tháng', 'Văn phòng Sở', '', 'Hàng tháng', 'Báo cáo', ''].forEach((v, i) => (s.getRow(5).getCell(i + 1).value = v));
    const path = join(dir, 'tieu-de-gop.xlsx');
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    const doc = await readPlanFile(path);
    expect(doc.sections).toEqual([{ id: '10', title: 'Các nội dung khác về kiểm soát thủ tục hành chính' }]);
    expect(doc.rows.map((r) => [r.where, r.group, r.groupTitle, r.content])).toEqual([
      ['10.1', 'I', 'Báo cáo về tình hình kiểm soát TTHC', 'Báo cáo quý'],
      ['10.2', 'I', 'Báo cáo về tình hình kiểm soát TTHC', 'Báo cáo tháng'],
    ]);
  });
});
