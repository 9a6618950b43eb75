import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { documentFacts, documentText } from '../../client/web/document-text';
import { administrativePdf, launchChromium } from '../support/browser';

/** A minimal DOCX as Word writes it: the number and the date line are paragraphs made of several runs. */
async function administrativeDocx(number: string, dateLine: string): Promise<Buffer> {
  const zip = new JSZip();
  const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
  const para = (...runs: string[]) => `<w:p>${runs.map(run).join('')}</w:p>`;
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
      para('UBND TỈNH AN GIANG') +
      para('SỞ KHOA HỌC VÀ CÔNG NGHỆ') +
      para('Số: ', number.split('/')[0], '/', number.split('/')[1]) +
      para(dateLine.slice(0, 10), dateLine.slice(10)) +
      para('BÁO CÁO') +
      `</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('evidence read from the uploaded file', () => {
  it('reads the number and the date line of a PDF printed by Chromium', async () => {
    const pdf = await administrativePdf(browser, '662/BC-SKHCN', 'An Giang, ngày 27 tháng 4 năm 2025', 'BÁO CÁO');
    expect(documentFacts(await documentText('pdf', pdf))).toEqual({ number: '662/BC-SKHCN', date: '2025-04-27' });
  });

  it('reads them from a DOCX whose paragraphs are split into runs', async () => {
    const docx = await administrativeDocx('45/BC-SKHCN', 'An Giang, ngày 05 tháng 3 năm 2025');
    expect(documentFacts(await documentText('docx', docx))).toEqual({ number: '45/BC-SKHCN', date: '2025-03-05' });
  });

  it('reads decomposed Unicode and text without diacritics, and finds nothing in a file without them', () => {
    expect(documentFacts('SỐ: 12/KH-SKHCN\nAn Giang, ngày 3 tháng 12 năm 2025'.normalize('NFD'))).toEqual({ number: '12/KH-SKHCN', date: '2025-12-03' });
    expect(documentFacts('So: 7/CV-VP   Long Xuyen, ngay 31 thang 1 nam 2026')).toEqual({ number: '7/CV-VP', date: '2026-01-31' });
    expect(documentFacts('Biên bản họp, không có số')).toEqual({});
    expect(documentFacts('ngày 31 tháng 2 năm 2025')).toEqual({});
  });

  it('gives no text for a damaged PDF instead of failing', async () => {
    expect(await documentText('pdf', Buffer.from('%PDF-1.7\nhỏng'))).toBe('');
  });
});
