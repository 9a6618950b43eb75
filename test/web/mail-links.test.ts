import { withLink } from '../../activities/notifications';
import { verifyTaskLink } from '../../activities/task-links';
import { checkInMail, escalationMail, evidenceReturnedMail, linkExpiry, MailContext, reminderMail } from '../../domain/notifications/templates';
import { rowSpec } from '../engine/support';

const spec = { ...rowSpec('2.6', 'Trước ngày 05/9/2035', 'Báo cáo kết quả rà soát'), lead: { id: 'ptcn', name: 'Phòng Phát triển Công nghệ và Chuyển đổi số' } };
const ctx = (today: string): MailContext => ({
  spec,
  occurrence: { id: 'chinh', label: '', opensOn: '2035-03-05', originalNominal: '2035-09-04', nominal: '2035-09-04', effective: '2035-09-04', role: 'deadline', extensions: [], evidence: [] },
  today,
  office: { name: 'Văn phòng Sở', email: 'kiemsoat-tthc@skhcn-angiang.example' },
});
const SECRET = 'khoá-liên-kết-của-thử-nghiệm-0123456789abcdef';
const web = { webBaseUrl: 'https://dondoc.skhcn-angiang.example/', linkSecret: SECRET };
const out = (m: ReturnType<typeof reminderMail>, config: typeof web | object) => withLink({ key: 'k', to: [], cc: [], ...m }, config);

describe('links in mail', () => {
  it('puts a signed link to the occurrence in reminders, escalations and returned-evidence mail, and no command line', () => {
    for (const m of [reminderMail(ctx('2035-08-26')), escalationMail(ctx('2035-09-08'), false), evidenceReturnedMail(ctx('2035-09-02'), 'Thiếu phụ lục')]) {
      const { text, html } = out(m, web);
      expect(text).not.toContain('dondoc task');
      const url = /https:\/\/dondoc\.skhcn-angiang\.example\/lien-ket\/(\S+)/.exec(text)?.[1];
      expect(url).toBeDefined();
      expect(html).toContain(`<a href="https://dondoc.skhcn-angiang.example/lien-ket/${url}">Xem nhiệm vụ và nộp minh chứng</a>`);
      expect(verifyTaskLink(url!, SECRET, '2035-09-10')).toEqual({ ok: true, scope: { unitId: 'ptcn', rowKey: '16-KH-SKHCN-2035/2.6', occurrenceId: 'chinh', expiresOn: m.link!.expiresOn } });
      expect(verifyTaskLink(url!, 'một khoá khác của người khác 0123456789', '2035-09-10')).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it("gives the leader in charge a link to follow the row, not to submit the unit's evidence", () => {
    const m = escalationMail(ctx('2035-09-12'), true);
    expect(m.link).toEqual({ unitId: 'ptcn', rowKey: '16-KH-SKHCN-2035/2.6', occurrenceId: '', expiresOn: '2035-10-12' });
    expect(out(m, web).text).toContain('Xem nhiệm vụ (không cần mật khẩu');
    expect(out(m, web).text).not.toContain('nộp minh chứng');
  });

  it('keeps the link valid 30 days after the deadline, or after the mail when it goes out later', () => {
    expect(reminderMail(ctx('2035-08-26')).link!.expiresOn).toBe('2035-10-04');
    expect(escalationMail(ctx('2035-10-20'), true).link!.expiresOn).toBe('2035-11-19');
    expect(linkExpiry('2025-04-30', '2025-04-23')).toBe('2025-05-30');
    const url = /lien-ket\/(\S+)/.exec(out(reminderMail(ctx('2035-08-26')), web).text)![1];
    expect(verifyTaskLink(url, SECRET, '2035-10-04').ok).toBe(true);
    expect(verifyTaskLink(url, SECRET, '2035-10-05')).toEqual({ ok: false, reason: 'expired' });
  });

  it('writes the task id instead when no web app is configured', () => {
    const { text, html } = out(reminderMail(ctx('2035-08-26')), {});
    expect(text).toContain('Mã nhiệm vụ: 16-KH-SKHCN-2035/2.6, lần thực hiện chính. Gửi minh chứng cho Văn phòng Sở kèm mã này.');
    expect(text).not.toContain('lien-ket');
    expect(html).not.toContain('{{');
  });

  it("links a continuous duty's check-in to the row, for viewing only", () => {
    const m = checkInMail({ spec, periodStart: '2035-08-21', cutoff: '2035-09-20', effectiveCutoff: '2035-09-21', office: ctx('2035-09-17').office });
    expect(m.link).toEqual({ unitId: 'ptcn', rowKey: '16-KH-SKHCN-2035/2.6', occurrenceId: '', expiresOn: '2035-10-21' });
    const { text } = out(m, web);
    expect(text).toContain('Xem nhiệm vụ (không cần mật khẩu, dùng được đến hết ngày 21/10/2035)');
    expect(text).not.toContain('dondoc task');
  });
});
