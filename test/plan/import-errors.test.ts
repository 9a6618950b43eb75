import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { PlanFileError } from '../../activities/plan-files/errors';

const dir = mkdtempSync(join(tmpdir(), 'dondoc-import-'));
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const META = ['# Số: 16/KH-SKHCN', '# Tên: Kế hoạch thử', '# Cơ quan ban hành: Sở thử', '# Ngày ban hành: 05/03/2025', '# Năm: 2025'];
const HEADER = 'Mục,Stt,Nội dung,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian hoàn thành,Kết quả thực hiện,Ghi chú';

describe('reading plan files', () => {
  it('reads a CSV whose headers have no diacritics and whose cells span lines', async () => {
    const csv = [...META, 'MUC,STT,Noi dung,Co quan chu tri,Co quan phoi hop,Thoi gian hoan thanh,Ket qua thuc hien,Ghi chu', '1,1,"Kế hoạch\nkiểm soát",Văn phòng Sở,,Tháng 03/2025,Kế hoạch,', '1,2,Rà soát,Văn phòng Sở,,Quý II năm 2025,Công văn rà soát,'].join('\n');
    const doc = await readPlanFile(write('khong-dau.csv', csv));
    expect(doc.plan).toEqual({ number: '16/KH-SKHCN', title: 'Kế hoạch thử', issuer: 'Sở thử', date: '2025-03-05', year: 2025 });
    expect(doc.rows.map((r) => [r.where, r.content, r.source.row])).toEqual([
      ['1.1', 'Kế hoạch kiểm soát', 7],
      ['1.2', 'Rà soát', 9],
    ]);
  });

  it('names file, row and column of a missing order number', async () => {
    const csv = [...META, HEADER, '1,1,A,Văn phòng Sở,,Tháng 3,KH,', '1,,B,Văn phòng Sở,,Tháng 4,KH,'].join('\n');
    await expect(readPlanFile(write('thieu-stt.csv', csv))).rejects.toThrow(/thieu-stt\.csv, dòng 8, cột "Stt": không được trống/);
  });

  it('names the duplicate row of a repeated section and order', async () => {
    const csv = [...META, HEADER, '1,1,A,Văn phòng Sở,,Tháng 3,KH,', '1,1,B,Văn phòng Sở,,Tháng 4,KH,'].join('\n');
    await expect(readPlanFile(write('trung.csv', csv))).rejects.toThrow(/dòng 8, cột "Stt": mục 1\.1 trùng với dòng 7/);
  });

  it('keeps a row with an empty deadline instead of dropping it', async () => {
    const csv = [...META, HEADER, '10,5,Tiếp tục triển khai,Văn phòng Sở,Các phòng và đơn vị trực thuộc,,,Đã được phân công'].join('\n');
    const doc = await readPlanFile(write('trong.csv', csv));
    expect(doc.rows).toHaveLength(1);
    expect(doc.rows[0].deadline).toBe('');
  });

  it('says which header columns are missing', async () => {
    const csv = [...META, 'Mục,Stt,Nội dung', '1,1,A'].join('\n');
    await expect(readPlanFile(write('thieu-cot.csv', csv))).rejects.toThrow(/thiếu cột "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"/);
  });

  it('says what plan information is missing or wrong', async () => {
    const csv = ['# Số: 16-KH', '# Ngày ban hành: 31/02/2025', HEADER].join('\n');
    const error = (await readPlanFile(write('meta.csv', csv)).then(() => null, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error.message).toMatch(/"Số" phải có dạng số\/KH-cơ quan/);
    expect(error.message).toMatch(/"Ngày ban hành" phải là ngày có thật/);
  });

  it('names the sheet, row and column in an XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const meta = wb.addWorksheet('Ke hoach');
    [['Số', '16/KH-SKHCN'], ['Tên', 'Kế hoạch thử'], ['Cơ quan ban hành', 'Sở thử'], ['Ngày ban hành', '05/03/2025'], ['Năm', 2025]].forEach((r) => meta.addRow(r));
    const sheet = wb.addWorksheet('Phu luc');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['1', '1', 'A', 'Văn phòng Sở', '', 'Tháng 3', 'KH', '']);
    sheet.addRow(['', '2', 'B', 'Văn phòng Sở', '', 'Tháng 4', 'KH', '']);
    const path = write('bang.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(readPlanFile(path)).rejects.toThrow(/bang\.xlsx \(trang "Phu luc"\), dòng 3, cột "Mục"/);
  });

  it('names the JSON row and field', async () => {
    const json = { plan: { number: '16/KH-SKHCN', title: 'T', issuer: 'S', date: '2025-03-05', year: 2025 }, rows: [{ section: '1', order: '1', content: 'A', lead: 'VP', coordinating: '', deadline: ['Quý I'], output: '', note: '' }] };
    await expect(readPlanFile(write('sai.json', JSON.stringify(json)))).rejects.toThrow(/sai\.json \(rows\), dòng 1, cột "Thời gian hoàn thành"/);
  });

  it.each([
    ['a missing file', '/nonexistent/plan.xlsx', /không có tệp/],
    ['an unsupported format', 'plan.odt', /không được hỗ trợ: hãy dùng \.docx, \.xlsx, \.csv hoặc \.json/],
    ['a broken workbook', 'hong.xlsx', /không phải tệp Excel/],
    ['broken JSON', 'hong.json', /JSON không hợp lệ/],
  ])('refuses %s as unreadable', async (_label, name, message) => {
    const path = name.startsWith('/') ? name : write(name, 'not a real file');
    await expect(readPlanFile(path)).rejects.toThrow(message);
  });
});
