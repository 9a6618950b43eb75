import { CONTINUOUS, EVENT_PATTERNS } from '../constants';
import { EventFact, Fact, ParseText, SlaFact } from '../facts';

/**
 * Parsers for deadlines that wait for something: events ("Khi VPUBND tỉnh có Công văn yêu cầu",
 * "Sau khi Chính phủ ban hành", "Theo yêu cầu", "đột xuất") and per-case SLAs ("trong thời gian 10 ngày
 * kể từ ngày tiếp nhận", "chậm nhất sau 03 ngày", "05 ngày làm việc", "trước 01 ngày của hồ sơ đến hạn").
 */

const N = '(\\d{1,3}|mot|hai|ba|nam|muoi)';
const NUMBER_WORDS: Record<string, number> = { mot: 1, hai: 2, ba: 3, nam: 5, muoi: 10 };
const amountOf = (raw: string) => NUMBER_WORDS[raw] ?? Number(raw);
const BEFORE_CASE_DUE = new RegExp(`truoc\\s+${N}\\s+ngay(\\s+lam viec)?\\s+(?:cua|so voi)`, 'g');
const CONDITIONAL_LONGER = new RegExp(`(truong hop[^.;]*?)(?:thi\\s+)?khong qua\\s+${N}\\s+ngay(\\s+lam viec)?`, 'g');
const DAYS_AFTER_EVENT = new RegExp(`(?:(?:trong (?:thoi gian|vong)|cham nhat(?:\\s+la)?(?:\\s+sau)?|khong qua|sau)\\s+)?${N}\\s+ngay(\\s+lam viec)?(?:\\s+(?:ke tu|tinh tu|sau khi|sau|tu ngay|ke tu khi))?`, 'g');

export function parseSlas(text: ParseText): SlaFact[] {
  const facts: SlaFact[] = [];
  // "trước 01 ngày của hồ sơ đến hạn": due a number of days before the case's own due date.
  text.scan('ngay', BEFORE_CASE_DUE, (m) => {
    facts.push({ type: 'sla', start: m.index, end: m.index + m[0].length, sla: { amount: amountOf(m[1]), unit: m[2] ? 'working-days' : 'calendar-days', direction: 'before' } });
    return true;
  });
  // "không quá 15 ngày" after "trường hợp …": a longer SLA under a condition.
  const alternatives: { amount: number; condition: string; at: number }[] = [];
  text.scan('khong qua', CONDITIONAL_LONGER, (m) => {
    alternatives.push({ amount: amountOf(m[2]), condition: m[1].trim(), at: m.index });
    return true;
  });
  // "(trong thời gian|trong vòng|chậm nhất (là)? (sau)?|không quá) 10 ngày (làm việc)? (kể từ|sau khi|sau)"
  text.scan('ngay', 
    DAYS_AFTER_EVENT,
    (m) => {
      const qualified = /^(trong|cham|khong|sau)/.test(m[0]) || /(ke tu|sau|tu ngay)$/.test(m[0]);
      if (!qualified) return false;
      facts.push({ type: 'sla', start: m.index, end: m.index + m[0].length, sla: { amount: amountOf(m[1]), unit: m[2] ? 'working-days' : 'calendar-days', direction: 'after' } });
      return true;
    },
  );
  if (alternatives.length > 0 && facts.length > 0) {
    const first = facts.find((f) => f.sla.direction === 'after') ?? facts[0];
    const alt = alternatives[0];
    first.sla = { ...first.sla, alternative: { amount: alt.amount, condition: alt.condition } };
  }
  // "ngay sau khi": immediately after the event, when no number of days is given.
  if (facts.length === 0) {
    text.scan('ngay sau khi', /ngay sau khi/g, (m) => {
      facts.push({ type: 'sla', start: m.index, end: m.index + m[0].length, sla: { amount: 0, unit: 'calendar-days', direction: 'after', immediate: true } });
      return false;
    });
  }
  return facts.sort((a, b) => a.start - b.start);
}

/** Any event word at all: one test that lets most phrases, which have none, skip the patterns one by one. */
const ANY_EVENT = new RegExp(EVENT_PATTERNS.map((p) => p.source).join('|'));

export function parseEvents(text: ParseText): EventFact[] {
  const facts: EventFact[] = [];
  if (!ANY_EVENT.test(text.text)) return facts;
  for (const pattern of EVENT_PATTERNS) {
    const m = pattern.exec(text.text);
    if (m) facts.push({ type: 'event', start: m.index, end: m.index + m[0].length, adHocOnly: /dot xuat|theo chi dao/.test(m[0]) });
  }
  return facts.sort((a, b) => a.start - b.start);
}

export function isContinuous(folded: string): boolean {
  return CONTINUOUS.test(folded);
}

export type { Fact };
