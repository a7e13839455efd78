// Runs scenarios on Charla and the one-process alternative in one invocation, prints the one
// table, and writes the JSON, the chart and (for a full run) the summary in BENCHMARKS.md.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coldStartScenario, overloadScenario } from '../scenarios/overload';
import { fanout } from '../scenarios/fanout';
import { history } from '../scenarios/history';
import { idle } from '../scenarios/idle';
import { latency } from '../scenarios/latency';
import { limits } from '../scenarios/limits';
import { search } from '../scenarios/search';
import { signups } from '../scenarios/signups';
import { stored } from '../scenarios/stored';
import { startBaseline } from './baseline';
import { startCharla } from './charla';
import { describeMachine, load, machineLines } from './machine';
import { options } from './options';
import { ROOT } from './processes';
import { svgChart, textTable } from './report';
import type { Context, Row, Scenario, Series } from './scenario';
import { writeSummary } from './summary';
import type { SystemName } from './system';

/** Every scenario, in the order a full run takes them (cold start first: on fresh systems). */
export const SCENARIOS: Scenario[] = [coldStartScenario, latency, fanout, stored, overloadScenario, history, idle, signups, limits, search];

/** Users made on each system: receivers and senders are taken from them. */
const USERS = 150;

export async function runSuite(defaultScenarios: string[]): Promise<void> {
  const all = SCENARIOS;
  const { list, text } = options('BENCH_');
  const names = list('scenarios', defaultScenarios.join(','), all.map((s) => s.name));
  const chosen = all.filter((scenario) => names.includes(scenario.name));
  const systems = list<SystemName>('systems', 'charla,alternative', ['charla', 'alternative']);
  const scale = Number(text('scale', '1'));
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  const cpuProfDir = text('cpu-prof', '') || undefined;
  const full = chosen.length === all.length && systems.length === 2 && scale === 1;

  const startedAt = new Date();
  const began = performance.now();
  const machine = await describeMachine();
  const loadAtStart = load();
  for (const line of machineLines(machine)) console.log(line);
  console.log(`load average (1 min) at start: ${loadAtStart.toFixed(2)}${loadAtStart > 1.5 ? ' — the machine is busy with other work; ratios hold, absolute times do not' : ''}`);
  console.log(`scenarios: ${chosen.map((s) => s.name).join(', ')}; systems: ${systems.join(', ')}${scale < 1 ? `; durations × ${scale}` : ''}\n`);

  const context: Context = { scale, cpuProfDir, say: (line) => console.log(`  ${line}`), memo: new Map() };
  let stopping = false;
  let stopped: Promise<unknown> | undefined;
  // One stop for both callers (an interrupt and the run's end): the exit waits for every part to be gone.
  const stopAll = () => {
    stopping = true;
    return (stopped ??= Promise.allSettled([context.charla?.stop(), context.alternative?.stop()]));
  };
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.log('\ninterrupted; cleaning up');
    void stopAll().finally(() => process.exit(130));
  });

  const rows: Row[] = [];
  const series: Series[] = [];
  const data: Record<string, unknown> = {};
  let failed = false;
  try {
    if (chosen.some((scenario) => scenario.needs === 'systems')) {
      for (const name of systems) {
        const at = performance.now();
        process.stdout.write(`${name}: starting, ${USERS} users… `);
        if (name === 'charla') context.charla = await startCharla({ users: USERS, cpuProfDir });
        else context.alternative = await startBaseline({ users: USERS, cpuProfDir });
        console.log(`ready in ${((performance.now() - at) / 1000).toFixed(1)} s`);
      }
    }
    for (const scenario of chosen) {
      if (stopping) break;
      const at = performance.now();
      console.log(`${scenario.name}:`);
      try {
        const output = await scenario.run(context);
        rows.push(...output.rows);
        series.push(...(output.series ?? []));
        data[scenario.name] = output.data;
      } catch (error) {
        failed = true;
        console.log(`  FAIL ${scenario.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        rows.push({ scenario: scenario.name, figure: 'did not finish', unit: '', target: '', met: false, check: `FAIL: ${error instanceof Error ? error.message : String(error)}` });
      }
      console.log(`  (${((performance.now() - at) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await stopAll();
  }

  const seconds = (performance.now() - began) / 1000;
  const loadAtEnd = load();
  const table = textTable(rows);
  const notes = [...(context.charla?.notes ?? []).map((n) => `charla: ${n}`), ...(context.alternative?.notes ?? []).map((n) => `alternative: ${n}`)];
  console.log(`\n${table}\n`);
  for (const note of notes) console.log(note);
  console.log(`${rows.filter((row) => row.met === true).length} targets met, ${rows.filter((row) => row.met === false).length} not; ${seconds.toFixed(0)} s in all; load average ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end`);
  if (rows.some((row) => row.check?.includes('FAIL'))) failed = true;

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const run = { startedAt, seconds, machine, loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd }, scale, systems, scenarios: chosen.map((s) => s.name), notes, rows, series, data };
  const json = join(dir, `bench-${stamp}.json`);
  const svg = join(dir, `bench-${stamp}.svg`);
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(svg, svgChart(series, `Charla and the one-process alternative, ${startedAt.toISOString().slice(0, 10)}`));
  console.log(`results: ${json}, chart: ${svg}`);
  if (!interrupted && (full || text('summary', 'no') === 'yes')) {
    copyFileSync(json, join(dir, 'latest.json'));
    copyFileSync(svg, join(dir, 'latest.svg'));
    writeSummary({ rows, machine, notes, loadAtStart, loadAtEnd, seconds, startedAt });
    console.log('summary written to BENCHMARKS.md (and bench/results/latest.*)');
  }
  process.exitCode = failed ? 1 : 0;
}
