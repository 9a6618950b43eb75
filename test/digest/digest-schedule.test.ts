import { DateTime } from 'luxon';
import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { firstDigestsAt, firstDigestsSentence, firstRunAt, nextRunAt } from '../../domain/notifications/digest-schedule';

const at = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Ho_Chi_Minh' }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Ho_Chi_Minh' }).toFormat("yyyy-MM-dd'T'HH:mm");
const TWO_MINUTES = 2 * 60 * 1000;

describe('the digest sender\'s runs', () => {
  it('runs at once when started after the day\'s hour, else at the hour; once a day', () => {
    expect(local(nextRunAt(at('2026-12-03T10:00'), 7))).toBe('2026-12-03T10:00');
    expect(local(nextRunAt(at('2026-12-03T05:00'), 7))).toBe('2026-12-03T07:00');
    expect(local(nextRunAt(at('2026-12-03T10:00'), 7, at('2026-12-03T07:00')))).toBe('2026-12-04T07:00');
    // Woken late after yesterday's run: today's run is due now.
    expect(local(nextRunAt(at('2026-12-03T10:00'), 7, at('2026-12-02T07:00')))).toBe('2026-12-03T07:00');
  });

  it('starts its first run after the import\'s wait, and a wait that crosses midnight ends at the new day\'s hour', () => {
    expect(local(firstRunAt(at('2026-12-03T10:00'), 7, at('2026-12-03T10:02')))).toBe('2026-12-03T10:02');
    // Imported at 23:59 on Wednesday: not at 00:01 on Thursday, when nobody should be mailed.
    expect(local(firstRunAt(at('2026-12-02T23:59'), 7, at('2026-12-03T00:01')))).toBe('2026-12-03T07:00');
    expect(local(firstRunAt(at('2026-12-03T00:10'), 7))).toBe('2026-12-03T07:00');
  });
});

describe('when a new sender\'s first digests reach people', () => {
  const calendar = legalCalendar();
  const first = (now: string, hour = 7) => local(firstDigestsAt(at(now), hour, at(now) + TWO_MINUTES, calendar));

  it('is two minutes after a daytime import on a working day, and at the hour after a night import', () => {
    expect(first('2026-12-03T10:00')).toBe('2026-12-03T10:02');
    expect(first('2026-12-03T00:10')).toBe('2026-12-03T07:00');
    expect(first('2026-12-03T00:10', 8)).toBe('2026-12-03T08:00');
  });

  it('is the next working day\'s hour after an import on a weekend or a holiday', () => {
    expect(first('2026-12-05T10:00')).toBe('2026-12-07T07:00'); // Saturday → Monday
    expect(first('2026-12-04T23:59')).toBe('2026-12-07T07:00'); // Friday night → Monday
    expect(first('2026-04-30T10:00')).toBe('2026-05-04T07:00'); // 30/4 and 1/5, then the weekend
  });

  it('is said with the time, the date and, when it is hours away, how to send sooner', () => {
    const night = at('2026-12-05T10:00');
    expect(firstDigestsSentence({ startedAt: night, at: firstDigestsAt(night, 7, night + TWO_MINUTES, calendar), hour: 7 }, 'dondoc digest send')).toBe(
      'Thư tổng hợp đầu tiên sẽ gửi lúc 07:00 ngày 07/12/2026, sau đó lúc 7 giờ mỗi ngày làm việc. Muốn gửi sớm hơn: dondoc digest send.',
    );
    const day = at('2026-12-03T10:00');
    expect(firstDigestsSentence({ startedAt: day, at: day + TWO_MINUTES, hour: 8 }, 'dondoc digest send')).toBe('Thư tổng hợp đầu tiên sẽ gửi lúc 10:02 ngày 03/12/2026, sau đó lúc 8 giờ mỗi ngày làm việc.');
  });
});
