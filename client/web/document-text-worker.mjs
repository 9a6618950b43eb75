// Reads the text of an uploaded PDF or DOCX in a worker thread: parsing an untrusted file neither blocks the
// server's event loop nor shares its heap (the caller bounds memory and time), and the PDF library, an ES module,
// loads natively here whatever module system the caller runs under.
import { parentPort, workerData } from 'node:worker_threads';

async function pdfText(bytes) {
  const { getDocumentProxy } = await import('unpdf');
  // verbosity 0: a damaged file is answered with no text, not with warnings on the server's console.
  const pdf = await getDocumentProxy(bytes, { verbosity: 0 });
  // The number and the date line sit at the top of the first page; two pages are plenty.
  const pages = Math.min(pdf.numPages, 2);
  const texts = [];
  for (let i = 1; i <= pages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  return texts.join('\n');
}

async function docxText(bytes) {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) return '';
  // One line per paragraph; text runs joined; XML entities decoded.
  return xml
    .replace(/<w:tab\/>/g, ' ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

const { kind, bytes } = workerData;
(kind === 'pdf' ? pdfText(bytes) : docxText(bytes)).then(
  (text) => parentPort.postMessage({ text }),
  (error) => parentPort.postMessage({ error: String(error && error.message ? error.message : error) }),
);
