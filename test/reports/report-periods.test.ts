import { parseReportPeriod, ReportPeriod } from '../../domain/tracking/report-period';

const period = (kind: string, ky: string): ReportPeriod => {
  const r = parseReportPeriod(kind, ky);
  if (!r.ok) throw new Error(r.reason);
  return r.period;
};
const span = (p: ReportPeriod) => [p.label, p.from, p.to, p.due];

describe('report periods, as the seeds and the guide set them', () => {
  it('runs a monthly period from the 21st of the previous month to the 20th, due before the 22nd (seed 000)', () => {
    expect(span(period('thang', '04/2025'))).toEqual(['tháng 4 năm 2025', '2025-03-21', '2025-04-20', '2025-04-22']);
    expect(span(period('thang', '1/2025'))).toEqual(['tháng 1 năm 2025', '2024-12-21', '2025-01-20', '2025-01-22']);
    expect(period('thang', '04/2025').dueWording).toBe('truoc');
  });

  it('runs a quarter from the 15th of the month before it to the 14th of its last month, due by the 19th (seed 002: quý III/2024 = 15/6–14/9)', () => {
    expect(span(period('quy', 'III/2024'))).toEqual(['quý III năm 2024', '2024-06-15', '2024-09-14', '2024-09-19']);
    expect(span(period('quý', 'Quý I/2025'))).toEqual(['quý I năm 2025', '2024-12-15', '2025-03-14', '2025-03-19']);
    expect(span(period('quy', '4/2025'))).toEqual(['quý IV năm 2025', '2025-09-15', '2025-12-14', '2025-12-19']);
  });

  it('runs half years over 15/12–14/6 and 15/6–14/12, and the year over 15/12–14/12', () => {
    expect(span(period('6thang', '2025'))).toEqual(['6 tháng đầu năm 2025', '2024-12-15', '2025-06-14', '2025-06-19']);
    expect(span(period('6 tháng', 'cuối/2025'))).toEqual(['6 tháng cuối năm 2025', '2025-06-15', '2025-12-14', '2025-12-19']);
    expect(span(period('nam', '2025'))).toEqual(['năm 2025', '2024-12-15', '2025-12-14', '2025-12-19']);
  });

  it('says what to write when the period cannot be read', () => {
    expect(parseReportPeriod('thang', '13/2025')).toEqual({ ok: false, reason: expect.stringContaining('Kỳ "13/2025" không đọc được cho báo cáo thang: ghi --ky 04/2025') });
    expect(parseReportPeriod('quy', 'V/2025')).toMatchObject({ ok: false });
    expect(parseReportPeriod('tuan', '2025')).toEqual({ ok: false, reason: '--period "tuan" không có: chọn thang, quy, 6thang hoặc nam.' });
  });
});
