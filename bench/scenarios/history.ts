// Target 6: with 1,000,000 stored messages in a conversation, its newest 50 at 500 requests/s
// with p99 ≤ 10 ms (Charla: the browser's Messages query over HTTP; the alternative: its
// history endpoint, a token check and one SELECT).
import { Samples } from '../lib/deliveries';
import { atMost, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System } from '../lib/system';

const MESSAGES = 1_000_000;
const RATE = 500;
const PAGE = 50;
const READERS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(system: System, context: Context) {
  const began = performance.now();
  const read = await system.history(MESSAGES);
  const fillSeconds = (performance.now() - began) / 1000;
  const readers = system.users.slice(0, READERS);
  // Warm the path (and the pages of the index) as any running server would be.
  for (const user of readers) await read(user, PAGE);
  const latencies = new Samples();
  let wrong = 0;
  let failed = 0;
  const total = Math.round(RATE * 5 * context.scale);
  const pending: Promise<void>[] = [];
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
  const [p50, p99] = latencies.percentiles(50, 99);
  context.say(`${system.name}: ${MESSAGES.toLocaleString('en-US')} messages written in ${fillSeconds.toFixed(1)} s; newest ${PAGE} at ${RATE}/s: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ${failed} failed, ${wrong} short pages`);
  return { p50, p99, failed, wrong, fillSeconds };
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
