import { createDeflateRaw, crc32 } from 'node:zlib';

/**
 * A DOCX whose word/document.xml inflates to `megabytes` of text from a few hundred kilobytes (the audit's finding:
 * 407 KB holding about 200 MB), after `lead`'s lines (one paragraph each). Built by streaming the deflate, so the test itself never holds the text.
 */
export async function inflatingDocx(megabytes: number, lead = '', paragraph = 'Bao cao ket qua. '): Promise<Buffer> {
  const header = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${lead.split('\n').map((l) => `<w:p><w:r><w:t>${l}</w:t></w:r></w:p>`).join('')}<w:p><w:r><w:t>`;
  const footer = '</w:t></w:r></w:p></w:body></w:document>';
  const chunk = Buffer.from(paragraph.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(paragraph))));
  const pieces = [Buffer.from(header), ...Array<Buffer>(megabytes).fill(chunk), Buffer.from(footer)];
  let crc = 0;
  let size = 0;
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (const piece of pieces) {
    crc = crc32(piece, crc);
    size += piece.length;
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return zip([{ name: 'word/document.xml', data: Buffer.concat(out), crc, size }, stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')]);
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  /** 8 deflate, 0 stored */
  method?: number;
}

const stored = (name: string, text: string): Entry => ({ name, data: Buffer.from(text), crc: crc32(Buffer.from(text)), size: Buffer.byteLength(text), method: 0 });

/** A little-endian record: [offset, value, bytes] fields over zeros. */
function record(size: number, fields: [number, number, 2 | 4][]): Buffer {
  const b = Buffer.alloc(size);
  for (const [offset, value, bytes] of fields) if (bytes === 2) b.writeUInt16LE(value, offset);
  else b.writeUInt32LE(value >>> 0, offset);
  return b;
}

/** A plain zip (no zip64: every entry under 4 GB). */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    locals.push(record(30, [[0, 0x04034b50, 4], [4, 20, 2], [8, method, 2], [14, e.crc, 4], [18, e.data.length, 4], [22, e.size, 4], [26, name.length, 2]]), name, e.data);
    centrals.push(record(46, [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [10, method, 2], [16, e.crc, 4], [20, e.data.length, 4], [24, e.size, 4], [28, name.length, 2], [42, offset, 4]]), name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = record(22, [[0, 0x06054b50, 4], [8, entries.length, 2], [10, entries.length, 2], [12, directory.length, 4], [16, offset, 4]]);
  return Buffer.concat([...locals, directory, end]);
}
