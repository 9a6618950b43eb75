import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { openStore, Store } from '../../activities/store/database';
import { run as report } from '../../client/commands/report';
import { atLocalHour } from '../../domain/policy/reminders';
import { Evidence } from '../../domain/tracking/row-state';
import { bufferIo } from '../support/io';
import { occurrence, recorder, rowState } from '../support/recorded-rows';

/** Rendered pages go here for people to look at (git-ignored). */
const OUTPUT = resolve(__dirname, '../../test-output');
const UNITS = resolve(__dirname, '../../samples/units.json');

const PTCN = { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' };
const VP = { id: 'vp', name: 'Văn phòng Sở' };
const KHTC = { id: 'khtc', name: 'Phòng Kế hoạch - Tài chính' };
const TTUD = { id: 'ttud', name: 'Trung tâm Ứng dụng tiến bộ khoa học và công nghệ' };

const evidence = (documentNumber: string, documentDate: string, title: string, at: number, accepted: boolean): Evidence => ({
  id: 'mc-1',
  documentNumber,
  documentDate,
  title,
  files: [],
  submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' },
  submittedAt: at,
  review: accepted ? { decision: 'accept', reviewer: 'Văn phòng Sở', at } : undefined,
});

let dir: string;
let db: Store;
const env = () => ({ DONDOC_DB_PATH: join(dir, 'dondoc.sqlite') });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dondoc-bc-'));
  db = await openStore({ sqlitePath: join(dir, 'dondoc.sqlite') });
  const record = recorder(db);
  const at = atLocalHour('2025-04-25', 9);
  // Tháng 4/2025 covers 21/03–20/04/2025.
  const onTime = rowState('2.6', 'Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính', PTCN, 'Trước ngày 10 hằng tháng', [occurrence('2025-04', 'kỳ 04/2025', '2025-03-21', '2025-04-08', '2025-04-08')]);
  onTime.occurrences[0] = { ...onTime.occurrences[0], evidence: [evidence('662/BC-SKHCN', '2025-04-07', 'Báo cáo kiểm soát TTHC tháng 4', atLocalHour('2025-04-07', 10), true)], outcome: 'on-time', completedAt: atLocalHour('2025-04-07', 10) };
  const overdue = rowState('3.4', 'Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ', VP, 'Cuối tháng 3', [occurrence('chinh', '', '2025-03-05', '2025-03-31', '2025-03-31')], 'Danh sách công khai');
  const late = rowState('1.2', 'Rà soát, đánh giá quy định thủ tục hành chính', KHTC, '15/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-15', '2025-04-15')]);
  late.occurrences[0] = { ...late.occurrences[0], evidence: [evidence('701/BC-SKHCN', '2025-04-18', 'Báo cáo rà soát quy định', atLocalHour('2025-04-18', 15), true)], outcome: 'late', completedAt: atLocalHour('2025-04-18', 15) };
  const pending = rowState('4.1', 'Tổ chức tập huấn nghiệp vụ kiểm soát TTHC', TTUD, 'Chậm nhất 18/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-18', '2025-04-18')], 'Kế hoạch, báo cáo kết quả');
  pending.occurrences[0] = { ...pending.occurrences[0], evidence: [evidence('55/KH-TTUD', '2025-04-17', 'Kế hoạch tập huấn', atLocalHour('2025-04-17', 9), false)] };
  // Outside tháng 4 (due 25/04): counted in May's report, and on April's late list once overdue.
  const nextPeriod = rowState('5.1', 'Cập nhật cơ sở dữ liệu quốc gia về thủ tục hành chính', PTCN, '25/4/2025', [occurrence('chinh', '', '2025-03-05', '2025-04-25', '2025-04-25')]);
  const cancelled = rowState('6.1', 'Nhiệm vụ đã bỏ khỏi kế hoạch', KHTC, '10/4/2025', [{ ...occurrence('chinh', '', '2025-03-05', '2025-04-10', '2025-04-10'), cancelled: { reason: 'Kế hoạch sửa đổi', at } }]);
  for (const s of [onTime, overdue, late, pending, nextPeriod, cancelled]) await record(s, at);
});
afterAll(() => db?.destroy());

async function json(args: string[]) {
  const io = { ...bufferIo(), env: env() };
  const code = await report([...args, '--json'], io);
  expect({ code, err: io.stderr() }).toEqual({ code: 0, err: '' });
  return JSON.parse(io.stdout()) as { from: string; to: string; total: Record<string, number>; byUnit: Record<string, Record<string, number>>; sentence: string };
}

/** LibreOffice converts the DOCX as the office would open it; a separate profile lets tests run side by side. */
function toPdf(docx: string, outDir: string): string {
  execFileSync('libreoffice', [`-env:UserInstallation=file://${join(outDir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, docx], { stdio: 'pipe', timeout: 120_000 });
  const pdf = join(outDir, docx.replace(/^.*\//, '').replace(/\.docx$/, '.pdf'));
  expect(existsSync(pdf)).toBe(true);
  return pdf;
}

const pdfText = (pdf: string) => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
const flat = (text: string) => text.replace(/\s+/g, ' ');
/** Justified lines come out of pdftotext with stray spaces inside words ("quá h ạn"): compare without spaces. */
const dense = (text: string) => text.replace(/\s+/g, '');

describe('the periodic report drafted as DOCX and xlsx', () => {
  it('counts for `--period thang --ky 04/2025` what `dondoc report --from 21/03/2025 --to 20/04/2025` counts', async () => {
    const byPeriod = await json(['--period', 'thang', '--ky', '04/2025', '--as-of', '25/04/2025']);
    const byDates = await json(['--from', '21/03/2025', '--to', '20/04/2025', '--as-of', '25/04/2025']);
    expect([byPeriod.from, byPeriod.to]).toEqual(['2025-03-21', '2025-04-20']);
    expect({ total: byPeriod.total, byUnit: byPeriod.byUnit, sentence: byPeriod.sentence }).toEqual({ total: byDates.total, byUnit: byDates.byUnit, sentence: byDates.sentence });
    expect(byPeriod.sentence).toBe('Sở được giao 04 nhiệm vụ, hoàn thành đúng hạn 01 nhiệm vụ, hoàn thành quá hạn 01 nhiệm vụ, 00 nhiệm vụ chưa đến hạn, 01 nhiệm vụ quá hạn, 01 nhiệm vụ chờ xác nhận.');
  });

  it('writes a DOCX that LibreOffice opens, whose sentence, rows and late list match `dondoc report --json`; its pages are rendered to PNG', async () => {
    const docx = join(dir, 'bao-cao-thang-4-2025.docx');
    const xlsx = join(dir, 'bao-cao-thang-4-2025.xlsx');
    const io = { ...bufferIo(), env: env() };
    expect(await report(['--period', 'thang', '--ky', '04/2025', '--as-of', '25/04/2025', '--docx', docx, '--xlsx', xlsx, '--units', UNITS], io)).toBe(0);
    expect(io.stderr()).toContain(`Đã ghi dự thảo báo cáo tháng 4 năm 2025 ra ${docx}.`);

    const pdf = toPdf(docx, dir);
    const text = flat(pdfText(pdf));
    const { sentence, total } = await json(['--from', '21/03/2025', '--to', '20/04/2025', '--as-of', '25/04/2025']);
    expect(dense(text)).toContain(dense(sentence));
    const counts = /Sởđượcgiao(\d+)nhiệmvụ,hoànthànhđúnghạn(\d+)nhiệmvụ,hoànthànhquáhạn(\d+)nhiệmvụ,(\d+)nhiệmvụchưađếnhạn,(\d+)nhiệmvụquáhạn,(\d+)nhiệmvụchờxácnhận/.exec(dense(text))!.slice(1).map(Number);
    expect(counts).toEqual([total.giao, total['hoan-thanh-dung-han'], total['hoan-thanh-qua-han'], total['dang-thuc-hien-trong-han'] + total['chua-den-han'], total['dang-thuc-hien-qua-han'], total['cho-xac-nhan']]);
    for (const expected of [
      'UBND TỈNH AN GIANG',
      'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      '/BC-SKHCN',
      'An Giang, ngày',
      'tháng năm 2025',
      'BÁO CÁO',
      '(Tháng 4 năm 2025)',
      '(Số liệu từ ngày 21/03/2025 đến ngày 20/04/2025, tính đến ngày 25/04/2025, ngày được chọn)',
      'I. KẾT QUẢ THỰC HIỆN',
      'II. NHIỆM VỤ CHẬM, QUÁ HẠN',
      'Văn phòng Sở: 01 nhiệm vụ, quá hạn nhiều nhất 25 ngày',
      'Phòng Kế hoạch - Tài chính: 01 nhiệm vụ, quá hạn nhiều nhất 3 ngày',
      'III. KIẾN NGHỊ, ĐỀ XUẤT',
      'Nơi nhận:',
      'UBND tỉnh An Giang (b/c);',
      'GIÁM ĐỐC',
      'Trần Minh Khoa',
    ]) {
      expect(dense(text)).toContain(dense(expected));
    }
    // Table cells wrap and interleave in the PDF's text: their content is read from the DOCX's own paragraphs.
    const paragraphs = execFileSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' })
      .split('</w:p>')
      .map((p) => p.replace(/<[^>]+>/g, ''));
    for (const cell of ['1.2. Rà soát, đánh giá quy định thủ tục hành chính', '15/4/2025', '15/04/2025', '701/BC-SKHCN ngày 18/04/2025: Báo cáo rà soát quy định', '662/BC-SKHCN ngày 07/04/2025: Báo cáo kiểm soát TTHC tháng 4', '55/KH-TTUD ngày 17/04/2025: Kế hoạch tập huấn (chờ xác nhận)', 'Hoàn thành quá hạn', 'Chờ xác nhận']) {
      expect(paragraphs).toContain(cell);
    }
    expect(paragraphs.filter((p) => /^\d+\.\d+\. /.test(p))).toEqual([
      // Section I.2, by unit then deadline; section II, longest overdue first.
      '1.2. Rà soát, đánh giá quy định thủ tục hành chính',
      '2.6. Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính (kỳ 04/2025)',
      '4.1. Tổ chức tập huấn nghiệp vụ kiểm soát TTHC',
      '3.4. Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ',
      '3.4. Công khai danh sách cơ quan, đơn vị giải quyết chậm, muộn hồ sơ',
      '1.2. Rà soát, đánh giá quy định thủ tục hành chính',
    ]);
    // Neither the May row nor the cancelled one is in April's report.
    expect(text).not.toContain('Cập nhật cơ sở dữ liệu quốc gia');
    expect(text).not.toContain('Nhiệm vụ đã bỏ khỏi kế hoạch');

    mkdirSync(OUTPUT, { recursive: true });
    for (const f of readdirSync(OUTPUT).filter((f) => f.startsWith('bao-cao-thang-4-2025'))) rmSync(join(OUTPUT, f));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdf, join(OUTPUT, 'bao-cao-thang-4-2025')]);
    expect(readdirSync(OUTPUT).filter((f) => /^bao-cao-thang-4-2025-\d+\.png$/.test(f)).length).toBeGreaterThanOrEqual(1);

    // The workbook carries the same sentence and the same rows.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const cells = workbook.getWorksheet('Báo cáo')!.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map(String) : []));
    expect(cells).toContain(sentence);
    expect(cells).toContain('2.6. Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính (kỳ 04/2025)');
    expect(cells).toContain('Báo cáo\n662/BC-SKHCN ngày 07/04/2025: Báo cáo kiểm soát TTHC tháng 4');
  });

  it('asks for the units directory when a DOCX needs the issuing body', async () => {
    const io = { ...bufferIo(), env: env() };
    expect(await report(['--period', 'quy', '--ky', 'II/2025', '--docx', join(dir, 'q2.docx')], io)).toBe(1);
    expect(io.stderr()).toContain('Báo cáo .docx cần tên cơ quan ban hành và người ký: ghi --units');
  });

  it('drafts the monthly public list of row 3.4 from the tasks of the month done late or still overdue', async () => {
    const io = { ...bufferIo(), env: env() };
    expect(await report(['--cham-muon', '--ky', '04/2025', '--as-of', '05/05/2025', '--units', UNITS, '--json'], io)).toBe(0);
    const list = JSON.parse(io.stdout()) as { title: string; entries: { unit: string; responsible: string; where: string; effective: string; daysLate: number; status: string }[] };
    expect(list.title).toBe('Danh sách cơ quan, đơn vị, cán bộ, công chức, viên chức giải quyết chậm, muộn tháng 4/2025');
    expect(list.entries.map((e) => [e.unit, e.responsible, e.where, e.effective, e.daysLate, e.status])).toEqual([
      ['Phòng Kế hoạch - Tài chính', 'Huỳnh Ngọc Mai', '1.2', '2025-04-15', 3, 'Hoàn thành quá hạn'],
      ['Phòng Phát triển Công nghệ và Chuyển đổi số', 'Võ Thanh Tùng', '5.1', '2025-04-25', 10, 'Đang thực hiện quá hạn'],
    ]);
    const text = { ...bufferIo(), env: env() };
    expect(await report(['--cham-muon', '--ky', '04/2025', '--as-of', '05/05/2025'], text)).toBe(0);
    expect(text.stdout()).toContain('chưa gồm hồ sơ TTHC trên Hệ thống thông tin giải quyết TTHC của tỉnh');
  });
});
