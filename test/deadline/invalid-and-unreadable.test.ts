import { parseDeadline } from '../../domain/deadline/parse-deadline';

describe('deadlines a person must set', () => {
  it.each([
    ['31/2/2025', /31\/2\/2025 không có thật.*28 ngày/],
    ['29/02/2025', /29\/2\/2025 không có thật/],
    ['tháng 13/2025', /Tháng 13 không có/],
    ['Quý V năm 2025', /Quý "V" không có/],
    ['Ngày 31/12/2150', /2150 nằm ngoài/],
  ])('reports "%s" as unknown with a reason instead of guessing', (text, reason) => {
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule.kind).toBe('unknown');
    expect(schedule.dates).toEqual([]);
    expect(schedule.reason).toMatch(reason);
  });

  it.each(['', '   ', '-', 'Xong sớm nhất có thể', 'Theo tiến độ chung'])('reports %j as unreadable with what to write instead', (text) => {
    const schedule = parseDeadline({ text, year: 2025 });
    expect(schedule.kind).toBe('unknown');
    expect(schedule.reason).toMatch(/hãy ghi/);
  });

  it('never throws, whatever the input: it answers unreadable, with what to write instead', () => {
    for (const text of ['((', '///', 'quý', '\u0301\u0300', 'a'.repeat(1900)]) {
      expect(parseDeadline({ text, year: 2025 })).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^Không đọc được thời hạn ".*": hãy ghi một ngày \(dd\/mm\/yyyy\)/s) });
    }
    // A pasted paragraph is quoted by its start, so the advice stays readable.
    expect(parseDeadline({ text: 'a'.repeat(1900), year: 2025 }).reason).toBe(`Không đọc được thời hạn "${'a'.repeat(119)}…": ${parseDeadline({ text: 'a', year: 2025 }).reason?.split('": ')[1]}`);
    expect(parseDeadline({ text: '99/99/9999', year: 2025 })).toMatchObject({ kind: 'unknown', reason: 'Tháng 99 không có (chỉ có tháng 1 đến 12) trong "99/99/9999": hãy sửa lại ngày.' });
    expect(parseDeadline({ text: 'ngày 0 tháng 0', year: 2025 })).toMatchObject({ kind: 'unknown', reason: 'Tháng 0 không có (chỉ có tháng 1 đến 12) trong "ngay 0 thang 0": hãy sửa lại ngày.' });
  });

  it('reads 29/02 in a leap plan year', () => {
    expect(parseDeadline({ text: '29/02', year: 2028 }).dates.map((d) => d.nominal)).toEqual(['2028-02-29']);
  });
});
