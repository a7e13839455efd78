// Reads V8 .cpuprofile files (node --cpu-prof) and sums self time by function, by file and
// by package, so a profile can be read in a terminal and quoted in BENCHMARKS.md.
//
//   npx tsx bench/profile.ts <file.cpuprofile | directory> [--top=25] [--since=<s>] [--until=<s>]
//                            [--from=<monotonic ms>] [--window=<ms> [--windows=8]]
//
// A directory means every main-thread profile in it (CPU.<date>.<pid>.0.*; the other thread
// is tsx's module loader). `--since` skips the first seconds (start-up, set-up) and `--until`
// the rest after it, counted from the profile's start, or from `--from` (CLOCK_MONOTONIC ms, as
// the stored scenario prints its phase's start). `--window` shows instead each window of that
// many ms from there: how busy the process was and its top functions, to compare the phase's
// first second with a later one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { options } from './lib/options';
import { run } from './lib/run';
import { table } from './lib/stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a workspace file, or V8/Node itself. */
export function placeOf(url: string): { file: string; pkg: string } {
  if (url === '') return { file: '(native)', pkg: '(native)' };
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (inModules) return { file: `${inModules[1]}/${inModules[2]}`, pkg: inModules[1] };
  if (path.startsWith('node:')) return { file: path, pkg: 'node' };
  const workspace = /\/(api-gateway|messages-service|users-service|platform|proto|stack|bench)\/(.*)$/.exec(path);
  if (workspace) return { file: `${workspace[1]}/${workspace[2]}`, pkg: `@charla/${workspace[1]}` };
  return { file: path, pkg: path };
}

export interface SelfTimes {
  totalMs: number;
  /** Not idle: what the process spent working. */
  busyMs: number;
  byFunction: Map<string, number>;
  byFile: Map<string, number>;
  byPackage: Map<string, number>;
  /** Time in each of Charla's own functions, what they called included (each counted once per sample). */
  inclusive: Map<string, number>;
}

/** A stretch of the profile, ms from `fromMs` (CLOCK_MONOTONIC, as V8 stamps its samples) or from the profile's start. */
export interface Span {
  fromMs?: number;
  sinceMs: number;
  untilMs: number;
}

export function selfTimes(profile: CpuProfile, { fromMs, sinceMs, untilMs }: Span = { sinceMs: 0, untilMs: Infinity }): SelfTimes {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const times: SelfTimes = { totalMs: 0, busyMs: 0, byFunction: new Map(), byFile: new Map(), byPackage: new Map(), inclusive: new Map() };
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${placeOf(node.callFrame.url).file}:${node.callFrame.lineNumber + 1}`;
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  // V8 stamps the profile in µs of CLOCK_MONOTONIC; `at` is ms from the span's origin.
  let at = fromMs === undefined ? 0 : profile.startTime / 1000 - fromMs;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    if (at < sinceMs || at >= untilMs) continue;
    const node = nodes.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    times.totalMs += ms;
    if (functionName === '(idle)') continue;
    times.busyMs += ms;
    const place = placeOf(url);
    add(times.byFunction, `${functionName || '(anonymous)'} ${place.file}${url ? `:${lineNumber + 1}` : ''}`, ms);
    add(times.byFile, place.file, ms);
    add(times.byPackage, place.pkg, ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id)!;
      if (!placeOf(frame.callFrame.url).pkg.startsWith('@charla/')) continue;
      const name = nameOf(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      add(times.inclusive, name, ms);
    }
  }
  return times;
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => /CPU\.[^/]*\.\d+\.0\.\d+\.cpuprofile$/.test(basename(name)))
    .map((name) => join(path, name));
}

function top(map: Map<string, number>, busyMs: number, count: number): string[][] {
  return [...map.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([key, ms]) => [key, `${ms.toFixed(0)} ms`, `${((ms / busyMs) * 100).toFixed(1)} %`]);
}

/** A number option (fractions allowed), at least 0; `fallback` when not given. */
function amount(text: (name: string, fallback: string) => string, name: string, fallback: number): number {
  const raw = text(name, '');
  if (raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number ≥ 0, got "${raw}"`);
  return value;
}

/** Each window's busy share and top functions, one line each. */
function byWindow(profile: CpuProfile, fromMs: number | undefined, sinceMs: number, widthMs: number, count: number, topCount: number): string {
  const rows = [['window (ms)', 'busy', 'top functions (self ms)']];
  for (let i = 0; i < count; i++) {
    const start = sinceMs + i * widthMs;
    const times = selfTimes(profile, { fromMs, sinceMs: start, untilMs: start + widthMs });
    if (times.totalMs === 0) break;
    const tops = [...times.byFunction.entries()].sort(([, a], [, b]) => b - a).slice(0, topCount);
    rows.push([`${start.toFixed(0)}–${(start + widthMs).toFixed(0)}`, `${((times.busyMs / times.totalMs) * 100).toFixed(0)} %`, tops.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join('; ')]);
  }
  return table(rows, { left: 3 });
}

async function main(): Promise<void> {
  const { count, text } = options();
  const topCount = count('top', 25);
  const fromText = text('from', '');
  const fromMs = fromText === '' ? undefined : amount(text, 'from', 0);
  const sinceMs = amount(text, 'since', 0) * 1000;
  const untilMs = amount(text, 'until', Infinity) * 1000;
  const windowMs = amount(text, 'window', 0);
  const paths = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (paths.length === 0) throw new Error('usage: npx tsx bench/profile.ts <file.cpuprofile | directory> [--top=25] [--since=<s>] [--until=<s>] [--from=<monotonic ms>] [--window=<ms> [--windows=8]]');
  for (const file of paths.flatMap(profilesIn)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    if (windowMs > 0) {
      console.log(`\n${file}\n${byWindow(profile, fromMs, sinceMs, windowMs, count('windows', 8), Math.min(topCount, 8))}`);
      continue;
    }
    const times = selfTimes(profile, { fromMs, sinceMs, untilMs });
    console.log(`\n${file}\n  ${(times.totalMs / 1000).toFixed(1)} s profiled, ${(times.busyMs / 1000).toFixed(1)} s busy (${((times.busyMs / times.totalMs) * 100).toFixed(0)} %)\n`);
    console.log(table([['package', 'self', 'of busy'], ...top(times.byPackage, times.busyMs, 12)]));
    console.log('');
    console.log(table([['file', 'self', 'of busy'], ...top(times.byFile, times.busyMs, topCount)]));
    console.log('');
    console.log(table([['function', 'self', 'of busy'], ...top(times.byFunction, times.busyMs, topCount)]));
    console.log('');
    console.log(table([["Charla's functions, callees included", 'total', 'of busy'], ...top(times.inclusive, times.busyMs, topCount)]));
  }
}

run(main);
