/**
 * A plain-text table for terminals: fixed column widths, cells wrapped on word boundaries.
 * Text is NFC, where every Vietnamese letter is one code point and one column wide.
 */
export interface Column {
  header: string;
  width: number;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.normalize('NFC').split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const rule = `+${columns.map((c) => '-'.repeat(c.width + 2)).join('+')}+`;
  const render = (cells: string[]) => {
    const wrapped = columns.map((c, i) => wrap(cells[i] ?? '', c.width));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) lines.push(`| ${wrapped.map((w, i) => (w[l] ?? '').padEnd(columns[i].width)).join(' | ')} |`);
    return lines.join('\n');
  };
  return [rule, render(columns.map((c) => c.header)), rule, ...rows.map((r) => `${render(r)}\n${rule}`)].join('\n');
}
