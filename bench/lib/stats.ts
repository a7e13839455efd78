export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of the first `count` values (sorted in place). */
export function percentiles(values: Float64Array, count: number): Percentiles {
  if (count === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = values.subarray(0, count).sort();
  const at = (p: number) => sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[count - 1] };
}

/**
 * Plain text columns: the first `left` left-aligned, the rest right-aligned; `rule` draws a
 * line of dashes under the first row (the header).
 */
export function table(rows: string[][], { left = 1, rule = false }: { left?: number; rule?: boolean } = {}): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < left ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  if (rule) lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}
