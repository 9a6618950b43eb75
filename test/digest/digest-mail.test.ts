import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { DigestLine, digestMail, DigestMailInput, digestShortText } from '../../domain/notifications/digest-mail';

const spec = (where: string, content: string) => ({ where, content, lead: { id: 'vp', name: 'Văn phòng Sở' }, plan: { number: '16/KH-SKHCN', title: 'Kế hoạch', date: '2035-03-05', year: 2035 }, deadlineText: 'Ngày 05 hàng tháng', expectedOutput: 'Danh sách công khai' });
const line = (where: string, kind: DigestLine['item']['kind'], effective: string, url: string, why = 'nhắc trước hạn 3 ngày làm việc'): DigestLine => ({
  item: { key: `16-KH-SKHCN-2035/${where}/chinh/x`, kind, step: 'x', why },
  spec: spec(where, `Nhiệm vụ ${where}`),
  occurrence: { id: 'chinh', label: '', effective, nominal: effective },
  link: { text: `Xem nhiệm vụ: ${url}`, html: `<p><a href="${url}">Xem nhiệm vụ</a></p>`, url },
});

const input: DigestMailInput = {
  list: 'tong-hop',
  to: { name: 'Nguyễn Thị Thu Hà', email: 'vanphong@skhcn-angiang.example' },
  day: '2035-04-25',
  calendar: legalCalendar(),
  office: { name: 'Văn phòng Sở', email: 'vanphong@skhcn-angiang.example' },
  lines: [line('3.4', 'reminder', '2035-05-02', 'https://dondoc.example/lien-ket/a.b'), line('1.2', 'escalation', '2035-04-20', 'https://dondoc.example/lien-ket/c.d', 'quá hạn 1 ngày làm việc')],
};

describe('a digest', () => {
  it('reads as one mail: the late first, then what is coming, each line with its deadline and link', () => {
    const mail = digestMail(input);
    expect(mail.subject).toBe('[Tổng hợp nhắc việc] Ngày 25/04/2035: 1 quá hạn, 1 sắp đến hạn');
    expect(mail.text.indexOf('NHIỆM VỤ ĐÃ QUÁ HẠN (1)')).toBeLessThan(mail.text.indexOf('SẮP ĐẾN HẠN (1)'));
    expect(mail.text).toContain('- Mục 1.2: Nhiệm vụ 1.2\n  hạn 20/04/2035, đã quá 5 ngày\n  Kết quả cần nộp: Danh sách công khai\n  Xem nhiệm vụ: https://dondoc.example/lien-ket/c.d');
    expect(mail.text).toContain('- Mục 3.4: Nhiệm vụ 3.4\n  hạn 02/05/2035, còn 3 ngày làm việc');
  });

  it('is short on Zalo: one line per item with its link while it fits, else the lines and where to read the rest', () => {
    const subject = digestMail(input).subject;
    expect(digestShortText(input, subject, 2000)).toBe(
      '[Tổng hợp nhắc việc] Ngày 25/04/2035: 1 quá hạn, 1 sắp đến hạn\n\nNhiệm vụ đã quá hạn (1):\n• Mục 1.2: hạn 20/04/2035, đã quá 5 ngày https://dondoc.example/lien-ket/c.d\n\nSắp đến hạn (1):\n• Mục 3.4: hạn 02/05/2035, còn 3 ngày làm việc https://dondoc.example/lien-ket/a.b',
    );
    // Real signed links are ≈150 characters: two of them no longer fit in 400.
    const long = { ...input, lines: input.lines.map((l) => ({ ...l, link: { ...l.link, url: `${l.link.url}${'x'.repeat(120)}` } })) };
    const short = digestShortText(long, subject, 400);
    expect(short).not.toContain('https://');
    expect(short).toContain('• Mục 3.4: hạn 02/05/2035, còn 3 ngày làm việc');
    expect(short.endsWith('Chi tiết và liên kết từng việc: trong thư điện tử hoặc trên trang web đôn đốc nhiệm vụ.')).toBe(true);
    expect(short.length).toBeLessThanOrEqual(400);
    expect(digestShortText(input, subject, 150).length).toBeLessThanOrEqual(150);
  });
});
