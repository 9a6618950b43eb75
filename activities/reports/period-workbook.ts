import ExcelJS from 'exceljs';
import { PeriodDocument, periodLine } from './period-document';
import { REPORT_COLUMNS } from './report-workbook';

/** The same report as a workbook, section by section, for offices that edit figures in a spreadsheet. */
export async function periodWorkbook(doc: PeriodDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dondoc';
  const sheet = workbook.addWorksheet('Báo cáo', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const font = { name: 'Times New Roman', size: 13 };
  sheet.columns = [{ width: 6 }, { width: 60 }, { width: 30 }, { width: 24 }, { width: 16 }, { width: 40 }, { width: 22 }, { width: 12 }];
  const add = (values: (string | number)[], style: { bold?: boolean; italic?: boolean } = {}) => {
    const row = sheet.addRow(values);
    row.font = { ...font, ...style };
    row.alignment = { wrapText: true, vertical: 'top' };
    return row;
  };
  const { issuer } = doc;
  add([issuer.parent, '', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
  add([issuer.agency, '', '', '', 'Độc lập - Tự do - Hạnh phúc'], { bold: true });
  add([`Số: …/BC-${issuer.symbol}`, '', '', '', `${issuer.place ? `${issuer.place}, ` : ''}ngày … tháng … năm …`]);
  add([]);
  add(['BÁO CÁO'], { bold: true });
  add([`${doc.subject} (${doc.period.label})`], { bold: true });
  add([periodLine(doc)], { italic: true });
  add([doc.intro]);
  add(['I. KẾT QUẢ THỰC HIỆN'], { bold: true });
  add(['1. Tổng hợp chung'], { bold: true });
  add([doc.sentence]);
  add(['', 'Đơn vị chủ trì', ...REPORT_COLUMNS.map(([, h]) => h)], { bold: true });
  for (const [unit, c] of doc.byUnit) add(['', unit, ...REPORT_COLUMNS.map(([k]) => c[k])]);
  add(['', 'Tổng cộng', ...REPORT_COLUMNS.map(([k]) => doc.total[k])], { bold: true });
  add(['2. Kết quả thực hiện từng nhiệm vụ'], { bold: true });
  add(['TT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn ghi trong kế hoạch', 'Hạn tính theo quy định', 'Kết quả, văn bản minh chứng', 'Tình trạng'], { bold: true });
  for (const l of doc.lines) add([l.no, `${l.where}. ${l.content}`, l.unit, l.deadlineText, l.extendedFrom ? `${l.effective} (gia hạn từ ${l.extendedFrom})` : l.effective, l.evidence ? `${l.result}\n${l.evidence}` : l.result, l.status]);
  add(['II. NHIỆM VỤ CHẬM, QUÁ HẠN'], { bold: true });
  if (doc.late.length === 0) add(['Trong kỳ không có nhiệm vụ chậm, quá hạn.']);
  for (const u of doc.lateUnits) add(['', `${u.unit}: ${String(u.count).padStart(2, '0')} nhiệm vụ, quá hạn nhiều nhất ${u.maxDays} ngày`]);
  if (doc.late.length > 0) add(['TT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Hạn tính theo quy định', 'Số ngày quá hạn', 'Tình trạng'], { bold: true });
  for (const l of doc.late) add([l.no, `${l.where}. ${l.content}`, l.unit, l.effective, l.daysLate, l.status]);
  add(['III. KIẾN NGHỊ, ĐỀ XUẤT'], { bold: true });
  add(['(Văn phòng Sở bổ sung kiến nghị, đề xuất trước khi trình ký.)'], { italic: true });
  add([doc.closing]);
  add(['Nơi nhận:', '', '', '', issuer.signerTitle], { bold: true });
  for (const r of doc.recipients) add([`- ${r}`]);
  if (issuer.signerName) add(['', '', '', '', issuer.signerName], { bold: true });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
