// Target 1: 100 subscribers in one room, 50 msg/s; send → deliver p50 ≤ 8 ms and p99 ≤ 25 ms,
// sent over the socket and over HTTP (the alternative sends over its socket).
import { Receivers } from '../lib/deliveries';
import { cpuPerMessage, measuredPhase, openLoop, openSenders, summarize } from '../lib/load';
import { atMost, checks, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System, Transport } from '../lib/system';

const RECEIVERS = 100;
const SENDERS = 10;
const RATE = 50;

async function measure(system: System, context: Context) {
  const receivers = await Receivers.open(system, RECEIVERS);
  const out: Partial<Record<Transport, { p50: number; p99: number; verdict: { ok: boolean; text: string }; stored: string; load: ReturnType<typeof summarize> }>> = {};
  try {
    for (const over of system.transports) {
      const senders = await openSenders(system, SENDERS, over);
      try {
        const phase = await measuredPhase(system, receivers, senders.list[0], () =>
          openLoop(senders.list, RATE, { prefix: `lat-${over}`, seconds: 10 * context.scale, bodyBytes: 80 }, receivers),
        );
        const [p50, p99] = receivers.latencies.percentiles(50, 99);
        out[over] = { p50, p99, verdict: phase.verdict, stored: phase.stored, load: summarize(phase.records) };
        context.say(`${system.name} over ${over}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ${phase.verdict.text}; CPU a message: ${cpuPerMessage(phase, phase.last - phase.base)}`);
      } finally {
        senders.close();
      }
    }
  } finally {
    receivers.close();
  }
  return out;
}

export const latency: Scenario = {
  name: 'latency',
  needs: 'systems',
  async run(context) {
    const results = await perSystem(context, (system) => measure(system, context));
    const alternative = results.alternative?.ws;
    const rows: Row[] = [];
    for (const over of ['ws', 'http'] as const) {
      const charla = results.charla?.[over];
      const scenario = `latency: ${RECEIVERS} subscribers, ${RATE} msg/s, sent over ${over === 'ws' ? 'the socket' : 'HTTP'}`;
      const check = checks({ charla: charla?.verdict, alternative: alternative?.verdict });
      rows.push(
        { scenario, figure: 'send → deliver p50', unit: 'ms', charla: charla?.p50, alternative: alternative?.p50, target: '≤ 8 ms', met: atMost(charla?.p50, 8), check },
        { scenario, figure: 'send → deliver p99', unit: 'ms', charla: charla?.p99, alternative: alternative?.p99, target: '≤ 25 ms', met: atMost(charla?.p99, 25), check },
      );
    }
    return { rows, data: results };
  },
};
