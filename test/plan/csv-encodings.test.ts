import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { readPlanFile } from '../../activities/plan-files/read-plan';

const dir = mkdtempSync(join(tmpdir(), 'dondoc-csv-'));
const write = (name: string, content: Buffer | string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const META = ['# Số: 16/KH-SKHCN', '# Tên: Kế hoạch kiểm soát thủ tục hành chính', '# Cơ quan ban hành: Sở Khoa học và Công nghệ', '# Ngày ban hành: 05/03/2025', '# Năm: 2025'];
const HEADER = ['Mục', 'Stt', 'Nội dung', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành', 'Kết quả thực hiện', 'Ghi chú'];
const ROWS = [
  ['1', '1', 'Rà soát, đánh giá thủ tục hành chính', 'Văn phòng Sở', 'Các phòng và đơn vị trực thuộc', 'Quý II năm 2025', 'Báo cáo; kiến nghị', ''],
  ['1', '2', 'Kế hoạch "Phát động thi đua"', 'Văn phòng Sở', '', 'Tháng 03/2025', 'Kế hoạch', 'Ghi chú, có dấu phẩy'],
];

function csv(separator: string): string {
  const cell = (v: string) => (v.includes(separator) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
  return [...META, HEADER.join(separator), ...ROWS.map((r) => r.map(cell).join(separator))].join('\r\n');
}

/** What Windows-1258 stores: vowels with their shape marks precomposed (ê, ơ, ư, ă, â, ô), tones as combining marks. */
function windows1258(text: string): Buffer {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const split = [...text.normalize('NFC')].map((ch) => {
    const nfd = ch.normalize('NFD');
    const tones = nfd.match(TONES)?.join('') ?? '';
    return nfd.replace(TONES, '').normalize('NFC') + tones;
  });
  return iconv.encode(split.join(''), 'windows-1258');
}

const EXPECTED = ROWS.map((r) => ({ where: `${r[0]}.${r[1]}`, content: r[2], coordinating: r[4], deadline: r[5], output: r[6], note: r[7] }));

describe('CSV as Excel and Notepad save it', () => {
  it.each([
    ['UTF-8 with ",", no BOM', () => Buffer.from(csv(','), 'utf8')],
    ['UTF-8 with ";" and a BOM (Excel "CSV UTF-8" in Vietnamese Windows)', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(';'), 'utf8')])],
    ['UTF-16 LE with a BOM and tabs (Excel "Unicode Text")', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv('\t'), 'utf16le')])],
    ['UTF-16 BE with a BOM and ";"', () => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csv(';'), 'utf-16be')])],
    ['Windows-1258 with ";" (Excel "CSV" in Vietnamese Windows)', () => windows1258(csv(';'))],
  ])('reads %s', async (_label, bytes) => {
    const encoded = bytes();
    const doc = await readPlanFile(write(`ke-hoach-${encoded.length}.csv`, encoded));
    expect(doc.plan.title).toBe('Kế hoạch kiểm soát thủ tục hành chính');
    expect(doc.rows.map(({ where, content, coordinating, deadline, output, note }) => ({ where, content, coordinating, deadline, output, note }))).toEqual(EXPECTED);
  });

  it('gives NFC text from Windows-1258 combining tones', async () => {
    const bytes = windows1258(csv(';'));
    expect(bytes.includes(0xec)).toBe(true); // the combining acute accent of Windows-1258 is really in the file
    const doc = await readPlanFile(write('tones.csv', bytes));
    expect(doc.rows[0].content).toBe('Rà soát, đánh giá thủ tục hành chính'.normalize('NFC'));
    expect(doc.rows[0].content.normalize('NFC')).toBe(doc.rows[0].content);
  });

  it('says an empty file is empty, with its name and what to do', async () => {
    await expect(readPlanFile(write('trong.csv', ''))).rejects.toThrow('Không đọc được tệp trong.csv: tệp trống (0 byte): hãy xuất lại bảng kế hoạch từ Excel');
    await expect(readPlanFile(write('khoang-trang.csv', Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a])))).rejects.toThrow(/khoang-trang\.csv: tệp chỉ có khoảng trắng/);
  });

  it('says a workbook saved under a .csv name is a workbook', async () => {
    await expect(readPlanFile(write('nham-duoi.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).rejects.toThrow(/nham-duoi\.csv: đây là tệp nén \(Excel \.xlsx hoặc Word \.docx\) mang đuôi \.csv/);
  });

  it('refuses binary bytes as unreadable rather than as a wrong header', async () => {
    await expect(readPlanFile(write('nhi-phan.csv', Buffer.from([0x01, 0x02, 0x03, 0x80, 0x81, 0x41, 0x42])))).rejects.toThrow(/nhi-phan\.csv: không phải tệp văn bản CSV/);
  });

  it('says a file with plan information but no table has no table', async () => {
    await expect(readPlanFile(write('chi-thong-tin.csv', META.join('\n')))).rejects.toThrow(/chi-thong-tin\.csv: không có dòng tiêu đề/);
  });
});
