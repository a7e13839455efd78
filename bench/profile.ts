// Reads V8 .cpuprofile files (node --cpu-prof) and sums self time by function, by file and
// by package, so a profile can be read in a terminal and quoted in BENCHMARKS.md.
//
//   npx tsx bench/profile.ts <file.cpuprofile | directory> [--top=25] [--since=<s>]
//
// A directory means every main-thread profile in it (CPU.<date>.<pid>.0.*; the other thread
// is tsx's module loader). `--since` skips the first seconds (start-up, set-up).
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

export function selfTimes(profile: CpuProfile, sinceMs = 0): SelfTimes {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const times: SelfTimes = { totalMs: 0, busyMs: 0, byFunction: new Map(), byFile: new Map(), byPackage: new Map(), inclusive: new Map() };
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const nameOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${placeOf(node.callFrame.url).file}:${node.callFrame.lineNumber + 1}`;
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    if (at < sinceMs) continue;
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

async function main(): Promise<void> {
  const { count } = options();
  const topCount = count('top', 25);
  const since = count('since', 0, 0) * 1000;
  const paths = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  if (paths.length === 0) throw new Error('usage: npx tsx bench/profile.ts <file.cpuprofile | directory> [--top=25] [--since=<s>]');
  for (const file of paths.flatMap(profilesIn)) {
    const times = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, since);
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
