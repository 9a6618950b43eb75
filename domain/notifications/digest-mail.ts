import type { LegalCalendar } from '../calendar/legal-calendar';
import { daysBetween, IsoDate, toVietnameseDate } from '../dates';
import type { DigestContact, DigestItem, DigestItemKind } from '../digest/due-items';
import type { Occurrence, RowSpec } from '../tracking/row-state';
import { escapeHtml, truncate } from './templates';

/** One line of a digest: the item, the row and occurrence it speaks of, and its link already written out. */
export interface DigestLine {
  item: Pick<DigestItem, 'key' | 'kind' | 'step' | 'why'>;
  spec: Pick<RowSpec, 'where' | 'content' | 'lead' | 'plan' | 'deadlineText' | 'expectedOutput'>;
  /** Absent for a continuous duty's check-in (its period is in `why`). */
  occurrence?: Pick<Occurrence, 'id' | 'label' | 'effective' | 'nominal'>;
  /** The signed link to the task's page, or its id when the web app is not set up; `url` alone for short texts. */
  link: { text: string; html: string; url?: string };
}

/** An occurrence still overdue in a leader's units that today's list does not announce again. */
export interface OverdueContextLine {
  spec: Pick<RowSpec, 'where' | 'content' | 'lead'>;
  occurrence: Pick<Occurrence, 'label' | 'effective'>;
}

export interface DigestMailInput {
  list: 'tong-hop' | 'qua-han';
  to: DigestContact;
  day: IsoDate;
  lines: DigestLine[];
  calendar: LegalCalendar;
  office: DigestContact;
  /** For the leader's list: the rest of what is overdue in their units. */
  stillOverdue?: OverdueContextLine[];
}

interface Section {
  title: string;
  kinds: DigestItemKind[];
  count: (n: number) => string;
}

/** The order a unit head reads: what is late first, then what was sent back, then what is coming. */
const SECTIONS: Section[] = [
  { title: 'Nhiệm vụ đã quá hạn', kinds: ['escalation'], count: (n) => `${n} quá hạn` },
  { title: 'Minh chứng bị trả lại', kinds: ['evidence-returned'], count: (n) => `${n} minh chứng bị trả lại` },
  { title: 'Sắp đến hạn', kinds: ['reminder'], count: (n) => `${n} sắp đến hạn` },
  { title: 'Hạn đã thay đổi', kinds: ['deadline-moved'], count: (n) => `${n} đổi hạn` },
  { title: 'Cập nhật tình hình thực hiện nhiệm vụ thường xuyên', kinds: ['check-in'], count: (n) => `${n} cần cập nhật tình hình` },
  { title: 'Minh chứng chờ Văn phòng xác nhận', kinds: ['awaiting-review'], count: (n) => `${n} minh chứng chờ xác nhận` },
  { title: 'Nhiệm vụ đơn vị phối hợp thực hiện', kinds: ['coordination'], count: (n) => `${n} nhiệm vụ phối hợp` },
];

/** A digest line names its task at more length than a single reminder's subject does. */
const CONTENT_SHOWN = 110;
const occurrenceName = (label: string) => (label ? ` (${label})` : '');

function timing(line: DigestLine, day: IsoDate, calendar: LegalCalendar): string {
  const occ = line.occurrence;
  if (!occ) return line.item.why;
  const due = `hạn ${toVietnameseDate(occ.effective)}`;
  // A row imported after its deadline: said once, so the unit knows why it hears of it only now.
  const atImport = line.item.step.endsWith('-khi-nhap') ? ' (đã quá hạn khi nhập kế hoạch vào hệ thống)' : '';
  if (occ.effective < day) return `${due}, đã quá ${daysBetween(occ.effective, day)} ngày${atImport}`;
  if (occ.effective === day) return `${due}, hôm nay đến hạn`;
  return `${due}, còn ${calendar.workingDaysBetween(day, occ.effective)} ngày làm việc`;
}

function lineText(line: DigestLine, day: IsoDate, calendar: LegalCalendar): { head: string; details: string[] } {
  const { spec, occurrence, item } = line;
  const head = `Mục ${spec.where}${occurrenceName(occurrence?.label ?? '')}: ${truncate(spec.content, CONTENT_SHOWN)}`;
  const details = [timing(line, day, calendar)];
  if (item.kind === 'evidence-returned') details.push(`Lý do trả lại: ${item.why}`);
  else if (item.kind === 'deadline-moved' || item.kind === 'awaiting-review' || item.kind === 'coordination') details.push(item.why);
  else if (item.kind === 'check-in') details.push(`Kết quả của nhiệm vụ: ${spec.expectedOutput}`);
  else details.push(`Kết quả cần nộp: ${spec.expectedOutput}`);
  return { head, details };
}

/**
 * The sections that have lines, each with its lines in the order given. Two steps of one occurrence in one section (a
 * reminder that waited through a refusal beside the next one) read as one line: the person has one thing to do.
 */
function bySection<S extends Pick<Section, 'title' | 'kinds'>>(lines: DigestLine[], sections: S[]): { section: S; lines: DigestLine[] }[] {
  return sections
    .map((section) => {
      const seen = new Set<string>();
      const mine = lines.filter((l) => {
        if (!section.kinds.includes(l.item.kind)) return false;
        const task = l.occurrence ? `${l.spec.plan.number}/${l.spec.where}/${l.occurrence.id}/${l.item.kind}` : l.item.key;
        if (seen.has(task)) return false;
        seen.add(task);
        return true;
      });
      return { section, lines: mine };
    })
    .filter((g) => g.lines.length > 0);
}

/**
 * The one mail a person gets on a working day: every item grouped by what it asks, each with its link. Pure: the
 * sending activity writes the links (it holds the secret) and sends it under the digest's key.
 */
export function digestMail(input: DigestMailInput): { subject: string; text: string; html: string } {
  return input.list === 'qua-han' ? overdueListMail(input) : dailyDigestMail(input);
}

function dailyDigestMail({ to, day, lines, calendar, office }: DigestMailInput) {
  const date = toVietnameseDate(day);
  const text: string[] = [`Kính gửi ${to.name},`, '', `Hệ thống đôn đốc nhiệm vụ tổng hợp các việc cần đồng chí lưu ý ngày ${date}:`];
  const html: string[] = [`<p>Kính gửi ${escapeHtml(to.name)},</p>`, `<p>Hệ thống đôn đốc nhiệm vụ tổng hợp các việc cần đồng chí lưu ý ngày ${date}:</p>`];
  const counts: string[] = [];
  const byDeadline = [...lines].sort((a, b) => (a.occurrence?.effective ?? '').localeCompare(b.occurrence?.effective ?? '') || a.spec.where.localeCompare(b.spec.where, 'vi', { numeric: true }));
  for (const { section, lines: mine } of bySection(byDeadline, SECTIONS)) {
    counts.push(section.count(mine.length));
    text.push('', `${section.title.toUpperCase()} (${mine.length})`);
    html.push(`<h3>${escapeHtml(section.title)} (${mine.length})</h3><ol>`);
    for (const line of mine) {
      const { head, details } = lineText(line, day, calendar);
      text.push(`- ${head}`, ...details.map((d) => `  ${d}`), `  ${line.link.text}`);
      html.push(`<li><p><b>${escapeHtml(head)}</b><br>${details.map(escapeHtml).join('<br>')}</p>${line.link.html}</li>`);
    }
    html.push('</ol>');
  }
  const footer = `Mỗi ngày làm việc đồng chí nhận nhiều nhất một thư tổng hợp như thế này. Liên hệ: ${office.name} (${office.email}).`;
  text.push('', footer);
  html.push(`<p>${escapeHtml(footer)}</p>`);
  return { subject: `[Tổng hợp nhắc việc] Ngày ${date}: ${counts.join(', ')}`, text: text.join('\n'), html: `<div style="font-family:sans-serif">${html.join('')}</div>` };
}

function overdueListMail({ to, day, lines, office, stillOverdue = [] }: DigestMailInput) {
  const date = toVietnameseDate(day);
  const byUnit = new Map<string, DigestLine[]>();
  for (const line of lines) byUnit.set(line.spec.lead.name, [...(byUnit.get(line.spec.lead.name) ?? []), line]);
  const text: string[] = [`Kính gửi ${to.name},`, '', `Các nhiệm vụ dưới đây thuộc các đơn vị đồng chí phụ trách đã quá hạn mà chưa có minh chứng hoàn thành (tính đến ngày ${date}):`];
  const html: string[] = [`<p>Kính gửi ${escapeHtml(to.name)},</p>`, `<p>Các nhiệm vụ dưới đây thuộc các đơn vị đồng chí phụ trách đã quá hạn mà chưa có minh chứng hoàn thành (tính đến ngày ${date}):</p>`];
  for (const [unit, unitLines] of [...byUnit].sort(([a], [b]) => a.localeCompare(b, 'vi'))) {
    text.push('', `${unit.toUpperCase()} (${unitLines.length})`);
    html.push(`<h3>${escapeHtml(unit)} (${unitLines.length})</h3><ol>`);
    for (const line of unitLines.sort((a, b) => (a.occurrence?.effective ?? '').localeCompare(b.occurrence?.effective ?? ''))) {
      const occ = line.occurrence!;
      const head = `Mục ${line.spec.where}${occurrenceName(occ.label)}: ${truncate(line.spec.content, CONTENT_SHOWN)}`;
      const late = `hạn ${toVietnameseDate(occ.effective)}, quá ${daysBetween(occ.effective, day)} ngày; ${line.item.why}`;
      text.push(`- ${head}`, `  ${late}`, `  ${line.link.text}`);
      html.push(`<li><p><b>${escapeHtml(head)}</b><br>${escapeHtml(late)}</p>${line.link.html}</li>`);
    }
    html.push('</ol>');
  }
  if (stillOverdue.length > 0) {
    text.push('', `Ngoài ra, các đơn vị đồng chí phụ trách còn ${stillOverdue.length} nhiệm vụ quá hạn khác:`);
    html.push(`<p>Ngoài ra, các đơn vị đồng chí phụ trách còn ${stillOverdue.length} nhiệm vụ quá hạn khác:</p><ul>`);
    for (const o of stillOverdue) {
      const line = `${o.spec.lead.name}, mục ${o.spec.where}${occurrenceName(o.occurrence.label)}: hạn ${toVietnameseDate(o.occurrence.effective)}, quá ${daysBetween(o.occurrence.effective, day)} ngày`;
      text.push(`- ${line}`);
      html.push(`<li>${escapeHtml(line)}</li>`);
    }
    html.push('</ul>');
  }
  const footer = `Danh sách gửi mỗi ngày làm việc có nhiệm vụ mới quá hạn hoặc đến kỳ nhắc lại. Liên hệ: ${office.name} (${office.email}).`;
  text.push('', footer);
  html.push(`<p>${escapeHtml(footer)}</p>`);
  return { subject: `[Danh sách quá hạn] Ngày ${date}: ${lines.length} nhiệm vụ`, text: text.join('\n'), html: `<div style="font-family:sans-serif">${html.join('')}</div>` };
}

/**
 * The same digest for Zalo, whose messages are short: the subject, then one line per item under its section, each
 * with its link while the whole fits in `limit`; past that, the lines alone and where to read the rest.
 */
export function digestShortText(input: DigestMailInput, subject: string, limit: number): string {
  const build = (withLinks: boolean) => {
    const out = [subject];
    const sections = input.list === 'qua-han' ? [{ title: 'Quá hạn', kinds: ['escalation'] as DigestItemKind[] }] : SECTIONS;
    for (const { section, lines } of bySection(input.lines, sections)) {
      out.push('', `${section.title} (${lines.length}):`);
      for (const line of lines) {
        out.push(`• Mục ${line.spec.where}${occurrenceName(line.occurrence?.label ?? '')}: ${timing(line, input.day, input.calendar)}${withLinks && line.link.url ? ` ${line.link.url}` : ''}`);
      }
    }
    return out.join('\n');
  };
  const full = build(true);
  if (full.length <= limit) return full;
  const tail = '\n\nChi tiết và liên kết từng việc: trong thư điện tử hoặc trên trang web đôn đốc nhiệm vụ.';
  const lines = build(false);
  return lines.length + tail.length <= limit ? `${lines}${tail}` : `${lines.slice(0, limit - tail.length - 1)}…${tail}`;
}
