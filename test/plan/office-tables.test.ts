import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PageBreak, Paragraph, Table } from 'docx';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { PlanFileError } from '../../activities/plan-files/errors';
import { firstPage, p, tr, wordFile } from './word-tables';

/**
 * Plan tables in the shapes offices use that the sample does not: columns named by role, headers stacked two and
 * three rows deep, tables without Stt, Roman and Arabic group rows, a table split over pages, a formula's text result
 * under a date format.
 */
const dir = mkdtempSync(join(tmpdir(), 'dondoc-office-'));
const head = firstPage({ parent: 'UBND TỈNH ĐỒNG THÁP', agency: 'SỞ NỘI VỤ', number: '12/KH-SNV', placeDate: 'Đồng Tháp, ngày 15 tháng 01 năm 2026', title: ['Cải cách hành chính năm 2026'] });

async function word(name: string, children: (Paragraph | Table)[]): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await wordFile([...head, ...children]));
  return path;
}

const rowsOf = async (path: string) => (await readPlanFile(path)).rows.map((r) => ({ where: r.where, group: r.group, content: r.content, lead: r.lead, coordinating: r.coordinating, deadline: r.deadline, output: r.output }));

/** "Đơn vị thực hiện" across "Chủ trì | Phối hợp" in a second header row; the other headers merged down; no "Ghi chú". */
const unitsOverTwoColumns = [
  tr([{ text: 'STT', merge: 'restart' }, { text: 'Nội dung công việc', merge: 'restart' }, { text: 'Đơn vị thực hiện', span: 2 }, { text: 'Thời gian thực hiện', merge: 'restart' }, { text: 'Sản phẩm', merge: 'restart' }], true),
  tr([{ merge: 'continue' }, { merge: 'continue' }, 'Chủ trì', 'Phối hợp', { merge: 'continue' }, { merge: 'continue' }], true),
];

describe('Word plan tables as offices lay them out', () => {
  it('reads "Đơn vị thực hiện" over "Chủ trì | Phối hợp", "Sản phẩm" without "Ghi chú", Roman and Arabic group rows, no numbered heading', async () => {
    const path = await word('don-vi-thuc-hien.docx', [
      p('PHỤ LỤC', true),
      p('DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026', true),
      new Table({
        rows: [
          ...unitsOverTwoColumns,
          tr(['I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '']),
          tr(['1', 'Rà soát văn bản', '', '', '', '']),
          tr(['1.1', 'Rà soát văn bản quy phạm pháp luật do tỉnh ban hành', 'Sở Tư pháp', 'Các sở, ngành', 'Quý II/2026', 'Báo cáo rà soát']),
          tr(['1.2', 'Công bố danh mục văn bản hết hiệu lực', 'Sở Tư pháp', '', 'Tháng 01/2026', 'Quyết định công bố']),
          tr(['II', { text: 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', span: 5 }]),
          tr(['2', 'Công bố thủ tục hành chính', 'Văn phòng UBND tỉnh', 'Các sở, ngành', 'Thường xuyên', 'Quyết định công bố']),
        ],
      }),
    ]);
    expect(await rowsOf(path)).toEqual([
      { where: '1.1.1', group: '1', content: 'Rà soát văn bản quy phạm pháp luật do tỉnh ban hành', lead: 'Sở Tư pháp', coordinating: 'Các sở, ngành', deadline: 'Quý II/2026', output: 'Báo cáo rà soát' },
      { where: '1.1.2', group: '1', content: 'Công bố danh mục văn bản hết hiệu lực', lead: 'Sở Tư pháp', coordinating: '', deadline: 'Tháng 01/2026', output: 'Quyết định công bố' },
      { where: '1.2', group: 'II', content: 'Công bố thủ tục hành chính', lead: 'Văn phòng UBND tỉnh', coordinating: 'Các sở, ngành', deadline: 'Thường xuyên', output: 'Quyết định công bố' },
    ]);
    expect((await readPlanFile(path)).sections).toEqual([{ id: '1', title: 'DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026' }]);
  });

  it('gives each appendix without a numbered heading a section of its own', async () => {
    const table = (content: string) => new Table({ rows: [...unitsOverTwoColumns, tr(['1', content, 'Sở Nội vụ', '', 'Năm 2026', 'Báo cáo'])] });
    const path = await word('hai-phu-luc.docx', [p('PHỤ LỤC I', true), table('Nhiệm vụ của phụ lục I'), p('PHỤ LỤC II', true), table('Nhiệm vụ của phụ lục II')]);
    const doc = await readPlanFile(path);
    expect(doc.sections).toEqual([{ id: '1', title: 'PHỤ LỤC I' }, { id: '2', title: 'PHỤ LỤC II' }]);
    expect(doc.rows.map((r) => [r.where, r.content])).toEqual([['1.1', 'Nhiệm vụ của phụ lục I'], ['2.1', 'Nhiệm vụ của phụ lục II']]);
  });

  it('reads a header three rows deep and a table without Stt, numbering its tasks in order, across a page split into two tables', async () => {
    const header = [
      tr([{ text: 'Nhiệm vụ', merge: 'restart' }, { text: 'Tổ chức thực hiện', span: 3 }, { text: 'Ghi chú', merge: 'restart' }]),
      tr([{ merge: 'continue' }, { text: 'Cơ quan', span: 2 }, { text: 'Thời hạn', merge: 'restart' }, { merge: 'continue' }]),
      tr([{ merge: 'continue' }, 'chủ trì', 'phối hợp', { merge: 'continue' }, { merge: 'continue' }]),
    ];
    const path = await word('khong-stt.docx', [
      p('1. Nhiệm vụ trọng tâm', true),
      new Table({ rows: [...header, tr(['Ban hành kế hoạch kiểm tra', 'Sở Nội vụ', '', 'Tháng 02/2026', '']), tr(['Kiểm tra công vụ', 'Sở Nội vụ', 'Thanh tra tỉnh', 'Quý III/2026', 'Đột xuất'])] }),
      new Paragraph({ children: [new PageBreak()] }),
      new Table({ rows: [tr(['Báo cáo kết quả kiểm tra', 'Sở Nội vụ', '', 'Tháng 12/2026', ''])] }),
    ]);
    expect((await rowsOf(path)).map((r) => [r.where, r.content, r.lead, r.coordinating, r.deadline])).toEqual([
      ['1.1', 'Ban hành kế hoạch kiểm tra', 'Sở Nội vụ', '', 'Tháng 02/2026'],
      ['1.2', 'Kiểm tra công vụ', 'Sở Nội vụ', 'Thanh tra tỉnh', 'Quý III/2026'],
      ['1.3', 'Báo cáo kết quả kiểm tra', 'Sở Nội vụ', '', 'Tháng 12/2026'],
    ]);
  });

  it('joins a row cut at a page break back to its task, whether or not the second table repeats the header', async () => {
    const path = await word('dong-bi-cat.docx', [
      p('1. Nhiệm vụ', true),
      new Table({ rows: [...unitsOverTwoColumns, tr(['1', 'Xây dựng cơ sở dữ liệu cán bộ, công chức', 'Sở Nội vụ', 'Các sở,', 'Quý IV/2026', 'Cơ sở dữ liệu'])] }),
      new Paragraph({ children: [new PageBreak()] }),
      new Table({ rows: [tr(['', 'của tỉnh', '', 'ngành', '', '']), tr(['2', 'Tập huấn sử dụng', 'Sở Nội vụ', '', 'Tháng 11/2026', 'Lớp tập huấn'])] }),
      new Paragraph({ children: [new PageBreak()] }),
      new Table({ rows: [...unitsOverTwoColumns, tr(['', 'cho cán bộ cấp xã', '', '', '', '']), tr(['3', 'Sơ kết', 'Sở Nội vụ', '', 'Tháng 12/2026', 'Báo cáo'])] }),
    ]);
    expect((await rowsOf(path)).map((r) => [r.where, r.content, r.coordinating])).toEqual([
      ['1.1', 'Xây dựng cơ sở dữ liệu cán bộ, công chức của tỉnh', 'Các sở, ngành'],
      ['1.2', 'Tập huấn sử dụng cho cán bộ cấp xã', ''],
      ['1.3', 'Sơ kết', ''],
    ]);
  });

  it('reads a start column beside the deadline as no deadline, and passes over a schedule table with no lead column', async () => {
    const path = await word('bat-dau.docx', [
      p('Lịch trình dự kiến:'),
      new Table({ rows: [tr(['Nội dung', 'Thời gian', 'Địa điểm']), tr(['Hội nghị triển khai', 'Tháng 01/2026', 'Hội trường Sở'])] }),
      p('1. Nhiệm vụ', true),
      new Table({ rows: [tr(['STT', 'Nội dung', 'Đơn vị chủ trì', 'Thời gian bắt đầu', 'Thời gian hoàn thành']), tr(['1', 'Số hoá hồ sơ', 'Văn phòng Sở', 'Tháng 02/2026', 'Tháng 6/2026'])] }),
    ]);
    expect((await rowsOf(path)).map((r) => [r.where, r.content, r.deadline])).toEqual([['1.1', 'Số hoá hồ sơ', 'Tháng 6/2026']]);
  });

  it('refuses a task table with no lead or time column, naming what it has', async () => {
    const path = await word('thieu-cot-vai-tro.docx', [p('1. Nhiệm vụ'), new Table({ rows: [tr(['TT', 'Tên nhiệm vụ', 'Sản phẩm']), tr(['1', 'A', 'B'])] })]);
    await expect(readPlanFile(path)).rejects.toThrow(new PlanFileError('thieu-cot-vai-tro.docx', 'bảng 1 có cột "Stt" nhưng thiếu cột "Cơ quan chủ trì", "Thời gian hoàn thành". Tiêu đề đang có: "TT", "Tên nhiệm vụ", "Sản phẩm". Hãy đặt tên cột như phụ lục mẫu (Stt, Nội dung, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian hoàn thành, Kết quả thực hiện, Ghi chú).').message);
  });
});

describe('Excel plan tables as offices lay them out', () => {
  async function workbook(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const meta = wb.addWorksheet('Kế hoạch');
    [['Số', '12/KH-SNV'], ['Tên', 'Kế hoạch cải cách hành chính năm 2026'], ['Cơ quan ban hành', 'Sở Nội vụ'], ['Ngày ban hành', '15/01/2026'], ['Năm', 2026]].forEach((r) => meta.addRow(r));
    const s = wb.addWorksheet('Phụ lục');
    s.getCell('A1').value = 'DANH MỤC NHIỆM VỤ';
    s.mergeCells('A1:F1');
    Object.entries({ A2: 'STT', B2: 'Nội dung công việc', C2: 'Đơn vị thực hiện', E2: 'Thời gian thực hiện', F2: 'Sản phẩm', C3: 'Chủ trì', D3: 'Phối hợp' }).forEach(([a, v]) => (s.getCell(a).value = v));
    ['A2:A3', 'B2:B3', 'C2:D2', 'E2:E3', 'F2:F3'].forEach((range) => s.mergeCells(range));
    s.getRow(4).values = ['I', 'CẢI CÁCH THỂ CHẾ'];
    s.getRow(5).values = ['1', 'Rà soát văn bản quy phạm pháp luật', 'Sở Tư pháp', 'Các sở, ngành', null, 'Báo cáo'];
    // A formula whose text result sits in a cell formatted as a date: exceljs drops the cached "str" result.
    s.getCell('E5').value = { formula: 'IF(B5<>"","Quý II/2026","")', result: 'Quý II/2026' } as ExcelJS.CellFormulaValue;
    s.getCell('E5').numFmt = 'dd/mm/yyyy';
    s.getRow(6).values = ['2', 'Kiểm tra công tác cải cách hành chính', 'Sở Nội vụ', '', null, 'Kết luận kiểm tra'];
    s.getCell('E6').value = new Date(Date.UTC(2026, 8, 30));
    s.getCell('E6').numFmt = 'dd/mm/yyyy';
    s.getRow(7).values = ['3', 'Đánh giá chỉ số cải cách hành chính', 'Sở Nội vụ', '', null, 'Báo cáo'];
    s.getCell('E7').value = { formula: 'VLOOKUP(B7,Z:Z,2,0)', result: { error: '#N/A' } } as ExcelJS.CellFormulaValue;
    s.getCell('E7').numFmt = 'dd/mm/yyyy';
    const path = join(dir, 'don-vi-thuc-hien.xlsx');
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
    return path;
  }

  it('reads a stacked, merged header without Mục, a Roman group row, and a formula text result under a date format as text', async () => {
    const doc = await readPlanFile(await workbook());
    expect(doc.rows.map((r) => [r.where, r.group, r.content, r.lead, r.coordinating, r.deadline, r.output])).toEqual([
      ['1.1', 'I', 'Rà soát văn bản quy phạm pháp luật', 'Sở Tư pháp', 'Các sở, ngành', 'Quý II/2026', 'Báo cáo'],
      ['1.2', 'I', 'Kiểm tra công tác cải cách hành chính', 'Sở Nội vụ', '', '30/09/2026', 'Kết luận kiểm tra'],
      ['1.3', 'I', 'Đánh giá chỉ số cải cách hành chính', 'Sở Nội vụ', '', '', 'Báo cáo'],
    ]);
    // The error under a date format keeps its own code, read from the sheet's XML.
    expect(doc.rows[0].readProblems).toBeUndefined();
    expect(doc.rows[2].readProblems).toEqual([{ column: 'Thời gian hoàn thành', message: expect.stringContaining('công thức =VLOOKUP(B7,Z:Z,2,0) cho lỗi #N/A (không tìm thấy giá trị)') }]);
  });
});
