import { toVietnameseDate } from '../dates';
import { DueDate, RecurrenceRule, Schedule, Sla } from './schedule';

/** Vietnamese descriptions of what the engine understood, for the preview and the CLI. */

const WEEKDAY_NAMES = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const dayText = (day: number | 'last', period: string) => (day === 'last' ? `ngày cuối ${period}` : `ngày ${String(day).padStart(2, '0')}`);
/** "ngày 19 tháng 6", "ngày cuối tháng 12" (not "ngày cuối tháng tháng 12"). */
const dayOfMonth = (day: number | 'last', month: number) => (day === 'last' ? `ngày cuối tháng ${month}` : `ngày ${String(day).padStart(2, '0')} tháng ${month}`);

export function describeRule(rule: RecurrenceRule): string {
  switch (rule.freq) {
    case 'weekly':
      return `hằng tuần, ${WEEKDAY_NAMES[rule.weekday]}`;
    case 'monthly':
      return `hằng tháng, ${dayText(rule.day, 'tháng')}`;
    case 'quarterly':
      return `hằng quý, ${dayText(rule.day, 'tháng')} của tháng ${['đầu', 'giữa', 'cuối'][rule.monthOfQuarter - 1]} quý`;
    case 'half-yearly':
      return `6 tháng một lần, ${dayOfMonth(rule.day, rule.monthOfHalf)} và tháng ${rule.monthOfHalf + 6}`;
    case 'yearly':
      return `hằng năm, ${[rule, ...(rule.alsoOn ?? [])].map((d) => dayOfMonth(d.day, d.month)).join(' và ')}`;
    case 'every-n-months':
      return `${rule.months} tháng một lần, ${dayText(rule.day, 'kỳ')}`;
  }
}

export function describeSla(sla: Sla): string {
  if (sla.immediate) return 'ngay sau sự kiện';
  const unit = sla.unit === 'working-days' ? 'ngày làm việc' : 'ngày';
  const base = sla.direction === 'before' ? `trước ${sla.amount} ${unit} so với hạn của hồ sơ` : `${sla.amount} ${unit} kể từ sự kiện`;
  return sla.alternative ? `${base} (${sla.alternative.amount} ${unit} nếu ${sla.alternative.condition})` : base;
}

/** How an implied schedule is marked wherever it is shown: it was never stated, the office confirms it. */
export const INFERRED_MARK = '(suy ra, cần xác nhận)';

/** How a reading the grammar covered only in part is marked wherever it is shown. */
export const TO_CONFIRM_MARK = '(cần xác nhận)';

const dateText = (d: DueDate) =>
  `${d.role === 'target' ? 'mục tiêu ' : ''}${toVietnameseDate(d.nominal)}${d.opensOn ? ` (bắt đầu từ ${toVietnameseDate(d.opensOn)})` : ''}${d.label ? ` (${d.label})` : ''}`;

/** "hạn 31/03/2025; 30/06/2025", or with a "trước X" date beside its deadline: "trước 30/04/2025 → hạn 29/04/2025". */
function dueText(dates: DueDate[]): string {
  if (!dates.some((d) => d.before)) return `hạn ${dates.map(dateText).join('; ')}`;
  return dates.map((d) => (d.before ? `trước ${toVietnameseDate(d.before)} → hạn ${dateText(d)}` : `hạn ${dateText(d)}`)).join('; ');
}

export function describeSchedule(schedule: Schedule): string {
  const dates = schedule.dates.map(dateText).join('; ');
  const mark = schedule.inferred ? ` ${INFERRED_MARK}` : schedule.toConfirm ? ` ${TO_CONFIRM_MARK}` : '';
  switch (schedule.kind) {
    case 'once':
      return `Một lần${mark}: ${dueText(schedule.dates)}${schedule.trigger ? '; có thể phát sinh đột xuất' : ''}`;
    case 'recurring':
      return `Định kỳ${mark} ${schedule.rule ? describeRule(schedule.rule) : ''}${schedule.trigger ? '; và đột xuất' : ''}`;
    case 'event':
      return `Theo sự kiện${mark}${schedule.sla ? `, hạn ${describeSla(schedule.sla)}` : ', hạn do văn bản kích hoạt ấn định'}${dates ? `; hạn dự phòng ${dates}` : ''}`;
    case 'continuous':
      return `Thường xuyên${mark}, kiểm tra ${schedule.checkIn ? describeRule(schedule.checkIn) : 'hằng tháng'}${schedule.sla ? `; mỗi trường hợp: ${describeSla(schedule.sla)}` : ''}`;
    case 'unknown':
      return `Chưa đọc được: ${schedule.reason ?? ''}`;
  }
}
