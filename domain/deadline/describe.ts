import { toVietnameseDate } from '../dates';
import { RecurrenceRule, Schedule, Sla } from './schedule';

/** Vietnamese descriptions of what the engine understood, for the preview and the CLI. */

const WEEKDAY_NAMES = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const dayText = (day: number | 'last', period: string) => (day === 'last' ? `ngày cuối ${period}` : `ngày ${String(day).padStart(2, '0')}`);

export function describeRule(rule: RecurrenceRule): string {
  switch (rule.freq) {
    case 'weekly':
      return `hằng tuần, ${WEEKDAY_NAMES[rule.weekday]}`;
    case 'monthly':
      return `hằng tháng, ${dayText(rule.day, 'tháng')}`;
    case 'quarterly':
      return `hằng quý, ${dayText(rule.day, 'tháng')} của tháng ${['đầu', 'giữa', 'cuối'][rule.monthOfQuarter - 1]} quý`;
    case 'half-yearly':
      return `6 tháng một lần, ${dayText(rule.day, 'tháng')} tháng ${rule.monthOfHalf} và tháng ${rule.monthOfHalf + 6}`;
    case 'yearly':
      return `hằng năm, ${[rule, ...(rule.alsoOn ?? [])].map((d) => `${dayText(d.day, 'tháng')} tháng ${d.month}`).join(' và ')}`;
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

export function describeSchedule(schedule: Schedule): string {
  const dates = schedule.dates
    .map((d) => `${d.role === 'target' ? 'mục tiêu ' : ''}${toVietnameseDate(d.nominal)}${d.opensOn ? ` (bắt đầu từ ${toVietnameseDate(d.opensOn)})` : ''}${d.label ? ` (${d.label})` : ''}`)
    .join('; ');
  const mark = schedule.inferred ? ` ${INFERRED_MARK}` : '';
  switch (schedule.kind) {
    case 'once':
      return `Một lần${mark}: hạn ${dates}${schedule.trigger ? '; có thể phát sinh đột xuất' : ''}`;
    case 'recurring':
      return `Định kỳ ${schedule.rule ? describeRule(schedule.rule) : ''}${schedule.trigger ? '; và đột xuất' : ''}`;
    case 'event':
      return `Theo sự kiện${schedule.sla ? `, hạn ${describeSla(schedule.sla)}` : ', hạn do văn bản kích hoạt ấn định'}${dates ? `; hạn dự phòng ${dates}` : ''}`;
    case 'continuous':
      return `Thường xuyên${mark}, kiểm tra ${schedule.checkIn ? describeRule(schedule.checkIn) : 'hằng tháng'}${schedule.sla ? `; mỗi trường hợp: ${describeSla(schedule.sla)}` : ''}`;
    case 'unknown':
      return `Chưa đọc được: ${schedule.reason ?? ''}`;
  }
}
