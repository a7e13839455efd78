// Target 5: ≤ 20 KiB of gateway memory per authenticated socket with one subscription, at
// 20,000 sockets (spread over the bench's source addresses). The sockets then get a few
// messages, each exactly once and in order, to show every subscription was live.
import { processUsage } from '../lib/processes';
import { execFileSync } from 'node:child_process';
import { RemoteReceivers } from '../lib/remote';
import { measuredPhase, openLoop, openSenders } from '../lib/load';
import { atMost, checks, perSystem, type Context, type Row, type Scenario } from '../lib/scenario';
import type { System } from '../lib/system';

/** Each process here may hold 20,000 file descriptors (ulimit -Hn), the socket server included: it keeps 200 for the rest. */
const SOCKETS = Math.min(20_000, hardFileLimit() - 200);
/** Load-generator processes holding the sockets. */
const WORKERS = 4;
function hardFileLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim()) || 20_000;
  } catch {
    return 20_000;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(system: System, context: Context) {
  const pid = system.socketServer.pid;
  const before = processUsage(pid).rssMiB;
  const began = performance.now();
  const receivers = await RemoteReceivers.open(system, SOCKETS, WORKERS);
  const openSeconds = (performance.now() - began) / 1000;
  try {
    // Let what opening set off (leases, token checks, garbage) settle before reading memory.
    await sleep(3_000);
    const after = processUsage(pid).rssMiB;
    const perSocketKiB = ((after - before) * 1024) / SOCKETS;
    const senders = await openSenders(system, 1, system.transports[0]);
    try {
      const phase = await measuredPhase(system, receivers, senders.list[0], () => openLoop(senders.list, 5, { prefix: 'idle', seconds: 1, bodyBytes: 80 }, receivers), 20_000);
      context.say(`${system.name}: ${SOCKETS} sockets opened in ${openSeconds.toFixed(1)} s; ${before.toFixed(0)} → ${after.toFixed(0)} MiB RSS, ${perSocketKiB.toFixed(1)} KiB a socket; ${phase.verdict.text}`);
      return { rssBeforeMiB: before, rssAfterMiB: after, perSocketKiB, openSeconds, verdict: phase.verdict };
    } finally {
      senders.close();
    }
  } finally {
    await receivers.close();
    // Closing 20,000 sockets sets off as much work on the server (leases, presence): let it finish.
    await sleep(3_000);
  }
}

export const idle: Scenario = {
  name: 'idle',
  needs: 'systems',
  async run(context) {
    const { charla, alternative } = await perSystem(context, (system) => measure(system, context));
    const scenario = `idle: ${SOCKETS.toLocaleString('en-US')} authenticated sockets, one subscription each${SOCKETS < 20_000 ? ' (the per-process file limit here)' : ''}`;
    const rows: Row[] = [
      {
        scenario,
        figure: 'socket server memory a socket (RSS growth)',
        unit: 'KiB',
        charla: charla?.perSocketKiB,
        alternative: alternative?.perSocketKiB,
        target: '≤ 20 KiB',
        met: atMost(charla?.perSocketKiB, 20),
        check: checks({ charla: charla?.verdict, alternative: alternative?.verdict }),
      },
      { scenario, figure: 'time to open them all', unit: 's', charla: charla?.openSeconds, alternative: alternative?.openSeconds, target: '' },
    ];
    return { rows, data: { charla, alternative } };
  },
};
