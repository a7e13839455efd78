// Target 3: stored sends (acknowledged only after commit) by 50 senders: 2,000 msg/s over the
// socket with ack p99 ≤ 50 ms, 1,000 msg/s over HTTP with p99 ≤ 100 ms, and a saturation
// throughput of at least 0.5× the alternative's. A few receivers check every message arrives.
import { Receivers } from '../lib/deliveries';
import { closedLoop, cpuPerMessage, measuredPhase, monotonicMs, openLoop, openSenders, summarize, windows, type LoadSummary } from '../lib/load';
import { options } from '../lib/options';
import { atLeast, atMost, checks, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System, Transport } from '../lib/system';

const SENDERS = 50;
const RECEIVERS = 5;
const RATES: Record<Transport, number> = { ws: 2_000, http: 1_000 };
const IN_FLIGHT = 4;

interface Measured {
  load: LoadSummary;
  verdict: { ok: boolean; text: string };
  stored: string;
  cpu: Record<string, number>;
}

/** BENCH_STORED_OVER=ws (or http) measures one door alone, to profile it. */
const DOORS = options('BENCH_').list<Transport>('stored-over', 'ws,http', ['ws', 'http']);

async function measure(system: System, context: Context) {
  const receivers = await Receivers.open(system, RECEIVERS);
  const out: { rate: Partial<Record<Transport, Measured>>; saturated: Partial<Record<Transport, Measured>> } = { rate: {}, saturated: {} };
  try {
    for (const over of DOORS) {
      // The alternative has no HTTP door: its socket at the HTTP row's rate stands beside Charla's HTTP.
      const transport = system.transports.includes(over) ? over : 'ws';
      const senders = await openSenders(system, SENDERS, transport);
      try {
        let startedAt = 0;
        const phase = await measuredPhase(system, receivers, senders.list[0], () => {
          startedAt = monotonicMs();
          return openLoop(senders.list, RATES[over], { prefix: `st-${over}`, seconds: 5 * context.scale, bodyBytes: 80 }, receivers);
        });
        out.rate[over] = { load: summarize(phase.records), verdict: phase.verdict, stored: phase.stored, cpu: phase.cpu };
        const { ackMs, acked, offered } = out.rate[over]!.load;
        context.say(`${system.name} ${RATES[over]}/s over ${transport}: ${acked}/${offered} acked, p50 ${ackMs.p50.toFixed(1)} p99 ${ackMs.p99.toFixed(1)} ms; ${phase.stored}; ${phase.verdict.text}`);
        context.say(`  CPU a message: ${cpuPerMessage(phase, phase.last - phase.base)}`);
        // Where in the phase the tail is; `bench/profile.ts --from=<this>` lines a profile up with it.
        const quarters = windows(phase.records, 250).slice(0, 8);
        context.say(`  ack p99 / max by 250 ms from the phase's start (monotonic ${startedAt.toFixed(0)} ms): ${quarters.map((w) => `${w.ackP99.toFixed(0)}/${w.ackMax.toFixed(0)}`).join(', ')} ms`);
        if (transport !== over) continue;
        const flatOut = await measuredPhase(system, receivers, senders.list[0], () =>
          closedLoop(senders.list, IN_FLIGHT, { prefix: `st-sat-${over}`, seconds: 5 * context.scale, bodyBytes: 80 }, receivers),
        );
        out.saturated[over] = { load: summarize(flatOut.records), verdict: flatOut.verdict, stored: flatOut.stored, cpu: flatOut.cpu };
        context.say(`${system.name} flat out over ${over}: ${Math.round(out.saturated[over]!.load.ackedPerSecond)} acked/s; ${flatOut.verdict.text}`);
        context.say(`  CPU a message: ${cpuPerMessage(flatOut, flatOut.last - flatOut.base)}`);
      } finally {
        senders.close();
      }
    }
  } finally {
    receivers.close();
  }
  const capacity = out.saturated.ws?.load.ackedPerSecond;
  if (capacity) context.memo.set(`capacity:${system.name}`, capacity);
  return out;
}

export const stored: Scenario = {
  name: 'stored',
  needs: 'systems',
  async run(context) {
    const { charla, alternative } = await perSystem(context, (system) => measure(system, context));
    const rows: Row[] = [];
    for (const over of ['ws', 'http'] as const) {
      const scenario = `stored sends: ${SENDERS} senders, ${RATES[over].toLocaleString('en-US')} msg/s over ${over === 'ws' ? 'the socket' : 'HTTP'}`;
      const [c, a] = [charla?.rate[over], alternative?.rate[over]];
      const limit = over === 'ws' ? 50 : 100;
      const check = checks({ charla: c && { text: `${c.stored}, ${c.verdict.text}` }, alternative: a && { text: `${a.stored}, ${a.verdict.text}` } });
      const allAcked = c ? c.load.acked === c.load.offered : undefined;
      rows.push(
        { scenario, figure: 'acknowledged/s', unit: '/s', charla: c?.load.ackedPerSecond, alternative: a?.load.ackedPerSecond, target: `${RATES[over].toLocaleString('en-US')}/s, all acknowledged`, met: allAcked && atLeast(c?.load.ackedPerSecond, RATES[over] * 0.95), check },
        { scenario, figure: 'ack p99', unit: 'ms', charla: c?.load.ackMs.p99, alternative: a?.load.ackMs.p99, target: `≤ ${limit} ms`, met: atMost(c?.load.ackMs.p99, limit), check },
      );
    }
    for (const over of ['ws', 'http'] as const) {
      const [c, a] = [charla?.saturated[over], alternative?.saturated.ws];
      const scenario = `stored sends at saturation over ${over === 'ws' ? 'the socket' : 'HTTP'}: ${SENDERS} senders × ${IN_FLIGHT} in flight`;
      rows.push({
        scenario,
        figure: 'acknowledged/s',
        unit: '/s',
        charla: c?.load.ackedPerSecond,
        alternative: a?.load.ackedPerSecond,
        target: over === 'ws' ? '≥ 0.5× alternative (aim 1.0×)' : '',
        met: over === 'ws' && a ? atLeast(c?.load.ackedPerSecond, 0.5 * a.load.ackedPerSecond) : undefined,
        check: checks({ charla: c && { text: `${c.stored}, ${c.verdict.text}` }, alternative: a && over === 'ws' ? { text: `${a.stored}, ${a.verdict.text}` } : undefined }),
      });
    }
    return { rows, data: { charla, alternative } };
  },
};
