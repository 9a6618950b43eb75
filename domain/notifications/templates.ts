import { addDays, daysBetween, IsoDate, toVietnameseDate } from '../dates';
import { Occurrence, RowSpec } from '../tracking/row-state';

/**
 * Vietnamese mail for reminders, escalations and review outcomes. Pure functions: the workflow builds the
 * message (so a planned message's subject is visible before it goes out) and an activity sends it.
 */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** What the mail's link opens; the sending activity signs it (or writes the task id when no web app is set up). */
  link?: TaskLinkScope;
}

/** One unit's access to one row (and one occurrence of it, '' for the row only) until a last day. */
export interface TaskLinkScope {
  unitId: string;
  rowKey: string;
  occurrenceId: string;
  expiresOn: IsoDate;
}

/** Where the link line goes in a mail's text and HTML: the activity replaces it. */
export const LINK_PLACEHOLDER = '{{lien-ket-nhiem-vu}}';

/** Links stay valid this many days after the deadline, or after the mail when it goes out later than that. */
export const LINK_VALID_DAYS = 30;
export const linkExpiry = (deadline: IsoDate, mailDay: IsoDate): IsoDate => addDays(deadline > mailDay ? deadline : mailDay, LINK_VALID_DAYS);

export interface MailContext {
  spec: RowSpec;
  occurrence: Occurrence;
  /** The day the message goes out. */
  today: IsoDate;
  office: { name: string; email: string };
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function lines(ctx: MailContext, lead: string): string[] {
  const { spec, occurrence: occ, today } = ctx;
  const left = daysBetween(today, occ.effective);
  const timing = left > 0 ? `Còn ${left} ngày đến hạn.` : left === 0 ? 'Hôm nay là ngày đến hạn.' : `Đã quá hạn ${-left} ngày.`;
  return [
    lead,
    '',
    `Nhiệm vụ: ${spec.content}`,
    `Theo: Kế hoạch số ${spec.plan.number} ngày ${toVietnameseDate(spec.plan.date)}, mục ${spec.where}${occ.label ? ` (${occ.label})` : ''}`,
    `Thời hạn ghi trong kế hoạch: ${spec.deadlineText}`,
    `Hạn: ${toVietnameseDate(occ.nominal)}${occ.effective !== occ.nominal ? `; hạn tính theo Điều 148 Bộ luật Dân sự: ${toVietnameseDate(occ.effective)}` : ''}`,
    timing,
    `Kết quả cần nộp: ${spec.expectedOutput}`,
    '',
    LINK_PLACEHOLDER,
    `Liên hệ: ${ctx.office.name} (${ctx.office.email}).`,
  ];
}

function mail(subject: string, body: string[], link?: TaskLinkScope): MailContent {
  const text = body.join('\n');
  const html = `<div style="font-family:sans-serif">${body.map((l) => (l === '' ? '<br>' : `<p>${escapeHtml(l)}</p>`)).join('')}</div>`;
  return { subject, text, html, ...(link ? { link } : {}) };
}

const occurrenceLink = (ctx: MailContext): TaskLinkScope => ({
  unitId: ctx.spec.lead.id,
  rowKey: `${ctx.spec.planKey}/${ctx.spec.where}`,
  occurrenceId: ctx.occurrence.id,
  expiresOn: linkExpiry(ctx.occurrence.effective, ctx.today),
});

export function reminderMail(ctx: MailContext): MailContent {
  return mail(`[Nhắc việc] ${ctx.spec.where} — hạn ${toVietnameseDate(ctx.occurrence.effective)}: ${truncate(ctx.spec.content)}`, lines(ctx, `Kính gửi ${ctx.spec.lead.name},`), occurrenceLink(ctx));
}

export function escalationMail(ctx: MailContext, toLeader: boolean): MailContent {
  const lead = toLeader ? `Kính gửi Lãnh đạo Sở phụ trách ${ctx.spec.lead.name},` : `Kính gửi ${ctx.spec.lead.name},`;
  return mail(`[Quá hạn] ${ctx.spec.where} — hạn ${toVietnameseDate(ctx.occurrence.effective)}: ${truncate(ctx.spec.content)}`, lines(ctx, `${lead}\nNhiệm vụ dưới đây đã quá hạn mà chưa có minh chứng hoàn thành.`),
    // The leader in charge follows the row; only the unit submits its evidence.
    toLeader ? { ...occurrenceLink(ctx), occurrenceId: '' } : occurrenceLink(ctx),
  );
}

/** A changed holiday calendar moved the effective deadline: the unit hears the new date and why. */
export function deadlineMovedMail(ctx: MailContext, from: string, document: string): MailContent {
  return mail(`[Đổi hạn] ${ctx.spec.where} — hạn mới ${toVietnameseDate(ctx.occurrence.effective)}: ${truncate(ctx.spec.content)}`, lines(ctx, `Kính gửi ${ctx.spec.lead.name},\nDo lịch nghỉ thay đổi (${document}), hạn của nhiệm vụ dưới đây chuyển từ ${toVietnameseDate(from)} sang ${toVietnameseDate(ctx.occurrence.effective)}.`), occurrenceLink(ctx));
}

export function evidenceReturnedMail(ctx: MailContext, reason: string): MailContent {
  return mail(`[Trả lại minh chứng] ${ctx.spec.where}: ${truncate(ctx.spec.content)}`, lines(ctx, `Kính gửi ${ctx.spec.lead.name},\nVăn phòng Sở trả lại minh chứng với lý do: ${reason}`), occurrenceLink(ctx));
}

export interface CheckInContext {
  spec: RowSpec;
  periodStart: IsoDate;
  cutoff: IsoDate;
  effectiveCutoff: IsoDate;
  office: { name: string; email: string };
}

/** The periodic question a continuous duty gets: what was done in the period, in time for the report it feeds. */
export function checkInMail(ctx: CheckInContext): MailContent {
  const { spec } = ctx;
  const period = `từ ${toVietnameseDate(ctx.periodStart)} đến ${toVietnameseDate(ctx.cutoff)}`;
  return mail(`[Cập nhật tình hình] ${spec.where} — kỳ ${period}: ${truncate(spec.content)}`, [
    `Kính gửi ${spec.lead.name},`,
    '',
    `Nhiệm vụ thường xuyên: ${spec.content}`,
    `Theo: Kế hoạch số ${spec.plan.number} ngày ${toVietnameseDate(spec.plan.date)}, mục ${spec.where}`,
    `Thời hạn ghi trong kế hoạch: ${spec.deadlineText}`,
    `Kỳ số liệu: ${period}.`,
    `Đề nghị đơn vị gửi ${ctx.office.name} kết quả thực hiện trong kỳ (việc đã làm, số liệu, khó khăn, vướng mắc) chậm nhất ngày ${toVietnameseDate(ctx.effectiveCutoff)} để tổng hợp vào báo cáo.`,
    `Kết quả của nhiệm vụ: ${spec.expectedOutput}`,
    '',
    'Khi có văn bản hay trường hợp cụ thể cần xử lý, Văn phòng Sở mở một lần thực hiện riêng và báo đơn vị.',
    LINK_PLACEHOLDER,
    `Liên hệ: ${ctx.office.name} (${ctx.office.email}).`,
  ], { unitId: spec.lead.id, rowKey: `${spec.planKey}/${spec.where}`, occurrenceId: '', expiresOn: linkExpiry(ctx.effectiveCutoff, ctx.effectiveCutoff) });
}

export function truncate(s: string, n = 80): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
