/**
 * Word dictionaries of the deadline grammar, in folded form (lower case, no diacritics: see `fold`).
 * Every parser takes its words from here, so a new spelling is added once.
 */

/** Quarter numerals: "quý II", "quý 2". */
export const QUARTER_NUMERALS: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
/** Every dash a cell may carry: hyphen, figure dash, en dash, em dash, horizontal bar, minus sign. */
export const DASH = '[-\u2012\u2013\u2014\u2015\u2212]';

/** Anything that looks like a quarter numeral, valid or not, so "quý V" is reported instead of ignored. */
export const QUARTER_NUMERAL = '(?:i{1,3}|iv|vi{0,3}|ix|x|\\d{1,2})';

/** "thứ Hai" … "Chủ nhật" → ISO weekday. */
export const WEEKDAYS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6, 'chu nhat': 7 };

/** "hàng" and "hằng" both fold to "hang". */
export const EVERY = 'hang';

/** Words that make a date a strict bound ("trước ngày 30/4" = by 29/4) or an inclusive one. */
export const BEFORE_WORDS = /(?:^|[^a-z])truoc\s+(?:ngay\s+)?$/;
export const BY_WORDS = /(?:cham nhat|han chot|khong qua|den|han)\s+(?:la\s+)?(?:ngay\s+)?$/;

/** What joins the two ends of a range: "Từ 03/11 - 14/11/2025", "từ tháng 9/2025 đến tháng 2/2026", "đến hết ngày". */
export const RANGE_JOIN = new RegExp(`^\\s*(?:${DASH}|(?:cho\\s+)?den(?:\\s+(?:het|truoc))?|toi)\\s*(?:ngay\\s+)?$`);
/** What joins dates that share a bound word: "trước ngày 15/5 và 10/11". */
export const LIST_JOIN = /^\s*(?:va|,)\s*(?:ngay\s+)?$/;
/** What offers a choice: "Quý I hoặc Quý II". */
export const CHOICE_JOIN = /(?:^|\s)hoac(?:\s|$)/;

/**
 * The most deadlines one cell may give. A plan row with more is a table pasted into a cell (or a broken file):
 * the office splits it or writes a rule, rather than the engine opening thousands of occurrences.
 */
export const MAX_DEADLINES_PER_CELL = 24;

/**
 * The longest deadline cell read. Real cells run to a few hundred characters (a reporting schedule with four periods is
 * under 400); a longer one is a paragraph or a table pasted into the cell, and the office writes the deadline itself.
 */
export const MAX_DEADLINE_CELL_CHARS = 2000;

/**
 * How much of the context clause (the row's note, content or output) is read for a sharper rule. A content cell may be
 * long; the clause that sharpens a deadline sits in its first lines, and reading 100 KB of it took up to 0.3 s.
 */
export const MAX_CONTEXT_CHARS = 10_000;

/** Named points of Bộ luật Dân sự 2015 Điều 146. */
export const NAMED_POINTS = { dau: 'start', giua: 'middle', cuoi: 'end' } as const;

/** Phrases that open an occurrence on an event rather than a date. */
export const EVENT_PATTERNS: RegExp[] = [
  /(?:^|\s)khi\s/,
  /(?:^|\s)sau khi\s/,
  // Request-driven: "theo yêu cầu của Bộ", "hoặc theo đề nghị", "nếu có yêu cầu" ("khi có yêu cầu" is a "khi" event).
  /(?:theo|neu co)\s+(?:yeu cau|de nghi|de xuat)/,
  /dot xuat/,
  /theo chi dao/,
  /(?:^|\s)ke tu ngay\s/,
  /(?:^|\s)ngay sau khi/,
];

/**
 * An indicator row: a cell that opens with "Chỉ tiêu" ("Chỉ tiêu năm 2025: 80%", a heading "9.1. Chỉ tiêu giao tại …")
 * or a heading that assigns them ("Giao chỉ tiêu …"), with its year when written next to it. "Xây dựng bộ chỉ tiêu"
 * is a task about indicators, not one.
 */
export const INDICATOR = /(?:^[\d.)\s-]*|giao\s+)chi tieu(?![a-z])(?:[^.;:\d]*?(?:^|\s)nam\s+(\d{4}))?/;
/** Continuing work, as the content cell opens: "Tiếp tục triển khai…", "Duy trì…", "Thực hiện thường xuyên…". */
export const CONTINUING_WORK = /^[\d.)\s-]*(?:tiep tuc|duy tri|(?:thuc hien\s+)?thuong xuyen)(?![a-z])/;

/** "Thường xuyên": an ongoing duty. */
export const CONTINUOUS = /thuong xuyen/;

/**
 * Document references are not deadlines: "Kế hoạch số 712/KH-UBND ngày 18/11/2020", "Quyết định 766/QĐ-TTg ngày 24/6/2022".
 * The number starts only where a digit run starts (`(?<!\d)`): otherwise a run of n digits without a slash is tried
 * from each of its n digits, and a cell of 100,000 digits took 35 s.
 */
export const DOCUMENT_REFERENCE =
  /(?:(?:ke hoach|quyet dinh|cong van|nghi quyet|nghi dinh|thong tu|thong bao|chi thi|van ban|bao cao|to trinh)\s+(?:so\s+)?)?(?<!\d)\d+\/(?:\d{4}\/)?[a-z][a-z0-9-]*(?:\s+ngay\s+\d{1,2}(?:\s*\/\s*\d{1,2}\s*\/\s*\d{4}|\s+thang\s+\d{1,2}\s+nam\s+\d{4}))?/g;
