import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { LegalCalendar } from '../../domain/calendar/legal-calendar';
import { toVietnameseDate, VN_ZONE } from '../../domain/dates';
import { plannedSteps, ReminderPolicy } from '../../domain/policy/reminders';
import { STATUS_LABEL } from '../../domain/tracking/row-state';
import type { Store } from '../store/database';
import { UnitCalendarOccurrence, unitCalendarOccurrences, unitName } from '../store/read-model';

export interface UnitFeedInput {
  unitId: string;
  unitName: string;
  occurrences: UnitCalendarOccurrence[];
  policy: ReminderPolicy;
  calendar: LegalCalendar;
}

/** Stable across imports, extensions and reassignments: the row's business key and the occurrence's id. */
export function eventUid(o: Pick<UnitCalendarOccurrence, 'rowKey' | 'occurrenceId'>): string {
  return `${o.rowKey}/${o.occurrenceId}@dondoc`;
}

const DONE = new Set(['hoan-thanh-dung-han', 'hoan-thanh-qua-han']);

function summaryOf(o: UnitCalendarOccurrence): string {
  const task = o.task.length > 90 ? `${o.task.slice(0, 89).trimEnd()}…` : o.task;
  return `[${o.where}] ${task}${o.label ? ` (${o.label})` : ''}`;
}

function descriptionOf(o: UnitCalendarOccurrence): string {
  const moved = o.nominal !== o.originalNominal ? ` (hạn ban đầu ${toVietnameseDate(o.originalNominal)}, đã gia hạn)` : '';
  return [
    `Kế hoạch ${o.planNumber}, mục ${o.where}: ${o.task}`,
    `Chủ trì: ${o.unit}`,
    `Thời hạn ghi trong kế hoạch: ${o.deadlineText}`,
    `Hạn tính theo luật: ${toVietnameseDate(o.effective)}${o.effective !== o.nominal ? ` (hạn ghi ${toVietnameseDate(o.nominal)} rơi vào ngày nghỉ)` : ''}${moved}`,
    o.expectedOutput ? `Kết quả cần có: ${o.expectedOutput}` : '',
    `Trạng thái: ${STATUS_LABEL[o.status]}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * A unit's occurrences as an iCalendar feed: one all-day event on each effective deadline, alarms when the policy
 * sends reminders (none once the work is accepted). Pure and deterministic: DTSTAMP is the row's last recorded
 * change, so calendar clients see a change only when there is one, and SEQUENCE is the occurrence's revision.
 */
export function unitFeed(input: UnitFeedInput): string {
  const cal = ical({
    name: `Việc của ${input.unitName}`,
    description: `Thời hạn các nhiệm vụ do ${input.unitName} chủ trì (dondoc)`,
    prodId: { company: 'dondoc', product: 'lich-don-vi', language: 'VI' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const o of input.occurrences) {
    const event = cal.createEvent({
      id: eventUid(o),
      sequence: o.revision,
      stamp: new Date(o.recordedAt),
      start: DateTime.fromISO(o.effective, { zone: VN_ZONE }),
      allDay: true,
      summary: summaryOf(o),
      description: descriptionOf(o),
    });
    if (DONE.has(o.status)) continue;
    for (const step of plannedSteps(o.effective, o.opensOn, input.policy, input.calendar, 0)) {
      if (step.kind !== 'reminder') continue;
      event.createAlarm({ type: ICalAlarmType.display, trigger: new Date(step.at), description: `${summaryOf(o)}: ${step.why}, hạn ${toVietnameseDate(o.effective)}` });
    }
  }
  return cal.toString();
}

/** Reads the unit's occurrences from the read model and builds its feed. */
export async function loadUnitFeed(db: Store, unitId: string, policy: ReminderPolicy, calendar: LegalCalendar, asOfMs: number): Promise<{ ics: string; events: number; unitName: string }> {
  const occurrences = await unitCalendarOccurrences(db, unitId, asOfMs);
  const name = (await unitName(db, unitId)) ?? unitId;
  return { ics: unitFeed({ unitId, unitName: name, occurrences, policy, calendar }), events: occurrences.length, unitName: name };
}
