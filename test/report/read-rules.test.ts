import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { atLocalHour } from '../../domain/policy/reminders';
import { findOccurrence, occurrenceName } from '../../domain/tracking/occurrence-name';
import { reportDay } from '../../domain/tracking/report-day';
import { asOfWords, reportAsOf } from '../../domain/tracking/report-period';
import { judgeTimeliness, officeTimelinessRefusal, timelinessByRule } from '../../domain/tracking/timeliness';

/** The pure rules behind issue 20.4; each is also driven through `dondoc` and the web in test/reports, test/engine and test/web. */
const facts = (documentDate: string, submitted: string, effective = '2025-04-29') => ({ effective, documentDate, submittedAt: atLocalHour(submitted, 10) });

describe('on time or late', () => {
  it('goes by the document’s date when it is earlier than the submission, else by the submission', () => {
    expect(timelinessByRule(facts('2025-04-27', '2025-05-05'))).toEqual({ byRule: 'on-time', basis: 'document' });
    expect(timelinessByRule(facts('2025-04-30', '2025-05-05'))).toEqual({ byRule: 'late', basis: 'document' });
    expect(timelinessByRule(facts('2025-05-05', '2025-05-05'))).toEqual({ byRule: 'late', basis: 'submission' });
    // A document dated after the day it was submitted is read by the submission.
    expect(timelinessByRule(facts('2025-05-02', '2025-04-28'))).toEqual({ byRule: 'on-time', basis: 'submission' });
    expect(timelinessByRule({ effective: '2025-04-29', documentDate: '2025-04-29', submittedAt: atLocalHour('2025-04-29', 23) })).toEqual({ byRule: 'on-time', basis: 'submission' });
  });

  it('keeps the office’s decision when it differs from the rule, and asks a reason for it', () => {
    const f = facts('2025-04-27', '2025-05-05');
    expect(judgeTimeliness(f, { outcome: 'late', reason: 'Gửi chậm' })).toEqual({ outcome: 'late', byRule: 'on-time', basis: 'document', overridden: { reason: 'Gửi chậm' } });
    expect(judgeTimeliness(f, { outcome: 'on-time' })).toEqual({ outcome: 'on-time', byRule: 'on-time', basis: 'document' });
    expect(officeTimelinessRefusal(f, { outcome: 'late', reason: '  ' })).toContain('cần ghi lý do');
    expect(officeTimelinessRefusal(f, { outcome: 'on-time' })).toBeUndefined();
  });
});

describe('which report period an occurrence belongs to', () => {
  const indicator = parseDeadline({ text: '', year: 2025, planStart: '2025-03-05', row: { content: 'Tỷ lệ hồ sơ trực tuyến', output: 'Chỉ tiêu năm 2025: 60%' } });
  it('is its effective deadline, except an implied year-end indicator, which counts on its year’s last data day', () => {
    expect(indicator.inferred?.rule).toBe('indicator-year-end');
    expect(reportDay(indicator, { effective: '2025-12-31', originalNominal: '2025-12-31' })).toBe('2025-12-14');
    const stated = parseDeadline({ text: 'Tháng 12/2025', year: 2025, planStart: '2025-03-05' });
    expect(reportDay(stated, { effective: '2025-12-31', originalNominal: '2025-12-31' })).toBe('2025-12-31');
  });
});

describe('as of when', () => {
  it('takes --as-of when given, a closed period’s last day, or now within an open one, and says which', () => {
    const now = atLocalHour('2026-12-03', 10);
    expect(asOfWords(reportAsOf('2025-04-20', now))).toBe('tính đến ngày 20/04/2025, ngày cuối kỳ');
    expect(asOfWords(reportAsOf('2025-04-20', now, atLocalHour('2025-04-25', 17)))).toBe('tính đến ngày 25/04/2025, ngày được chọn');
    expect(asOfWords(reportAsOf('2026-12-14', now))).toBe('tính đến ngày 03/12/2026, hôm nay, kỳ chưa kết thúc');
    expect(reportAsOf('2025-04-20', now).ms).toBe(atLocalHour('2025-04-21', 0) - 1);
  });
});

describe('the occurrence’s name', () => {
  it('is what people read, never the id, and `--lan` finds it by either', () => {
    const occ = [{ id: 'chinh', label: '' }, { id: '2025-04', label: 'kỳ 04/2025' }, { id: 'lan-2', label: 'theo Công văn 12/VP' }, { id: 'm1', label: '' }];
    expect(occ.map(occurrenceName)).toEqual(['lần thực hiện chính', 'kỳ 04/2025', 'lần 2 theo Công văn 12/VP', 'mốc 1']);
    for (const typed of ['chinh', 'chính', 'Lần thực hiện chính']) expect(findOccurrence(occ, typed)?.id).toBe('chinh');
    for (const typed of ['2025-04', 'kỳ 04/2025', 'ky 04/2025', '04/2025']) expect(findOccurrence(occ, typed)?.id).toBe('2025-04');
    expect(findOccurrence(occ, 'khong-co')).toBeUndefined();
  });
});
