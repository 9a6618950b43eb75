import { z } from 'zod';
import { DEFAULT_POLICY, ReminderPolicy } from './reminders';

const days = (max: number) => z.number({ invalid_type_error: 'phải là số ngày' }).int('phải là số nguyên').min(0, 'không được âm').max(max, `tối đa ${max}`);

/** A plan's own reminder policy (policy.json): every field optional, the defaults fill the rest. */
export const policySchema = z
  .object({
    remindWorkingDaysBefore: z
      .array(days(60))
      .min(1, 'cần ít nhất một lần nhắc')
      .refine((a) => new Set(a).size === a.length, 'các số ngày nhắc không được trùng nhau'),
    hour: z.number().int('phải là giờ nguyên').min(6, 'giờ gửi từ 6').max(18, 'đến 18 (giờ hành chính)'),
    escalateAfterWorkingDays: days(30),
    leaderAfterWorkingDays: days(30),
    repeatEveryDays: days(31).min(1, 'ít nhất 1 ngày'),
    autoAccept: z.boolean({ invalid_type_error: 'phải là true hoặc false' }),
    checkInWorkingDaysBefore: days(15),
    digest: z.boolean({ invalid_type_error: 'phải là true (gửi thư tổng hợp hằng ngày) hoặc false (gửi từng thư)' }),
    truocNgay: z.enum(['truoc', 'den-het'], {
      errorMap: () => ({ message: 'phải là "truoc" (trước ngày 30/4 là hạn 29/4) hoặc "den-het" (hạn đến hết ngày 30/4)' }),
    }),
  })
  .partial()
  .strict('trường không có trong chính sách nhắc việc');

export type PolicyOverrides = z.infer<typeof policySchema>;

export function withDefaults(overrides: PolicyOverrides | undefined): ReminderPolicy {
  return { ...DEFAULT_POLICY, ...overrides };
}
