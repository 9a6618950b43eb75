import type { Counts } from '../../domain/tracking/report';

/**
 * Charts drawn on the server as SVG: no script, printable, readable by screen readers through a text title and
 * the table beside them. Colours come with numbers and words, never alone. Each is drawn at its own size in CSS
 * pixels (width and height, not 100%): a chart shrunk to a narrow column made its 13-px labels 5 px; a narrow screen
 * scrolls it sideways instead (.chart in app.css).
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Occurrences that have fallen due: everything assigned except what is not yet due or still within its deadline. */
export const dueCount = (c: Counts) => c.giao - c['chua-den-han'] - c['dang-thuc-hien-trong-han'];

export function onTimeRate(c: Counts): number | null {
  const due = dueCount(c);
  return due > 0 ? c['hoan-thanh-dung-han'] / due : null;
}

/** One horizontal bar per unit: the share of due occurrences completed on time. */
export function onTimeChart(byUnit: [string, Counts][]): string {
  const rowH = 34;
  const labelW = 300;
  const barW = 300;
  // Room for the longest label at 13 px, "chưa có việc đến hạn" (≈125 px), which the old 124 px cut.
  const width = labelW + barW + 180;
  const height = byUnit.length * rowH + 30;
  const bars = byUnit
    .map(([unit, c], i) => {
      const rate = onTimeRate(c);
      const y = 20 + i * rowH;
      const w = rate === null ? 0 : Math.round(rate * barW);
      const label = rate === null ? 'chưa có việc đến hạn' : `${Math.round(rate * 100)}% (${c['hoan-thanh-dung-han']}/${dueCount(c)})`;
      return (
        `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" font-size="13">${esc(unit.length > 44 ? `${unit.slice(0, 43)}…` : unit)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${barW}" height="20" fill="#f3f2f1"/>` +
        `<rect x="${labelW}" y="${y + 2}" width="${w}" height="20" fill="#00703c"/>` +
        `<text x="${labelW + barW + 6}" y="${y + 16}" font-size="13">${esc(label)}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="bieu-do-dung-han"><title id="bieu-do-dung-han">Tỷ lệ hoàn thành đúng hạn theo đơn vị</title><text x="${labelW}" y="13" font-size="12" fill="#505a5f">0%</text><text x="${labelW + barW}" y="13" font-size="12" text-anchor="end" fill="#505a5f">100%</text>${bars}</svg>`;
}

/** Per month of the deadline: completed and still-overdue occurrences, side by side. */
export function trendChart(months: { month: string; completed: number; overdue: number }[]): string {
  const max = Math.max(1, ...months.map((m) => Math.max(m.completed, m.overdue)));
  const colW = 52;
  const chartH = 160;
  const width = Math.max(360, months.length * colW + 40);
  const height = chartH + 70;
  const y = (n: number) => 20 + chartH - Math.round((n / max) * chartH);
  const cols = months
    .map((m, i) => {
      const x = 30 + i * colW;
      return (
        `<rect x="${x}" y="${y(m.completed)}" width="18" height="${20 + chartH - y(m.completed)}" fill="#00703c"/>` +
        `<text x="${x + 9}" y="${y(m.completed) - 3}" font-size="12" text-anchor="middle">${m.completed}</text>` +
        `<rect x="${x + 20}" y="${y(m.overdue)}" width="18" height="${20 + chartH - y(m.overdue)}" fill="#d4351c"/>` +
        `<text x="${x + 29}" y="${y(m.overdue) - 3}" font-size="12" text-anchor="middle">${m.overdue}</text>` +
        `<text x="${x + 19}" y="${chartH + 36}" font-size="12" text-anchor="middle">${m.month.slice(5, 7)}/${m.month.slice(0, 4)}</text>`
      );
    })
    .join('');
  const legend = `<rect x="30" y="${chartH + 50}" width="12" height="12" fill="#00703c"/><text x="46" y="${chartH + 60}" font-size="12">Hoàn thành</text><rect x="140" y="${chartH + 50}" width="12" height="12" fill="#d4351c"/><text x="156" y="${chartH + 60}" font-size="12">Quá hạn chưa hoàn thành</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="bieu-do-theo-thang"><title id="bieu-do-theo-thang">Số việc hoàn thành và quá hạn theo tháng của hạn</title><line x1="24" y1="${chartH + 20}" x2="${width - 10}" y2="${chartH + 20}" stroke="#b1b4b6"/>${cols}${legend}</svg>`;
}

/** The board's summary: one bar per unit (or leader), its overdue count; the longest bar is the largest count. */
export function overdueChart(groups: { name: string; count: number }[]): string {
  const rowH = 30;
  const labelW = 300;
  const barW = 300;
  const width = labelW + barW + 60;
  const height = groups.length * rowH + 10;
  const max = Math.max(1, ...groups.map((g) => g.count));
  const bars = groups
    .map((g, i) => {
      const y = 5 + i * rowH;
      const w = Math.max(2, Math.round((g.count / max) * barW));
      return (
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="13">${esc(g.name.length > 44 ? `${g.name.slice(0, 43)}…` : g.name)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${w}" height="18" fill="#d4351c"/>` +
        `<text x="${labelW + w + 6}" y="${y + 15}" font-size="13">${g.count}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="bieu-do-qua-han"><title id="bieu-do-qua-han">Số lần thực hiện quá hạn theo đơn vị</title>${bars}</svg>`;
}
