// Reads the text of an uploaded PDF or DOCX in a worker thread: parsing an untrusted file neither blocks the
// server's event loop nor shares its heap (the caller bounds memory and time), and the PDF library, an ES module,
// loads natively here whatever module system the caller runs under.
// Every read is bounded here too: a 400 KB DOCX can inflate to hundreds of megabytes of XML, so the XML is
// inflated as a stream and reading stops at a bound, never holding the whole.
import { parentPort, workerData } from 'node:worker_threads';

const { kind, bytes, maxChars, maxPages } = workerData;
// XML carries several times its text in markup; the number and date line sit at the top of the first page.
const MAX_XML_CHARS = maxChars * 8;

async function pdfText() {
  const { getDocumentProxy } = await import('unpdf');
  // verbosity 0: a damaged file is answered with no text, not with warnings on the server's console.
  const pdf = await getDocumentProxy(bytes, { verbosity: 0 });
  const pages = Math.min(pdf.numPages, maxPages);
  let text = '';
  for (let i = 1; i <= pages && text.length < maxChars; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
      if (text.length >= maxChars) break;
    }
    text += '\n';
  }
  return { text: text.slice(0, maxChars), truncated: text.length > maxChars || pdf.numPages > pages };
}

/** The first MAX_XML_CHARS of word/document.xml, inflated chunk by chunk; `more` when the part goes on. */
async function documentXmlPrefix() {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const part = zip.file('word/document.xml');
  if (!part) return { xml: '', more: false };
  return new Promise((resolve, reject) => {
    let xml = '';
    const stream = part.internalStream('string');
    stream
      .on('data', (chunk) => {
        xml += chunk;
        if (xml.length >= MAX_XML_CHARS) {
          stream.pause();
          resolve({ xml: xml.slice(0, MAX_XML_CHARS), more: true });
        }
      })
      .on('error', reject)
      .on('end', () => resolve({ xml, more: false }))
      .resume();
  });
}

async function docxText() {
  const { xml, more } = await documentXmlPrefix();
  // One line per paragraph; text runs joined; XML entities decoded.
  const text = xml
    .replace(/<w:tab\/>/g, ' ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^<>]*>?/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return { text: text.slice(0, maxChars), truncated: more || text.length > maxChars };
}

(kind === 'pdf' ? pdfText() : docxText()).then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage({ error: String(error && error.message ? error.message : error) }),
);
