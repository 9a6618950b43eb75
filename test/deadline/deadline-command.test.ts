import { run } from '../../client/commands/deadline';
import { bufferIo } from '../support/io';

describe('dondoc deadline', () => {
  it('prints one JSON object with kind, due, effectiveDue and trigger', async () => {
    const io = bufferIo();
    expect(await run(['--json', '--year', '2025', 'Trước ngày 30 tháng 4 năm 2025'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ kind: 'once', due: ['2025-04-29'], effectiveDue: ['2025-04-29'], trigger: false });
  });

  it('gives a range one deadline and the day its occurrence opens', async () => {
    const io = bufferIo();
    expect(await run(['--json', '--year', '2025', 'Từ 03/11 – 14/11/2025'], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ kind: 'once', due: ['2025-11-14'], opensOn: ['2025-11-03'], targets: [] });
  });

  it('lists recurring occurrences from --from to the end of the year', async () => {
    const io = bufferIo();
    await run(['--json', '--year', '2025', '--from', '2025-10-01', 'Hàng quý'], io);
    expect(JSON.parse(io.stdout())).toMatchObject({ due: ['2025-12-31'], effectiveDue: ['2025-12-31'] });
  });

  it('sharpens the phrase with --context', async () => {
    const io = bufferIo();
    await run(['--json', '--year', '2025', '--context', 'gửi báo cáo trước ngày 22 hàng tháng', 'Hàng tháng'], io);
    expect(JSON.parse(io.stdout()).due[0]).toBe('2025-01-21');
  });

  it('answers a --batch of JSON lines in order, one object per line, and survives a malformed line', async () => {
    const stdin = [
      JSON.stringify({ text: 'Quý I năm 2025', year: 2025 }),
      '{ not json',
      JSON.stringify({ text: 'Hàng quý', context: 'chậm nhất là ngày 19 của tháng cuối quý', year: 2025 }),
      JSON.stringify({ text: 'Khi VPUBND tỉnh có Công văn yêu cầu rà soát', year: 2025 }),
    ].join('\n');
    const io = bufferIo(stdin);
    expect(await run(['--batch'], io)).toBe(0);
    const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ kind: 'once', due: ['2025-03-31'] });
    expect(lines[1]).toMatchObject({ kind: 'unknown', error: expect.stringContaining('Dòng 2') });
    expect(lines[2].due).toEqual(['2025-03-19', '2025-06-19', '2025-09-19', '2025-12-19']);
    expect(lines[3]).toMatchObject({ kind: 'event', due: [], trigger: true });
  });

  it('explains in Vietnamese what it understood in text mode, with the Điều 148 date', async () => {
    const io = bufferIo();
    await run(['--year', '2025', 'Trước 30/3/2025'], io);
    expect(io.stdout()).toContain('29/03/2025 (hiệu lực 31/03/2025, Điều 148)');
  });

  it('rejects a missing year or phrase with exit code 1', async () => {
    expect(await run(['Quý I'], bufferIo())).toBe(1);
    expect(await run(['--year', '2025'], bufferIo())).toBe(1);
    expect(await run(['--year', '2025', '--from', '05/03/2025', 'Quý I'], bufferIo())).toBe(1);
  });
});
