import { LAST_SUPPORTED_YEAR, LegalCalendar } from '../calendar/legal-calendar';
import { addDays, IsoDate } from '../dates';

/**
 * When messages go out for one occurrence: reminders on working days before the effective deadline, then an
 * escalation ladder once it is overdue. Pure: the workflow asks it for the next steps at its own time.
 */
export interface ReminderPolicy {
  /** Working days before the effective deadline; 0 = on the day. */
  remindWorkingDaysBefore: number[];
  /** Local hour (Asia/Ho_Chi_Minh) at which messages go out. */
  hour: number;
  /** First escalation: this many working days after the effective deadline, to the head with Văn phòng in copy. */
  escalateAfterWorkingDays: number;
  /** Then to the leader in charge, this many working days after the first escalation. */
  leaderAfterWorkingDays: number;
  /** Then weekly (calendar days) until done. */
  repeatEveryDays: number;
  /** Accept evidence without the office's review. */
  autoAccept: boolean;
  /** Continuous duties: ask for an update this many working days before each period's cut-off. */
  checkInWorkingDaysBefore: number;
  /**
   * Deliver through one daily digest per person (true) or one mail per step (false). Absent: the row's start decides
   * (plan import starts rows with digests; rows started before digests existed keep mailing each step).
   */
  digest?: boolean;
}

export const DEFAULT_POLICY: ReminderPolicy = {
  remindWorkingDaysBefore: [7, 3, 1, 0],
  hour: 8,
  escalateAfterWorkingDays: 1,
  leaderAfterWorkingDays: 3,
  repeatEveryDays: 7,
  autoAccept: false,
  checkInWorkingDaysBefore: 2,
};

export type Audience = 'head' | 'head+office' | 'leader';

export interface Step {
  /** Stable within the occurrence; part of the idempotency key: "nhac-7", "qua-han-1", "lanh-dao", "hang-tuan-2". */
  step: string;
  kind: 'reminder' | 'escalation' | 'check-in';
  /** Epoch ms at which it is due. */
  at: number;
  day: IsoDate;
  audience: Audience;
  /** Coordinating units are copied on the first reminder only. */
  copyCoordinating: boolean;
  /** Vietnamese: why this message goes out. */
  why: string;
}

/**
 * The instant of a local hour in Vietnam. Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so
 * plain arithmetic is exact; it matters because workflows call this hundreds of times per task, where a time-zone
 * database lookup through Intl is slow.
 */
export function atLocalHour(day: IsoDate, hour: number): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hour) - 7 * 3600 * 1000;
}

/** Reminders and the first escalations of an occurrence, and weekly escalations up to `horizonWeeks`. */
export function plannedSteps(effectiveDue: IsoDate, opensOn: IsoDate, policy: ReminderPolicy, calendar: LegalCalendar, horizonWeeks = 52): Step[] {
  const steps: Step[] = [];
  const reminders = [...policy.remindWorkingDaysBefore].sort((a, b) => b - a);
  for (const n of reminders) {
    const day = n === 0 ? effectiveDue : calendar.addWorkingDays(effectiveDue, -n);
    if (day < opensOn) continue;
    steps.push({
      step: `nhac-${n}`,
      kind: 'reminder',
      at: atLocalHour(day, policy.hour),
      day,
      audience: 'head',
      copyCoordinating: false,
      why: n === 0 ? 'nhắc vào ngày đến hạn' : `nhắc trước hạn ${n} ngày làm việc`,
    });
  }
  if (steps.length === 0) {
    // Opened too late for any reminder (a row imported close to its deadline): one reminder on opening.
    steps.push({ step: 'nhac-mo', kind: 'reminder', at: atLocalHour(opensOn, policy.hour), day: opensOn, audience: 'head', copyCoordinating: false, why: 'nhắc khi bắt đầu theo dõi' });
  }
  steps[0] = { ...steps[0], copyCoordinating: true };
  const first = calendar.addWorkingDays(effectiveDue, policy.escalateAfterWorkingDays);
  steps.push({ step: 'qua-han-1', kind: 'escalation', at: atLocalHour(first, policy.hour), day: first, audience: 'head+office', copyCoordinating: false, why: `quá hạn ${policy.escalateAfterWorkingDays} ngày làm việc: báo Trưởng đơn vị, đồng gửi Văn phòng` });
  const leader = calendar.addWorkingDays(first, policy.leaderAfterWorkingDays);
  steps.push({ step: 'lanh-dao', kind: 'escalation', at: atLocalHour(leader, policy.hour), day: leader, audience: 'leader', copyCoordinating: false, why: `quá hạn thêm ${policy.leaderAfterWorkingDays} ngày làm việc: báo Lãnh đạo phụ trách` });
  for (let week = 1; week <= horizonWeeks; week++) {
    const nominal = addDays(leader, policy.repeatEveryDays * week);
    if (Number(nominal.slice(0, 4)) > LAST_SUPPORTED_YEAR) break; // the legal calendar ends with 2100
    const day = calendar.effectiveDue(nominal);
    steps.push({ step: `hang-tuan-${week}`, kind: 'escalation', at: atLocalHour(day, policy.hour), day, audience: 'leader', copyCoordinating: false, why: `vẫn quá hạn: nhắc hằng tuần (lần ${week})` });
  }
  return steps;
}
