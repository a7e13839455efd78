import { percentiles } from '../lib/stats';

/** Latency samples of one scenario and what the table prints from them. */
export interface Measured {
  sends: number;
  failed: number;
  seconds: number;
  /** Milliseconds per successful send, in completion order. */
  latencies: number[];
}

export interface Summary {
  sends: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function summarize(m: Measured): Summary {
  const { p50, p95, p99 } = percentiles(Float64Array.from(m.latencies), m.latencies.length);
  return { sends: m.sends, failed: m.failed, perSecond: m.sends / m.seconds, p50, p95, p99 };
}

/**
 * Runs `send(i)` for i = 0..total-1 with `inFlight` calls outstanding at a time, and stops
 * issuing new ones once `maxSeconds` have passed (so a slow setup cannot hold the run).
 */
export async function drive(total: number, inFlight: number, maxSeconds: number, send: (i: number) => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await send(i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failed++;
          firstError ??= error;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (firstError) console.error(`  ${failed} sends failed; the first:`, firstError);
  return { sends: latencies.length, failed, seconds, latencies };
}
