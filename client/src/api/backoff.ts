/** Exponential backoff with jitter, capped, so a thousand clients do not retry in step. */
export function backoff(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}
