import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceFileError, storeEvidenceFiles } from '../../activities/evidence-files';

const work = () => mkdtempSync(join(tmpdir(), 'dondoc-evidence-'));

describe('the evidence store', () => {
  it('keeps each file once under its SHA-256, with its own (NFC) name', async () => {
    const dir = work();
    const report = join(dir, 'Báo cáo tháng 4.pdf'.normalize('NFD'));
    writeFileSync(report, 'Báo cáo số 662/BC-SKHCN ngày 27/4/2025');
    const root = join(dir, 'kho');
    const [stored] = await storeEvidenceFiles([report], root);
    const sha256 = createHash('sha256').update(readFileSync(report)).digest('hex');
    expect(stored).toEqual({ name: 'Báo cáo tháng 4.pdf', sha256, bytes: readFileSync(report).length, stored: join(sha256.slice(0, 2), sha256, 'Báo cáo tháng 4.pdf') });
    expect(readFileSync(join(root, stored.stored), 'utf8')).toBe('Báo cáo số 662/BC-SKHCN ngày 27/4/2025');
    const again = await storeEvidenceFiles([report], root);
    expect(again).toEqual([stored]);
    expect(readdirSync(join(root, sha256.slice(0, 2), sha256))).toEqual(['Báo cáo tháng 4.pdf']);
  });

  it('names the missing, empty or folder path and stores nothing when one of the files is bad', async () => {
    const dir = work();
    const good = join(dir, 'bc.pdf');
    writeFileSync(good, 'nội dung');
    writeFileSync(join(dir, 'rong.pdf'), '');
    mkdirSync(join(dir, 'thu-muc'));
    const root = join(dir, 'kho');
    await expect(storeEvidenceFiles([good, 'khong-co.pdf'], root, dir)).rejects.toThrow(new EvidenceFileError(`Không tìm thấy tệp minh chứng "khong-co.pdf" (${join(dir, 'khong-co.pdf')}): kiểm tra lại đường dẫn.`));
    await expect(storeEvidenceFiles(['rong.pdf'], root, dir)).rejects.toThrow('Tệp minh chứng "rong.pdf" rỗng (0 byte)');
    await expect(storeEvidenceFiles(['thu-muc'], root, dir)).rejects.toThrow('"thu-muc" không phải một tệp');
    expect(() => readdirSync(root)).toThrow();
  });
});
