import crypto, { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceFileError, storeEvidenceFiles } from '../../activities/evidence-files';

const work = () => mkdtempSync(join(tmpdir(), 'dondoc-evidence-'));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A file of the office's outside the store, which nothing in the store may overwrite. */
function victim(dir: string): string {
  const path = join(dir, 'so-lieu-khac.xlsx');
  writeFileSync(path, 'Số liệu của đơn vị khác — không được ghi đè');
  return path;
}

/** A report to submit, the office's other file, and the store's folder for the report's hash, ready for a planted link. */
function storeWithHashFolder() {
  const dir = work();
  const other = victim(dir);
  const report = join(dir, 'bc.pdf');
  writeFileSync(report, 'Báo cáo số 662/BC-SKHCN');
  const hash = sha256('Báo cáo số 662/BC-SKHCN');
  const root = join(dir, 'kho');
  const folder = join(root, hash.slice(0, 2), hash);
  mkdirSync(folder, { recursive: true });
  return { other, report, root, folder };
}

afterEach(() => jest.restoreAllMocks());

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

  it('writes nothing through a link planted at the temporary name the store used to take', async () => {
    const { other, report, root, folder } = storeWithHashFolder();
    symlinkSync(other, join(folder, 'bc.pdf.tmp'));
    const [stored] = await storeEvidenceFiles([report], root);
    expect(readFileSync(other, 'utf8')).toBe('Số liệu của đơn vị khác — không được ghi đè');
    expect(readFileSync(join(root, stored.stored), 'utf8')).toBe('Báo cáo số 662/BC-SKHCN');
    expect(readdirSync(root).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('stores the bytes it hashed when the source changes between hashing and copying', async () => {
    const dir = work();
    const report = join(dir, 'bc.pdf');
    writeFileSync(report, 'Bản thứ nhất: 662/BC-SKHCN');
    // The moment the store has its hash, the unit saves a new version of the file over the old one.
    const realCreateHash = crypto.createHash;
    jest.spyOn(crypto, 'createHash').mockImplementation((algorithm: string) => {
      const hash = realCreateHash(algorithm);
      const digest = hash.digest.bind(hash);
      hash.digest = ((encoding: crypto.BinaryToTextEncoding) => {
        writeFileSync(report, 'Bản thứ hai đã sửa: 663/BC-SKHCN');
        return digest(encoding);
      }) as typeof hash.digest;
      return hash;
    });
    const root = join(dir, 'kho');
    const [stored] = await storeEvidenceFiles([report], root);
    jest.restoreAllMocks();
    const kept = readFileSync(join(root, stored.stored));
    expect(kept.toString('utf8')).toBe('Bản thứ nhất: 662/BC-SKHCN');
    expect(stored.sha256).toBe(sha256(kept));
    expect(stored.bytes).toBe(kept.length);
  });

  it('replaces a damaged copy already stored under the hash, and says so', async () => {
    const dir = work();
    const report = join(dir, 'bc.pdf');
    writeFileSync(report, 'Báo cáo số 662/BC-SKHCN');
    const root = join(dir, 'kho');
    const [first] = await storeEvidenceFiles([report], root);
    writeFileSync(join(root, first.stored), 'Báo cáo số 662/BC-SKHCN (bản hỏng)');
    const notices: string[] = [];
    const [again] = await storeEvidenceFiles([report], root, dir, (n) => notices.push(n));
    expect(again).toEqual(first);
    expect(readFileSync(join(root, first.stored), 'utf8')).toBe('Báo cáo số 662/BC-SKHCN');
    expect(notices).toEqual([`Kho minh chứng đã có ${join(root, first.stored)} nhưng nội dung không khớp mã SHA-256 trong tên (tệp hỏng, bị sửa hoặc là liên kết): đã thay bằng bản vừa gửi.`]);
    const quiet: string[] = [];
    await storeEvidenceFiles([report], root, dir, (n) => quiet.push(n));
    expect(quiet).toEqual([]);
  });

  it('replaces a link planted at the stored name instead of trusting or writing through it', async () => {
    const { other, report, root, folder } = storeWithHashFolder();
    symlinkSync(other, join(folder, 'bc.pdf'));
    const [stored] = await storeEvidenceFiles([report], root);
    expect(lstatSync(join(root, stored.stored)).isFile()).toBe(true);
    expect(readFileSync(join(root, stored.stored), 'utf8')).toBe('Báo cáo số 662/BC-SKHCN');
    expect(readFileSync(other, 'utf8')).toBe('Số liệu của đơn vị khác — không được ghi đè');
  });

  it('refuses a source that is a link, naming it, and stores nothing', async () => {
    const dir = work();
    const other = victim(dir);
    symlinkSync(other, join(dir, 'bc.pdf'));
    const root = join(dir, 'kho');
    await expect(storeEvidenceFiles(['bc.pdf'], root, dir)).rejects.toThrow(new EvidenceFileError('"bc.pdf" là một liên kết (symlink), không phải tệp: hãy chỉ đường dẫn đến chính tệp minh chứng.'));
    expect(() => readdirSync(root)).toThrow();
  });

  it('refuses to store through a folder of the store replaced by a link', async () => {
    const dir = work();
    const elsewhere = join(dir, 'noi-khac');
    mkdirSync(elsewhere);
    const report = join(dir, 'bc.pdf');
    writeFileSync(report, 'Báo cáo số 662/BC-SKHCN');
    const hash = sha256('Báo cáo số 662/BC-SKHCN');
    const root = join(dir, 'kho');
    mkdirSync(root);
    symlinkSync(elsewhere, join(root, hash.slice(0, 2)));
    await expect(storeEvidenceFiles([report], root)).rejects.toThrow(new EvidenceFileError(`Kho minh chứng bị sửa ngoài dondoc: ${join(root, hash.slice(0, 2))} không phải thư mục (có thể là liên kết). Hãy báo quản trị hệ thống kiểm tra và xoá nó, rồi gửi lại.`));
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(root).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });
});
