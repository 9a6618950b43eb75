import { parseDeadline } from '../../domain/deadline/parse-deadline';
import { Occurrence, RowSpec } from '../../domain/tracking/row-state';
import { nextDue, nextVisibilityChangeAt, rowDetails, rowMemo, rowSearchAttributes, rowStatus, rowSummary, sameAttributes } from '../../domain/tracking/row-visibility';

const spec: RowSpec = {
  planKey: '16-KH-SKHCN-2025',
  plan: { number: '16/KH-SKHCN', title: 'Kế hoạch kiểm soát TTHC năm 2025', date: '2025-03-05', year: 2025 },
  where: '3.4',
  content: 'Công khai danh sách cơ quan, đơn vị, cán bộ, công chức, viên chức giải quyết chậm, muộn hồ sơ hoặc có hành vi nhũng nhiễu, tiêu cực trên Cổng thông tin điện tử; Hệ thống thông tin giải quyết TTHC của tỉnh.',
  lead: { id: 'vp', name: 'Văn phòng Sở' },
  coordinating: [{ id: 'tt', name: 'Thanh tra Sở' }],
  deadlineText: 'Ngày 05 hàng tháng',
  expectedOutput: 'Danh sách công khai',
  evidenceType: 'DS',
  schedule: parseDeadline({ text: 'Ngày 05 hàng tháng', year: 2025, planStart: '2025-03-05' }),
};

const occ = (id: string, opensOn: string, effective: string, extra: Partial<Occurrence> = {}): Occurrence => ({ id, label: id, opensOn, originalNominal: effective, nominal: effective, effective, role: 'deadline', extensions: [], evidence: [], ...extra });
/** An instant in Vietnam (UTC+7). */
const at = (local: string) => new Date(`${local}:00+07:00`).getTime();

describe('what Temporal lists of a row', () => {
  it('says the worst open status: overdue before waiting for review before within time before not yet open', () => {
    const march = occ('2025-03', '2025-03-05', '2025-03-05');
    const april = occ('2025-04', '2025-03-06', '2025-04-08');
    const may = occ('2025-05', '2025-04-06', '2025-05-05');
    expect(rowStatus({ occurrences: [may], needsDeadline: false }, at('2025-03-10T09:00'))).toBe('chua-den-han');
    expect(rowStatus({ occurrences: [april, may], needsDeadline: false }, at('2025-03-10T09:00'))).toBe('dang-thuc-hien-trong-han');
    const pending = { ...april, evidence: [{ id: 'mc-1', documentNumber: '1/DS-SKHCN', documentDate: '2025-04-01', title: 'x', files: [], submitter: { unitId: 'vp', name: 'Hà' }, submittedAt: at('2025-04-01T09:00') }] };
    expect(rowStatus({ occurrences: [pending, may], needsDeadline: false }, at('2025-04-02T09:00'))).toBe('cho-xac-nhan');
    expect(rowStatus({ occurrences: [march, pending, may], needsDeadline: false }, at('2025-04-02T09:00'))).toBe('dang-thuc-hien-qua-han');
  });

  it('says why a row with nothing open is listed: a deadline to set, nothing asked yet, or the worst of what it closed', () => {
    expect(rowStatus({ occurrences: [], needsDeadline: true }, at('2025-04-02T09:00'))).toBe('chua-co-han');
    expect(rowStatus({ occurrences: [], needsDeadline: false }, at('2025-04-02T09:00'))).toBe('chua-den-han');
    const late = occ('m1', '2025-03-05', '2025-03-31', { outcome: 'late' });
    const onTime = occ('m2', '2025-03-05', '2025-06-30', { outcome: 'on-time' });
    expect(rowStatus({ occurrences: [onTime, late], needsDeadline: false }, at('2025-07-02T09:00'))).toBe('hoan-thanh-qua-han');
    expect(rowStatus({ occurrences: [occ('m1', '2025-03-05', '2025-03-31', { cancelled: { reason: 'x', at: 0 } })], needsDeadline: false }, at('2025-07-02T09:00'))).toBe('da-huy');
  });

  it('lists the next deadline ahead, or the oldest missed one when every open deadline has passed, and none when nothing is open', () => {
    const occurrences = [occ('2025-03', '2025-03-05', '2025-03-05'), occ('2025-04', '2025-03-06', '2025-04-08')];
    // The deadline day counts until its end.
    expect(nextDue(occurrences, at('2025-03-05T23:00'))).toBe('2025-03-05');
    expect(nextDue(occurrences, at('2025-03-06T00:01'))).toBe('2025-04-08');
    expect(nextDue(occurrences, at('2025-05-01T09:00'))).toBe('2025-03-05');
    expect(nextDue([occ('m1', '2025-03-05', '2025-03-31', { outcome: 'on-time' })], at('2025-03-06T09:00'))).toBeUndefined();
    const attributes = rowSearchAttributes({ spec, occurrences, needsDeadline: false }, at('2025-03-06T09:00'));
    expect(attributes).toEqual({ DondocPlan: ['16-KH-SKHCN-2025'], DondocUnit: ['vp'], DondocStatus: ['dang-thuc-hien-qua-han'], DondocNextDue: [new Date('2025-04-07T17:00:00Z')], DondocYear: [2025] });
    expect(rowSearchAttributes({ spec, occurrences: [], needsDeadline: true }, at('2025-03-06T09:00')).DondocNextDue).toEqual([]);
  });

  it('wakes the row when an occurrence opens or a deadline day ends, and not for closed occurrences', () => {
    const occurrences = [occ('2025-04', '2025-03-06', '2025-04-08'), occ('m1', '2025-03-01', '2025-03-10', { outcome: 'on-time' })];
    expect(nextVisibilityChangeAt(occurrences, at('2025-03-05T09:00'))).toBe(at('2025-03-06T00:00'));
    expect(nextVisibilityChangeAt(occurrences, at('2025-03-06T09:00'))).toBe(at('2025-04-09T00:00'));
    expect(nextVisibilityChangeAt(occurrences, at('2025-04-09T09:00'))).toBeUndefined();
  });

  it('compares attributes as the server hands them back, Datetimes as strings', () => {
    const mine = { DondocNextDue: [new Date('2025-04-07T17:00:00Z')], DondocUnit: ['vp'] };
    expect(sameAttributes(mine, { DondocNextDue: ['2025-04-07T17:00:00Z'], DondocUnit: ['vp'] })).toBe(true);
    expect(sameAttributes(mine, { DondocNextDue: ['2025-04-07T17:00:00Z'], DondocUnit: ['tt'] })).toBe(false);
    expect(sameAttributes({ DondocNextDue: [] }, {})).toBe(true);
  });

  it('sums the row up on one line cut at a word, with the plan, the whole task and the lead unit in details and memo', () => {
    const summary = rowSummary(spec);
    expect(summary.startsWith('3.4 · Văn phòng Sở · Công khai danh sách cơ quan, đơn vị')).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    expect([...summary].length).toBeLessThanOrEqual(90);
    expect(spec.content).toContain(summary.slice('3.4 · Văn phòng Sở · '.length, -1));
    expect(rowSummary({ ...spec, content: 'Báo cáo tháng' })).toBe('3.4 · Văn phòng Sở · Báo cáo tháng');
    const details = rowDetails(spec);
    expect(details).toContain('**16/KH-SKHCN** — Kế hoạch kiểm soát TTHC năm 2025');
    expect(details).toContain(`Mục 3.4: ${spec.content}`);
    expect(details).toContain('Phối hợp: Thanh tra Sở');
    expect(rowMemo(spec)).toEqual({ planTitle: '16/KH-SKHCN — Kế hoạch kiểm soát TTHC năm 2025', rowText: spec.content, leadUnit: 'Văn phòng Sở' });
  });
});
