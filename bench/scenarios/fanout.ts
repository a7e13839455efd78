// Target 2: 100 subscribers, 500 msg/s (50,000 deliveries/s offered): every delivery arrives,
// p99 ≤ 250 ms; at saturation (senders flat out) at least 0.7× the alternative's deliveries/s.
import { Receivers } from '../lib/deliveries';
import { closedLoop, cpuPerMessage, measuredPhase, openLoop, openSenders, summarize } from '../lib/load';
import { atLeast, atMost, checks, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System } from '../lib/system';

const RECEIVERS = 100;
const SENDERS = 10;
const RATE = 500;
/** Saturation: each sender keeps this many in flight. */
const IN_FLIGHT = 4;

async function measure(system: System, context: Context) {
  const receivers = await Receivers.open(system, RECEIVERS);
  const senders = await openSenders(system, SENDERS, system.transports[0]);
  try {
    const offered = await measuredPhase(system, receivers, senders.list[0], () =>
      openLoop(senders.list, RATE, { prefix: 'fan', seconds: 6 * context.scale, bodyBytes: 80 }, receivers),
    );
    const [p50, p99] = receivers.latencies.percentiles(50, 99);
    const atRate = { p50, p99, deliveriesPerSecond: receivers.delivered / offered.deliverSeconds, verdict: offered.verdict, stored: offered.stored, load: summarize(offered.records) };
    context.say(`${system.name} at ${RATE} msg/s: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ${offered.verdict.text}`);
    context.say(`  CPU a delivery: ${cpuPerMessage(offered, receivers.delivered)}`);

    const flatOut = await measuredPhase(system, receivers, senders.list[0], () =>
      closedLoop(senders.list, IN_FLIGHT, { prefix: 'fan-sat', seconds: 5 * context.scale, bodyBytes: 80 }, receivers),
    );
    const saturated = { deliveriesPerSecond: receivers.delivered / flatOut.deliverSeconds, verdict: flatOut.verdict, stored: flatOut.stored, load: summarize(flatOut.records) };
    context.say(`${system.name} flat out: ${Math.round(saturated.deliveriesPerSecond)} deliveries/s; ${flatOut.verdict.text}`);
    context.say(`  CPU a delivery: ${cpuPerMessage(flatOut, receivers.delivered)}`);
    return { atRate, saturated };
  } finally {
    senders.close();
    receivers.close();
  }
}

export const fanout: Scenario = {
  name: 'fanout',
  needs: 'systems',
  async run(context) {
    const { charla, alternative } = await perSystem(context, (system) => measure(system, context));
    const scenario = `fan-out: ${RECEIVERS} subscribers, ${RATE} msg/s`;
    const atRate = checks({ charla: charla?.atRate.verdict, alternative: alternative?.atRate.verdict });
    const saturation = `fan-out at saturation: ${RECEIVERS} subscribers, ${SENDERS} senders × ${IN_FLIGHT} in flight`;
    const floor = alternative ? 0.7 * alternative.saturated.deliveriesPerSecond : Number.NaN;
    const rows: Row[] = [
      { scenario, figure: 'send → deliver p99', unit: 'ms', charla: charla?.atRate.p99, alternative: alternative?.atRate.p99, target: '≤ 250 ms, every delivery', met: charla && atMost(charla.atRate.p99, 250) && charla.atRate.verdict.ok, check: atRate },
      { scenario, figure: 'deliveries/s', unit: '/s', charla: charla?.atRate.deliveriesPerSecond, alternative: alternative?.atRate.deliveriesPerSecond, target: '', check: atRate },
      {
        scenario: saturation,
        figure: 'deliveries/s',
        unit: '/s',
        charla: charla?.saturated.deliveriesPerSecond,
        alternative: alternative?.saturated.deliveriesPerSecond,
        target: '≥ 0.7× alternative',
        met: alternative ? atLeast(charla?.saturated.deliveriesPerSecond, floor) : undefined,
        check: checks({ charla: charla?.saturated.verdict, alternative: alternative?.saturated.verdict }),
      },
    ];
    return { rows, data: { charla, alternative } };
  },
};
