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

/** A fixed-size table of plain text columns, the first left-aligned, the rest right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '))
    .join('\n');
}
