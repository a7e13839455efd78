// The run's one table (plain text and Markdown), and its chart as an SVG written by hand.
import type { Row, Series } from './scenario';

const whole = (value: number) => Math.round(value).toLocaleString('en-US');

/** A figure in its unit: rates and counts whole, times with a decimal while small. */
export function formatValue(value: number | undefined, unit: Row['unit']): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'ms':
      return value < 100 ? value.toFixed(1) : whole(value);
    case 's':
      return value.toFixed(1);
    case 'KiB':
      return value.toFixed(1);
    default:
      return whole(value);
  }
}

/** The unit after the figure's name, unless the name already says it ("deliveries/s"). */
const unitOf = (row: Row) => (row.unit === '' || row.figure.endsWith(row.unit) ? '' : ` ${row.unit}`);

export interface Cells {
  scenario: string;
  figure: string;
  charla: string;
  target: string;
  met: string;
  alternative: string;
  ratio: string;
  check: string;
}

export const HEADER: Cells = { scenario: 'scenario', figure: 'figure', charla: 'Charla', target: 'target', met: 'met', alternative: 'alternative', ratio: 'ratio', check: 'exactly once, in order / stored' };

export function cellsOf(row: Row): Cells {
  const ratio = row.charla !== undefined && row.alternative !== undefined && row.alternative !== 0 && !Number.isNaN(row.charla) && !Number.isNaN(row.alternative) ? `${(row.charla / row.alternative).toFixed(2)}×` : '';
  return {
    scenario: row.scenario,
    figure: `${row.figure}${unitOf(row)}`,
    charla: formatValue(row.charla, row.unit),
    target: row.target,
    met: row.met === undefined ? '' : row.met ? 'yes' : 'NO',
    alternative: formatValue(row.alternative, row.unit),
    ratio,
    check: row.check ?? '',
  };
}

const COLUMNS = Object.keys(HEADER) as (keyof Cells)[];

/** The table as aligned text; each scenario's name only on its first row. */
export function textTable(rows: Row[]): string {
  const cells = [HEADER, ...rows.map(cellsOf)];
  for (let i = cells.length - 1; i > 1; i--) if (cells[i].scenario === cells[i - 1].scenario) cells[i] = { ...cells[i], scenario: '' };
  const widths = COLUMNS.map((column) => Math.max(...cells.map((cell) => cell[column].length)));
  const right = new Set<keyof Cells>(['charla', 'alternative', 'ratio']);
  return cells
    .map((cell) => COLUMNS.map((column, i) => (right.has(column) ? cell[column].padStart(widths[i]) : cell[column].padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (cell: Cells) => `| ${COLUMNS.map((column) => escape(cell[column])).join(' | ')} |`;
  return [line(HEADER), `|${COLUMNS.map((column) => (['charla', 'alternative', 'ratio'].includes(column) ? '---:' : '---')).join('|')}|`, ...rows.map((row) => line(cellsOf(row)))].join('\n');
}

const COLORS: Record<string, string> = { charla: '#d9480f', alternative: '#1c7ed6' };
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line chart per named chart, stacked; each system a coloured line; y from 0. */
export function svgChart(series: Series[], title: string): string {
  const charts = [...new Set(series.map((s) => s.chart))];
  const [width, height, pad] = [720, 220, 48];
  const panels = charts.map((chart, index) => {
    const lines = series.filter((s) => s.chart === chart);
    const points = lines.flatMap((s) => s.points);
    const maxX = Math.max(1, ...points.map(([x]) => x));
    const maxY = Math.max(1, ...points.map(([, y]) => (Number.isFinite(y) ? y : 0))) * 1.1;
    const top = 40 + index * (height + 30);
    const x = (value: number) => pad + (value / maxX) * (width - 2 * pad);
    const y = (value: number) => top + height - pad / 2 - (Math.min(value, maxY) / maxY) * (height - pad);
    const paths = lines.map((s) => {
      const d = s.points.filter(([, v]) => Number.isFinite(v)).map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${COLORS[s.system] ?? '#495057'}" stroke-width="2"/>`;
    });
    const ticks = [0, 0.5, 1].map((f) => `<text x="${pad - 6}" y="${y(maxY * f / 1.1) + 4}" text-anchor="end" font-size="10">${whole((maxY * f) / 1.1)}</text>`);
    const legend = lines.map((s, i) => `<text x="${width - pad - 120}" y="${top + 14 + i * 14}" font-size="11" fill="${COLORS[s.system] ?? '#495057'}">${escapeXml(s.system)}</text>`);
    return [
      `<text x="${pad}" y="${top}" font-size="13" font-weight="bold">${escapeXml(chart)}</text>`,
      `<line x1="${pad}" y1="${y(0)}" x2="${width - pad}" y2="${y(0)}" stroke="#adb5bd"/>`,
      `<line x1="${pad}" y1="${top + 8}" x2="${pad}" y2="${y(0)}" stroke="#adb5bd"/>`,
      `<text x="${width - pad}" y="${y(0) + 14}" text-anchor="end" font-size="10">${maxX.toFixed(1)} s</text>`,
      ...ticks,
      ...paths,
      ...legend,
    ].join('\n');
  });
  const total = 40 + charts.length * (height + 30);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>
${panels.join('\n')}
</svg>
`;
}
