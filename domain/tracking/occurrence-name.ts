import { fold } from '../text/normalize';

/**
 * How people read an occurrence: its label, or a name for it, never its internal id ("chinh", "m1", "lan-2").
 * The name reads after "cho" or "hạn": "lần thực hiện chính", "kỳ 04/2025", "mốc 2", "lần 2 theo Công văn 12/VP".
 */
export function occurrenceName(o: { id: string; label: string }): string {
  const label = o.label.trim();
  if (o.id === 'chinh') return label ? `lần thực hiện chính (${label})` : 'lần thực hiện chính';
  const milestone = /^m(\d+)$/.exec(o.id);
  if (milestone) return label ? `mốc ${milestone[1]} (${label})` : `mốc ${milestone[1]}`;
  const triggered = /^lan-(\d+)$/.exec(o.id);
  if (triggered) return label ? `lần ${triggered[1]} ${label}` : `lần ${triggered[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(o.id);
  if (!label && month) return `kỳ ${month[2]}/${month[1]}`;
  return label || `lần thực hiện ${o.id}`;
}

/** The name at the start of a sentence: "Lần thực hiện chính đã kết thúc…", "Kỳ 04/2025 đang chờ…". */
export const occurrenceNameCapitalised = (o: { id: string; label: string }): string => {
  const name = occurrenceName(o);
  return name.charAt(0).toUpperCase() + name.slice(1);
};

/**
 * The occurrence a person means: its id as typed in `--lan` ("chinh", "2025-04"), or its name or label with or
 * without diacritics ("chính", "kỳ 04/2025", "04/2025", "mốc 2").
 */
export function findOccurrence<T extends { id: string; label: string }>(occurrences: T[], typed: string): T | undefined {
  const wanted = fold(typed).trim();
  const plain = (s: string) => fold(s).trim();
  return (
    occurrences.find((o) => o.id === typed.trim()) ??
    occurrences.find((o) => plain(o.id) === wanted) ??
    occurrences.find((o) => [occurrenceName(o), o.label, o.label.replace(/^kỳ\s+/i, '')].some((n) => n && plain(n) === wanted))
  );
}
