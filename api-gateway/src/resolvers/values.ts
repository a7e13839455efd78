import { invalidArgument } from '@charla/platform';

/** Timestamps go out as ISO-8601 strings in UTC. */
export function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** IDs are decimal strings of positive integers; anything else names the field it came in. */
export function parseId(value: string, field: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw invalidArgument(field, 'must be the id of an existing record');
  return id;
}

export function optionalId(value: string | null | undefined, field: string): number | undefined {
  return value === null || value === undefined ? undefined : parseId(value, field);
}

/** `first`-style page sizes: 1..max, default when absent. */
export function pageSize(value: number | null | undefined, field: string, max: number, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalidArgument(field, `must be between 1 and ${max}`);
  return value;
}

/** Seq cursors are the decimal seq; `before`/`after` accept them. */
export function parseSeqCursor(value: string | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^[0-9]{1,15}$/.test(value)) throw invalidArgument(field, 'must be a cursor from a previous page');
  return Number(value);
}
