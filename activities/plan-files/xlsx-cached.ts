import { DOMParser, Element } from '@xmldom/xmldom';
import JSZip from 'jszip';

/**
 * A formula's cached result as the sheet's XML stores it. exceljs reads the cached value of a formula under a date
 * number format as a date, so a text result (`t="str"`, "Quý I/2025") or an error (`t="e"`, "#N/A") comes back as an
 * invalid Date; the XML still holds it, and it is what Excel shows in the cell.
 */
export type CachedResult = { text: string } | { error: string };

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function parse(xml: string): Element | null {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement ?? null;
}

/** The part holding a sheet: xl/workbook.xml names it, xl/_rels/workbook.xml.rels says where it is. */
async function sheetPart(zip: JSZip, sheetName: string): Promise<string | null> {
  const workbook = parse((await zip.file('xl/workbook.xml')?.async('string')) ?? '');
  const rels = parse((await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '');
  if (!workbook || !rels) return null;
  const sheet = Array.from(workbook.getElementsByTagNameNS(MAIN, 'sheet')).find((s) => s.getAttribute('name') === sheetName);
  const id = sheet?.getAttributeNS(DOC_RELS, 'id');
  const target = Array.from(rels.getElementsByTagNameNS(RELS, 'Relationship')).find((r) => r.getAttribute('Id') === id)?.getAttribute('Target');
  if (!target) return null;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Cached text and error results of the sheet's formulas, by address ("F8"). Nothing when the parts cannot be read. */
export async function cachedFormulaResults(bytes: Buffer, sheetName: string): Promise<Map<string, CachedResult>> {
  const out = new Map<string, CachedResult>();
  try {
    const zip = await JSZip.loadAsync(bytes);
    const part = await sheetPart(zip, sheetName);
    const sheet = part ? parse((await zip.file(part)?.async('string')) ?? '') : null;
    if (!sheet) return out;
    for (const c of Array.from(sheet.getElementsByTagNameNS(MAIN, 'c'))) {
      const type = c.getAttribute('t');
      if ((type !== 'str' && type !== 'e') || c.getElementsByTagNameNS(MAIN, 'f').length === 0) continue;
      const v = c.getElementsByTagNameNS(MAIN, 'v')[0]?.textContent ?? '';
      out.set(c.getAttribute('r') ?? '', type === 'str' ? { text: v } : { error: v });
    }
  } catch {
    // exceljs has read the workbook already; without the XML the cell keeps exceljs's reading and its problem.
  }
  return out;
}
