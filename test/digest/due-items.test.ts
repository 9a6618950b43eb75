import { legalCalendar } from '../../domain/calendar/legal-calendar';
import { rowCalendar } from '../../domain/calendar/snapshot';
import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { earlyWorkingDays, withEarlyItems } from '../../domain/digest/bundling';
import { DigestItem, DigestSource, dueDigestItems } from '../../domain/digest/due-items';
import { DEFAULT_POLICY } from '../../domain/policy/reminders';
import { Occurrence, RowSpec } from '../../domain/tracking/row-state';

/**
 * One row due in April 2035. April ends on Monday 30/04, a holiday like Tuesday 01/05, so the effective deadline is
 * Wednesday 02/05: reminders Thursday 19/04 (7 working days before), Wednesday 25/04 (3), Friday 27/04 (1) and 02/05
 * itself; the head's escalation Thursday 03/05, the leader's Tuesday 08/05, then weekly from Tuesday 15/05.
 */
const spec: RowSpec = {
  planKey: '16-KH-SKHCN-2035',
  plan: { number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC', date: '2035-03-05', year: 2035 },
  where: '1.1',
  content: 'Xây dựng kế hoạch kiểm soát thủ tục hành chính',
  lead: { id: 'vp', name: 'Văn phòng Sở' },
  coordinating: [],
  deadlineText: 'Tháng 04/2035',
  expectedOutput: 'Kế hoạch',
  evidenceType: 'KH',
  schedule: parseDeadline({ text: 'Tháng 04/2035', year: 2035, planStart: '2035-03-05' }),
};
const head = { name: 'Nguyễn Thị Thu Hà', email: 'vanphong@skhcn-angiang.example' };
const leader = { name: 'Lê Thị Hồng Nhung', email: 'pgd.nhung@skhcn-angiang.example' };
const office = { name: 'Văn phòng Sở', email: 'kiemsoat-tthc@skhcn-angiang.example' };
const at = (local: string) => new Date(`${local}:00+07:00`).getTime();

function occurrence(extra: Partial<Occurrence> = {}): Occurrence {
  return { id: 'chinh', label: '', opensOn: '2035-03-05', originalNominal: '2035-04-30', nominal: '2035-04-30', effective: '2035-05-02', role: 'deadline', extensions: [], evidence: [], ...extra };
}

function source(occ: Occurrence, extra: Partial<DigestSource> = {}): DigestSource {
  return { rowKey: '16-KH-SKHCN-2035/1.1', spec, contacts: { head, leader, office, coordinating: [] }, policy: DEFAULT_POLICY, calendar: rowCalendar(2035), from: at('2035-03-05T09:00'), occurrences: [occ], notices: [], ...extra };
}

const steps = (items: DigestItem[]) => items.map((i) => `${i.step} ${new Date(i.at + 7 * 3600000).toISOString().slice(0, 10)} ${i.list} ${i.to.email.split('@')[0]}`);
const evidence = (submitted: string, review?: { decision: 'accept' | 'return'; at: string; reason?: string }) => ({
  id: 'mc-1',
  documentNumber: '15/KH-SKHCN',
  documentDate: submitted.slice(0, 10),
  title: 'Kế hoạch',
  files: [],
  submitter: { unitId: 'vp', name: 'Nguyễn Thị Thu Hà' },
  submittedAt: at(submitted),
  ...(review ? { review: { decision: review.decision, reason: review.reason, reviewer: 'Văn phòng Sở', at: at(review.at) } } : {}),
});

describe('the items a row owes the digests', () => {
  it('are the per-message ladder: reminders and the first escalation to the head, the leader\'s steps to the overdue list', () => {
    expect(steps(dueDigestItems(source(occurrence()), at('2035-05-15T08:00')))).toEqual([
      'nhac-7 2035-04-19 tong-hop vanphong',
      'nhac-3 2035-04-25 tong-hop vanphong',
      'nhac-1 2035-04-27 tong-hop vanphong',
      'nhac-0 2035-05-02 tong-hop vanphong',
      'qua-han-1 2035-05-03 tong-hop vanphong',
      'lanh-dao 2035-05-08 qua-han pgd.nhung',
      'hang-tuan-1 2035-05-15 qua-han pgd.nhung',
    ]);
  });

  it('copy the first reminder to each coordinating unit, as a line of their own digest', () => {
    const ptcn = { name: 'Phòng Phát triển Công nghệ và Chuyển đổi số', email: 'PTCN-CDS@skhcn-angiang.example' };
    const items = dueDigestItems(source(occurrence(), { contacts: { head, leader, office, coordinating: [ptcn, head] } }), at('2035-04-25T08:00'));
    expect(steps(items)).toEqual(['nhac-7 2035-04-19 tong-hop vanphong', 'nhac-7 2035-04-19 tong-hop PTCN-CDS', 'nhac-3 2035-04-25 tong-hop vanphong']);
    expect(items[1]).toMatchObject({ key: '16-KH-SKHCN-2035/1.1/chinh/nhac-7#phoi-hop:ptcn-cds@skhcn-angiang.example', kind: 'coordination', why: 'Văn phòng Sở chủ trì, đơn vị đồng chí phối hợp' });
  });

  it('skip the steps that fell while evidence waited for review, and carry the return with its reason', () => {
    const returned = occurrence({ evidence: [evidence('2035-04-26T10:00', { decision: 'return', at: '2035-05-02T07:00', reason: 'Thiếu phụ lục' })] });
    const notice = { key: '16-KH-SKHCN-2035/1.1/chinh/tra-lai-mc-1', kind: 'evidence-returned' as const, occurrenceId: 'chinh', at: at('2035-05-02T07:00'), detail: 'Thiếu phụ lục' };
    const items = dueDigestItems(source(returned, { notices: [notice] }), at('2035-05-02T08:00'));
    expect(steps(items)).toEqual(['nhac-7 2035-04-19 tong-hop vanphong', 'nhac-3 2035-04-25 tong-hop vanphong', 'evidence-returned 2035-05-02 tong-hop vanphong', 'nhac-0 2035-05-02 tong-hop vanphong']);
    expect(items.find((i) => i.kind === 'evidence-returned')?.why).toBe('Thiếu phụ lục');
  });

  it('stop once the evidence is accepted, and tell the office while it waits', () => {
    expect(steps(dueDigestItems(source(occurrence({ evidence: [evidence('2035-04-26T10:00', { decision: 'accept', at: '2035-04-26T15:00' })], completedAt: at('2035-04-26T15:00'), outcome: 'on-time' })), at('2035-06-30T08:00')))).toEqual([
      'nhac-7 2035-04-19 tong-hop vanphong',
      'nhac-3 2035-04-25 tong-hop vanphong',
    ]);
    const waiting = dueDigestItems(source(occurrence({ evidence: [evidence('2035-04-26T10:00')] })), at('2035-04-27T08:00'));
    expect(steps(waiting)).toEqual(['nhac-7 2035-04-19 tong-hop vanphong', 'nhac-3 2035-04-25 tong-hop vanphong', 'cho-xac-nhan-mc-1 2035-04-26 tong-hop kiemsoat-tthc']);
  });

  it('owe nothing before the row entered digest mode, nor after the plan turned digests off', () => {
    const window = source(occurrence(), { from: at('2035-04-20T00:00'), until: at('2035-05-02T08:00') });
    expect(steps(dueDigestItems(window, at('2035-05-15T08:00')))).toEqual(['nhac-3 2035-04-25 tong-hop vanphong', 'nhac-1 2035-04-27 tong-hop vanphong']);
  });

  it('stop at a cancellation', () => {
    const cancelled = occurrence({ cancelled: { reason: 'Kế hoạch sửa đổi', at: at('2035-04-26T00:00') } });
    expect(steps(dueDigestItems(source(cancelled), at('2035-05-15T08:00')))).toEqual(['nhac-7 2035-04-19 tong-hop vanphong', 'nhac-3 2035-04-25 tong-hop vanphong']);
  });
});

describe('items that may come early', () => {
  const calendar = legalCalendar();
  const all = dueDigestItems(source(occurrence()), at('2035-06-30T08:00'));
  const item = (step: string) => all.find((i) => i.step === step)!;

  it('are the early reminders, the check-ins, the leader\'s weekly repeats and the coordinating units\' copies; what is pressing never moves', () => {
    expect(['nhac-7', 'nhac-3', 'nhac-1', 'nhac-0', 'qua-han-1', 'lanh-dao', 'hang-tuan-1'].map((s) => earlyWorkingDays(item(s)))).toEqual([2, 2, 0, 0, 0, 0, 4]);
    expect(earlyWorkingDays({ kind: 'check-in', step: 'cap-nhat' })).toBe(2);
    expect(earlyWorkingDays({ kind: 'coordination', step: 'nhac-7' })).toBe(20);
    expect(earlyWorkingDays({ kind: 'evidence-returned', step: 'evidence-returned' })).toBe(0);
  });

  it('ride only in a digest the person gets anyway, within their allowance', () => {
    const otherRowToday = { ...item('nhac-0'), key: 'khac/nhac-0', at: at('2035-04-23T08:00') };
    // Monday 23/04: the head has a digest; the reminder of Wednesday 25/04 is two working days ahead and comes along.
    expect(withEarlyItems([otherRowToday], [item('nhac-3'), item('nhac-1')], '2035-04-23', calendar).map((i) => i.step)).toEqual(['nhac-0', 'nhac-3']);
    // Thursday 19/04: 25/04 is four working days ahead, too far.
    expect(withEarlyItems([{ ...otherRowToday, at: at('2035-04-19T08:00') }], [item('nhac-3')], '2035-04-19', calendar).map((i) => i.step)).toEqual(['nhac-0']);
    // Nobody gets a digest only for something early.
    expect(withEarlyItems([], [item('nhac-3')], '2035-04-23', calendar)).toEqual([]);
    // The leader's list of Friday 11/05 takes the weekly repeat of Tuesday 15/05 (two working days ahead).
    const leaderToday = { ...item('lanh-dao'), key: 'khac/lanh-dao', at: at('2035-05-11T08:00') };
    expect(withEarlyItems([leaderToday], [item('hang-tuan-1')], '2035-05-11', calendar).map((i) => i.step)).toEqual(['lanh-dao', 'hang-tuan-1']);
  });
});
