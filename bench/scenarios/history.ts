// Target 6: with 1,000,000 stored messages in a conversation, its newest 50 at 500 requests/s
// with p99 ≤ 10 ms (Charla: the browser's Messages query over HTTP; the alternative: its
// history endpoint, a token check and one SELECT).
import { Samples } from '../lib/deliveries';
import { cpuNow, cpuPerMessage } from '../lib/load';
import { inBatches } from '../lib/parallel';
import { atMost, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System } from '../lib/system';

const MESSAGES = 1_000_000;
const RATE = 500;
const PAGE = 50;
const READERS = 20;
/**
 * Reads before the measured ones, 8 at a time, on both systems: a running server has its code
 * optimised and the index's pages in memory. After a few hundred one at a time, Charla's first
 * 300 reads a second still fell seconds behind (CPU a read ~1.5× what it was a phase later), and
 * an open loop that starts behind stays behind.
 */
const WARM_READS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(system: System, context: Context) {
  const began = performance.now();
  const read = await system.history(MESSAGES);
  const fillSeconds = (performance.now() - began) / 1000;
  const readers = system.users.slice(0, READERS);
  await inBatches(WARM_READS, 8, (i) => read(readers[i % readers.length], PAGE));
  const latencies = new Samples();
  let wrong = 0;
  let failed = 0;
  const total = Math.round(RATE * 5 * context.scale);
  const pending: Promise<void>[] = [];
  const cpuBefore = cpuNow(system);
  const t0 = performance.now();
  for (let n = 0; n < total; ) {
    const now = performance.now() - t0;
    for (; n < total && (n * 1000) / RATE <= now; n++) {
      const started = performance.now();
      pending.push(
        read(readers[n % readers.length], PAGE).then(
          (count) => {
            latencies.add(performance.now() - started);
            if (count !== PAGE) wrong++;
          },
          () => void failed++,
        ),
      );
    }
    if (n < total) await sleep(Math.max(0, (n * 1000) / RATE - (performance.now() - t0)));
  }
  await Promise.all(pending);
  const readSeconds = (performance.now() - t0) / 1000;
  const cpuAfter = cpuNow(system);
  const cpu = Object.fromEntries(Object.entries(cpuAfter).map(([name, seconds]) => [name, seconds - (cpuBefore[name] ?? 0)]));
  const [p50, p99, slowest] = latencies.percentiles(50, 99, 100);
  context.say(
    `${system.name}: ${MESSAGES.toLocaleString('en-US')} messages written in ${fillSeconds.toFixed(1)} s; newest ${PAGE} at ${RATE}/s: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, slowest ${slowest.toFixed(0)} ms, ` +
      `${total} reads in ${readSeconds.toFixed(1)} s; ${failed} failed, ${wrong} short pages; CPU a read: ${cpuPerMessage({ cpu }, total)}`,
  );
  return { p50, p99, slowest, failed, wrong, fillSeconds, readSeconds, cpu };
}

export const history: Scenario = {
  name: 'history',
  needs: 'systems',
  async run(context) {
    const { charla, alternative } = await perSystem(context, (system) => measure(system, context));
    const scenario = `history: newest ${PAGE} of ${MESSAGES.toLocaleString('en-US')} messages, ${RATE} requests/s`;
    const check = (result: typeof charla) => result && (result.failed + result.wrong === 0 ? `ok: every page had ${PAGE}` : `FAIL: ${result.failed} failed, ${result.wrong} short`);
    const rows: Row[] = [
      { scenario, figure: 'p50', unit: 'ms', charla: charla?.p50, alternative: alternative?.p50, target: '', check: [check(charla) && `charla ${check(charla)}`, check(alternative) && `alt ${check(alternative)}`].filter(Boolean).join('; ') },
      { scenario, figure: 'p99', unit: 'ms', charla: charla?.p99, alternative: alternative?.p99, target: '≤ 10 ms', met: charla && atMost(charla.p99, 10) && charla.failed + charla.wrong === 0 },
    ];
    return { rows, data: { charla, alternative } };
  },
};
