import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, PageBreak, Paragraph, Table } from 'docx';
import { run } from '../../client/commands/plan';
import { readPlanFile } from '../../activities/plan-files/read-plan';
import { PlanFileError } from '../../activities/plan-files/errors';
import { readDocxBlocks } from '../../activities/plan-files/docx-blocks';
import { bufferIo } from '../support/io';
import { broken, bullet, numbered, p, tr, wordFile } from './word-tables';

const root = join(__dirname, '..', '..');
const samples = join(root, 'samples');
const dir = mkdtempSync(join(tmpdir(), 'dondoc-docx-'));

describe('the sample plan as the department issued it (Word)', () => {
  it('reads the same plan, sections and rows from the DOCX as from the JSON and the XLSX, field by field', async () => {
    const [docx, json, xlsx] = await Promise.all(['docx', 'json', 'xlsx'].map((ext) => readPlanFile(join(samples, `ke-hoach-16-KH-SKHCN-2025.${ext}`))));
    expect(docx.plan).toEqual(json.plan);
    expect(docx.rows).toHaveLength(112);
    const strip = (d: typeof json) => d.rows.map(({ source: _source, ...row }) => row);
    expect(strip(docx)).toEqual(strip(json));
    expect(strip(docx)).toEqual(strip(xlsx));
    // Sections with rows carry the ids of the transcription; "9" and the table-less "9.4" are headings of the document.
    const withRows = new Set(json.rows.map((r) => r.section));
    expect(docx.sections.filter((s) => withRows.has(s.id)).map((s) => s.id)).toEqual(json.sections.filter((s) => withRows.has(s.id)).map((s) => s.id));
    expect(docx.sections.find((s) => s.id === '3')).toEqual(json.sections.find((s) => s.id === '3'));
    expect(docx.rows.find((r) => r.where === '1.1')!.source).toEqual({ file: 'ke-hoach-16-KH-SKHCN-2025.docx (bảng 3)', row: 2 });
  });

  it('sets section 9 as the seed does: indicator tables with target, unit and evaluating body in their own columns', async () => {
    const blocks = await readDocxBlocks('mau.docx', readFileSync(join(samples, 'ke-hoach-16-KH-SKHCN-2025.docx')));
    const headers = blocks.flatMap((b) => (b.kind === 'table' ? [b.rows[0].cells.map((c) => c.text.replace(/\n/g, ' '))] : []));
    expect(headers).toContainEqual(['Stt', 'Chỉ tiêu', 'Đơn vị', 'Chỉ tiêu năm 2025', 'Cơ quan chủ trì thực hiện', 'Cơ quan phối hợp', 'Cơ quan chủ trì đánh giá']);
    const doc = await readPlanFile(join(samples, 'ke-hoach-16-KH-SKHCN-2025.docx'));
    expect(doc.rows.find((r) => r.where === '9.2.2')).toMatchObject({ deadline: '', output: 'Chỉ tiêu năm 2025: Tối thiểu 50%', note: 'Cơ quan chủ trì đánh giá: Văn phòng UBND tỉnh', group: 'II' });
  });

  it('previews the DOCX through the CLI like the XLSX', async () => {
    const io = { ...bufferIo(), cwd: root };
    expect(await run(['preview', 'samples/ke-hoach-16-KH-SKHCN-2025.docx', '--units', 'samples/units.json', '--json'], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as { plan: { number: string }; rows: { where: string; owner: string; due: string[]; effectiveDue: string[] }[] };
    expect(json.plan.number).toBe('16/KH-SKHCN');
    expect(json.rows).toHaveLength(112);
    expect(json.rows.find((r) => r.where === '3.4')).toMatchObject({ owner: 'Văn phòng Sở', due: expect.arrayContaining(['2025-03-05']) });
    expect(json.rows.find((r) => r.where === '5.2')).toMatchObject({ due: ['2025-03-29'], effectiveDue: ['2025-03-31'] });
  });
});

/* A hand-shaped plan carrying each hard case of real appendices. */

/** Two header rows: "Stt", "Stt2", "Nội dung" merged down; "Cơ quan" across two columns; "Thời gian" / "hoàn thành" on two rows. */
const twoRowHeader = (repeat: boolean) => [
  tr([{ text: 'Stt', merge: 'restart' }, { text: 'Stt2', merge: 'restart' }, { text: 'Nội dung', merge: 'restart' }, { text: 'Cơ quan', span: 2 }, 'Thời gian', { text: 'Kết quả thực hiện', merge: 'restart' }, { text: 'Ghi chú', merge: 'restart' }], repeat),
  tr([{ merge: 'continue' }, { merge: 'continue' }, { merge: 'continue' }, 'chủ trì', 'phối hợp', 'hoàn thành', { merge: 'continue' }, { merge: 'continue' }], repeat),
];

async function handShapedPlan(): Promise<string> {
  const firstTable = new Table({
    rows: [
      ...twoRowHeader(true),
      tr(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)']),
      tr([{ text: 'I. Xây dựng văn bản chỉ đạo', span: 8 }]),
      tr(['1', '1', [broken('Xây dựng Kế hoạch cải cách', 'hành chính năm 2026')], { text: 'Văn phòng Sở', merge: 'restart' }, 'Các phòng thuộc Sở', [p('Quý I'), p('năm 2026')], 'Kế hoạch', [bullet('Trình UBND thành phố'), bullet('Gửi các phòng')]]),
      tr(['1.1', '2', 'Lấy ý kiến dự thảo kế hoạch', { merge: 'continue' }, '', 'Trước ngày 15/02/2026', 'Công văn', '']),
      // A header repeated by hand where the page breaks, inside the same table.
      ...twoRowHeader(false),
      tr(['2', '3', 'Ban hành quy chế phối hợp', { merge: 'continue' }, 'Thanh tra Sở', 'Tháng 3/2026', 'Quy chế', [numbered('Dự thảo'), numbered('Lấy ý kiến')]]),
      tr(['2.1', '4', 'Tập huấn quy chế', { merge: 'continue' }, '', 'Tháng 4/2026', 'Lớp tập huấn', '']),
      tr(['II', { text: 'Kiểm tra cải cách hành chính', span: 7 }]),
      tr(['3', '1', 'Kiểm tra tại các phòng', 'Thanh tra Sở', 'Văn phòng Sở', 'Quý II năm 2026', 'Báo cáo kiểm tra', '']),
    ],
  });
  // The same table continued after a page break, as a second table repeating the header (marked to repeat).
  const continued = new Table({ rows: [...twoRowHeader(true), tr(['4', '2', 'Tổng hợp kết quả kiểm tra', 'Thanh tra Sở', '', 'Tháng 11/2026', 'Báo cáo', ''])] });
  const indicators = new Table({
    rows: [
      tr(['STT', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', [broken('Thời gian', 'hoàn thành')], 'Kết quả thực hiện', 'Ghi chú'], true),
      tr([{ text: '2.1. Chỉ tiêu giao tại Nghị quyết số 01/NQ-CP', span: 7 }]),
      tr(['1', 'Tỷ lệ hồ sơ trực tuyến', 'Văn phòng Sở', '', '', 'Chỉ tiêu năm 2026: 80%', '']),
      tr([{ text: '2.2. Chỉ tiêu giao tại Nghị quyết số 02/NQ-CP', span: 7 }]),
      tr(['I', 'Nâng cao chất lượng phục vụ', '', '', '', '', '']),
      tr(['1', 'Mức độ hài lòng của người dân', 'Văn phòng Sở', 'Các phòng thuộc Sở', 'Cuối năm 2026', 'Chỉ tiêu năm 2026: 90%', '']),
    ],
  });
  const bytes = await wordFile([
          p('UBND THÀNH PHỐ CẦN THƠ'),
          p('SỞ NỘI VỤ', true),
          p('Số: 45/KH-SNV'),
          p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', true),
          p('Độc lập - Tự do - Hạnh phúc', true),
          p('Cần Thơ, ngày 12 tháng 01 năm 2026'),
          p('KẾ HOẠCH', true),
          p('Cải cách hành chính năm 2026', true),
          p('của Sở Nội vụ', true),
          p(''),
          p('1. Mục đích: nâng cao chất lượng phục vụ.'),
          new Paragraph({ children: [new PageBreak()] }),
          p('PHỤ LỤC', true),
          p('1. Công tác chỉ đạo, điều hành', true),
          firstTable,
          new Paragraph({ children: [new PageBreak()] }),
          continued,
          p('2. Chỉ tiêu cải cách hành chính', true),
          indicators,
        ]);
  const path = join(dir, 'ke-hoach-45-KH-SNV.docx');
  writeFileSync(path, bytes);
  return path;
}

describe('a plan as offices write it in Word', () => {
  let path: string;
  beforeAll(async () => {
    path = await handShapedPlan();
  });

  it('reads the header from the first page', async () => {
    const doc = await readPlanFile(path);
    expect(doc.plan).toEqual({ number: '45/KH-SNV', title: 'Kế hoạch Cải cách hành chính năm 2026 của Sở Nội vụ', issuer: 'Sở Nội vụ thành phố Cần Thơ', date: '2026-01-12', year: 2026 });
  });

  it('reads every task: two-row headers, merged units, title rows, repeated headers, continued tables, line breaks and bullets', async () => {
    const doc = await readPlanFile(path);
    expect(doc.rows.map((r) => ({ where: r.where, group: r.group, groupTitle: r.groupTitle, order2: r.order2, content: r.content, lead: r.lead, coordinating: r.coordinating, deadline: r.deadline, note: r.note }))).toEqual([
      { where: '1.1', group: 'I', groupTitle: 'Xây dựng văn bản chỉ đạo', order2: '1', content: 'Xây dựng Kế hoạch cải cách hành chính năm 2026', lead: 'Văn phòng Sở', coordinating: 'Các phòng thuộc Sở', deadline: 'Quý I năm 2026', note: '- Trình UBND thành phố - Gửi các phòng' },
      { where: '1.1.1', group: 'I', groupTitle: 'Xây dựng văn bản chỉ đạo', order2: '2', content: 'Lấy ý kiến dự thảo kế hoạch', lead: 'Văn phòng Sở', coordinating: '', deadline: 'Trước ngày 15/02/2026', note: '' },
      { where: '1.2', group: 'I', groupTitle: 'Xây dựng văn bản chỉ đạo', order2: '3', content: 'Ban hành quy chế phối hợp', lead: 'Văn phòng Sở', coordinating: 'Thanh tra Sở', deadline: 'Tháng 3/2026', note: '1) Dự thảo 2) Lấy ý kiến' },
      { where: '1.2.1', group: 'I', groupTitle: 'Xây dựng văn bản chỉ đạo', order2: '4', content: 'Tập huấn quy chế', lead: 'Văn phòng Sở', coordinating: '', deadline: 'Tháng 4/2026', note: '' },
      { where: '1.3', group: 'II', groupTitle: 'Kiểm tra cải cách hành chính', order2: '1', content: 'Kiểm tra tại các phòng', lead: 'Thanh tra Sở', coordinating: 'Văn phòng Sở', deadline: 'Quý II năm 2026', note: '' },
      { where: '1.4', group: 'II', groupTitle: 'Kiểm tra cải cách hành chính', order2: '2', content: 'Tổng hợp kết quả kiểm tra', lead: 'Thanh tra Sở', coordinating: '', deadline: 'Tháng 11/2026', note: '' },
      { where: '2.1.1', group: undefined, groupTitle: undefined, order2: undefined, content: 'Tỷ lệ hồ sơ trực tuyến', lead: 'Văn phòng Sở', coordinating: '', deadline: '', note: '' },
      { where: '2.2.1', group: 'I', groupTitle: 'Nâng cao chất lượng phục vụ', order2: undefined, content: 'Mức độ hài lòng của người dân', lead: 'Văn phòng Sở', coordinating: 'Các phòng thuộc Sở', deadline: 'Cuối năm 2026', note: '' },
    ]);
    expect(doc.sections.map((s) => s.id)).toEqual(['1', '2', '2.1', '2.2']);
    expect(doc.rows.map((r) => r.source)).toEqual([
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 1)', row: 5 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 1)', row: 6 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 1)', row: 9 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 1)', row: 10 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 1)', row: 12 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 2)', row: 3 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 3)', row: 3 },
      { file: 'ke-hoach-45-KH-SNV.docx (bảng 3)', row: 6 },
    ]);
  });

  it('previews it through the CLI', async () => {
    const io = { ...bufferIo(), cwd: dir };
    expect(await run(['preview', 'ke-hoach-45-KH-SNV.docx'], io)).toBe(0);
    expect(io.stdout()).toContain('Số 45/KH-SNV ngày 12/01/2026 — Sở Nội vụ thành phố Cần Thơ');
    expect(io.stdout()).toMatch(/Tổng cộng 8 dòng/);
  });
});

describe('errors in a Word plan name the table, the row and the column', () => {
  const write = async (name: string, children: (Paragraph | Table)[]) => {
    const path = join(dir, name);
    writeFileSync(path, await Packer.toBuffer(new Document({ sections: [{ children }] })));
    return path;
  };
  const header = [p('UBND TỈNH AN GIANG'), p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'), p('Số: 16/KH-SKHCN'), p('An Giang, ngày 05 tháng 03 năm 2025'), p('KẾ HOẠCH'), p('Kiểm soát thủ tục hành chính năm 2025'), p(''), p('PHỤ LỤC')];
  const columns = ['Stt', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả thực hiện', 'Ghi chú'];

  it('names the table, row and column of an empty order number', async () => {
    const path = await write('thieu-stt.docx', [...header, p('1. Nhiệm vụ'), new Table({ rows: [tr(columns), tr(['1', 'A', 'Văn phòng Sở', '', 'Tháng 3/2025', 'KH', '']), tr(['', 'B', 'Văn phòng Sở', '', 'Tháng 4/2025', 'KH', ''])] })]);
    await expect(readPlanFile(path)).rejects.toThrow('tệp thieu-stt.docx (bảng 1), dòng 3, cột "Stt": không được trống: ghi số thứ tự (Stt)');
  });

  it('names the table and the missing columns', async () => {
    const path = await write('thieu-cot.docx', [...header, p('1. Nhiệm vụ'), new Table({ rows: [tr(['Stt', 'Nội dung', 'Cơ quan phối hợp', 'Kết quả thực hiện']), tr(['1', 'A', 'Văn phòng Sở', 'KH'])] })]);
    await expect(readPlanFile(path)).rejects.toThrow('Không đọc được tệp thieu-cot.docx: bảng 1 có cột "Stt" nhưng thiếu cột "Cơ quan chủ trì", "Thời gian hoàn thành".');
  });

  it('reads a table with no numbered heading above it as a section of its own, titled by the line above it', async () => {
    const path = await write('khong-muc.docx', [...header, new Table({ rows: [tr(columns), tr(['1', 'A', 'Văn phòng Sở', '', 'Tháng 3/2025', 'KH', ''])] })]);
    const doc = await readPlanFile(path);
    expect(doc.sections).toEqual([{ id: '1', title: 'PHỤ LỤC' }]);
    expect(doc.rows.map((r) => [r.where, r.content, r.lead])).toEqual([['1.1', 'A', 'Văn phòng Sở']]);
  });

  it('says what the first page lacks', async () => {
    const path = await write('khong-so.docx', [p('KẾ HOẠCH'), p('Kiểm soát thủ tục hành chính năm 2025'), p(''), p('1. Nhiệm vụ'), new Table({ rows: [tr(columns), tr(['1', 'A', 'Văn phòng Sở', '', 'Tháng 3/2025', 'KH', ''])] })]);
    const error = (await readPlanFile(path).then(() => null, (e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error.message).toMatch(/"Số" .*Trang đầu của văn bản cần có dòng "Số: 16\/KH-SKHCN"/s);
  });

  it('says a document without a task table has none', async () => {
    const path = await write('khong-bang.docx', [...header, p('1. Nhiệm vụ')]);
    await expect(readPlanFile(path)).rejects.toThrow(/khong-bang\.docx: không tìm thấy bảng nhiệm vụ nào/);
  });

  it('refuses a file that is not a Word document, and an empty one', async () => {
    writeFileSync(join(dir, 'gia.docx'), 'không phải tệp nén');
    await expect(readPlanFile(join(dir, 'gia.docx'))).rejects.toThrow(/gia\.docx: không phải tệp Word \.docx hợp lệ/);
    writeFileSync(join(dir, 'rong.docx'), '');
    await expect(readPlanFile(join(dir, 'rong.docx'))).rejects.toThrow(/rong\.docx: tệp trống \(0 byte\)/);
  });
});
