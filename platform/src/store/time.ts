/**
 * Timestamps are stored as UTC `YYYY-MM-DD HH:MM:SS.mmm`: DATETIME(3) in MySQL, TEXT in
 * SQLite. The same string sorts and compares correctly in both, so one query path serves.
 */
export function toDbTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads a stored timestamp: mysql2 gives a Date, SQLite gives the string back. */
export function fromDbTime(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}Z`);
}
