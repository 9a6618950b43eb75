import { daysBetween, IsoDate, isoDateAt, toVietnameseDate } from '../../domain/dates';
import type { UnitsDirectory } from '../../domain/plan/units';
import { Counts, PeriodReport, reportSentence } from '../../domain/tracking/report';
import { asOfWords, ReportAsOf, ReportPeriod } from '../../domain/tracking/report-period';
import { STATUS_LABEL } from '../../domain/tracking/row-state';
import type { EvidenceRecord, PeriodOccurrence } from '../store/read-model';

/**
 * The periodic report as content, before any file format: the DOCX and the xlsx are two renderings of this one
 * value, so both say the same thing. Built from the read model's figures, the same ones `dondoc report` prints.
 */
export interface Issuer {
  /** "UBND TỈNH AN GIANG" */
  parent: string;
  /** As named among the recipients: "UBND tỉnh An Giang". */
  parentName: string;
  /** "SỞ KHOA HỌC VÀ CÔNG NGHỆ" */
  agency: string;
  /** As the agency is named in a sentence: "Sở Khoa học và Công nghệ". */
  agencyName: string;
  /** The agency's abbreviation in document numbers: "SKHCN". */
  symbol: string;
  /** The place in the date line: "An Giang". */
  place: string;
  /** The head who signs: "GIÁM ĐỐC" and the name, when the directory has them. */
  signerTitle: string;
  signerName?: string;
}

export interface DocumentLine {
  no: number;
  where: string;
  content: string;
  unit: string;
  deadlineText: string;
  /** dd/mm/yyyy */
  effective: string;
  /** The original deadline when an extension moved it, dd/mm/yyyy. */
  extendedFrom?: string;
  result: string;
  evidence: string;
  status: string;
}

export interface LateLine {
  no: number;
  where: string;
  content: string;
  unit: string;
  effective: string;
  daysLate: number;
  status: string;
}

export interface PeriodDocument {
  issuer: Issuer;
  period: ReportPeriod;
  asOf: IsoDate;
  /** "tính đến ngày 20/04/2025, ngày cuối kỳ": the day and which it is (domain/tracking/report-period.ts). */
  asOfWords: string;
  /** "Kết quả thực hiện Kế hoạch số 16/KH-SKHCN ngày 05/03/2025 của Sở Khoa học và Công nghệ" */
  subject: string;
  intro: string;
  /** Exactly `reportSentence(total)`, as `dondoc report` prints it. */
  sentence: string;
  total: Counts;
  byUnit: [string, Counts][];
  lines: DocumentLine[];
  late: LateLine[];
  lateUnits: { unit: string; count: number; maxDays: number }[];
  closing: string;
  recipients: string[];
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

/** "Sở Khoa học và Công nghệ tỉnh An Giang" → UBND TỈNH AN GIANG / SỞ KHOA HỌC VÀ CÔNG NGHỆ, place An Giang. */
export function issuerOf(directory: Pick<UnitsDirectory, 'organization' | 'leaders'>, planNumber?: string): Issuer {
  const m = /^(.*?)\s+(tỉnh|thành phố)\s+(.+)$/iu.exec(directory.organization.trim());
  const agencyName = m ? m[1] : directory.organization.trim();
  const place = m ? m[3] : '';
  const symbol = /\/[A-ZĐ]+-([A-ZĐ0-9]+)/u.exec(planNumber ?? '')?.[1] ?? agencyName.split(/\s+/).map((w) => upper(w[0])).join('');
  const head = directory.leaders.find((l) => /^giám đốc$/iu.test(l.title.trim()));
  return {
    parent: m ? `UBND ${upper(m[2])} ${upper(m[3])}` : '',
    parentName: m ? `UBND ${m[2].toLocaleLowerCase('vi')} ${m[3]}` : '',
    agency: upper(agencyName),
    agencyName,
    symbol,
    place,
    signerTitle: 'GIÁM ĐỐC',
    signerName: head?.name,
  };
}

function evidenceText(records: EvidenceRecord[]): string {
  const latest = records.at(-1);
  if (!latest) return '';
  const state = latest.decision === 'accept' ? '' : latest.decision === 'return' ? ' (đã trả lại)' : ' (chờ xác nhận)';
  return `${latest.documentNumber} ngày ${toVietnameseDate(latest.documentDate)}: ${latest.title}${state}`;
}

export interface DocumentInput {
  issuer: Issuer;
  period: ReportPeriod;
  asOfMs: number;
  /** Why the report is as of that instant: `--as-of`, the period's end, or today within an open period. */
  asOfBasis?: ReportAsOf['basis'];
  plans: { number: string; date: IsoDate }[];
  report: PeriodReport;
  occurrences: PeriodOccurrence[];
  evidence: EvidenceRecord[];
}

/** Days late: to acceptance for work done late, to the report's day for work still open. */
export function daysLate(o: PeriodOccurrence, asOf: IsoDate): number {
  return daysBetween(o.effective, o.status === 'hoan-thanh-qua-han' && o.completedAt !== null ? isoDateAt(o.completedAt) : asOf);
}

export function periodDocument(input: DocumentInput): PeriodDocument {
  const { issuer, period, report } = input;
  const asOf = isoDateAt(input.asOfMs);
  const plans = input.plans.map((p) => `Kế hoạch số ${p.number} ngày ${toVietnameseDate(p.date)}`);
  const planText = plans.length === 0 ? 'kế hoạch' : plans.join(', ');
  const subject = `Kết quả thực hiện ${planText} của ${issuer.agencyName}`;
  const evidence = new Map<string, EvidenceRecord[]>();
  for (const e of input.evidence) evidence.set(`${e.rowKey}/${e.occurrenceId}`, [...(evidence.get(`${e.rowKey}/${e.occurrenceId}`) ?? []), e]);
  const lines = input.occurrences.map((o, i) => ({
    no: i + 1,
    where: o.where,
    content: `${o.task}${o.label ? ` (${o.label})` : ''}`,
    unit: o.unit,
    deadlineText: o.deadlineText,
    effective: toVietnameseDate(o.effective),
    extendedFrom: o.originalNominal !== o.nominal ? toVietnameseDate(o.originalNominal) : undefined,
    result: o.expectedOutput,
    evidence: evidenceText(evidence.get(`${o.rowKey}/${o.occurrenceId}`) ?? []),
    status: STATUS_LABEL[o.status],
  }));
  const lateOccurrences = input.occurrences.filter((o) => o.status === 'dang-thuc-hien-qua-han' || o.status === 'hoan-thanh-qua-han');
  const late = lateOccurrences
    .map((o) => ({ where: o.where, content: `${o.task}${o.label ? ` (${o.label})` : ''}`, unit: o.unit, effective: toVietnameseDate(o.effective), daysLate: daysLate(o, asOf), status: STATUS_LABEL[o.status] }))
    .sort((a, b) => b.daysLate - a.daysLate || a.unit.localeCompare(b.unit, 'vi'))
    .map((l, i) => ({ no: i + 1, ...l }));
  const units = new Map<string, { unit: string; count: number; maxDays: number }>();
  for (const l of late) {
    const u = units.get(l.unit) ?? { unit: l.unit, count: 0, maxDays: 0 };
    u.count += 1;
    u.maxDays = Math.max(u.maxDays, l.daysLate);
    units.set(l.unit, u);
  }
  return {
    issuer,
    period,
    asOf,
    asOfWords: asOfWords({ ms: input.asOfMs, basis: input.asOfBasis ?? 'stated' }),
    subject,
    intro: `Thực hiện ${planText} của ${issuer.agencyName}, ${issuer.agencyName} báo cáo kết quả thực hiện ${period.label} như sau:`,
    sentence: reportSentence(report.total),
    total: report.total,
    byUnit: [...report.byUnit].sort(([a], [b]) => a.localeCompare(b, 'vi')),
    lines,
    late,
    lateUnits: [...units.values()].sort((a, b) => b.count - a.count || b.maxDays - a.maxDays),
    closing: `Trên đây là báo cáo kết quả thực hiện ${period.label} của ${issuer.agencyName}./.`,
    recipients: [...(issuer.parentName ? [`${issuer.parentName} (b/c);`] : []), 'Lãnh đạo Sở;', 'Các phòng, đơn vị trực thuộc Sở;', 'Lưu: VT, VP.'],
  };
}

/** The data period in brackets under the title: "(Số liệu từ ngày 21/03/2025 đến ngày 20/04/2025)". */
export function periodLine(doc: PeriodDocument): string {
  return `(Số liệu từ ngày ${toVietnameseDate(doc.period.from)} đến ngày ${toVietnameseDate(doc.period.to)}, ${doc.asOfWords})`;
}
