// The shape every scenario shares: it runs on the started systems and answers rows of the one
// table (scenario, figure, Charla, target, alternative, ratio, delivery check).
import type { System } from './system';

export interface Row {
  scenario: string;
  figure: string;
  unit: 'ms' | '/s' | 'KiB' | 'MiB' | 's' | '';
  charla?: number;
  alternative?: number;
  /** What the issue asks, in words ("≤ 8 ms", "≥ 0.7× alternative"); '' when it asks nothing. */
  target: string;
  /** Whether Charla met it; undefined when there is no target or Charla did not run. */
  met?: boolean;
  /** The exactly-once, in-order verdict of the deliveries behind this row, when it has any. */
  check?: string;
}

/** A line of a chart: y over x (seconds), one per system. */
export interface Series {
  chart: string;
  system: string;
  points: [number, number][];
}

export interface ScenarioOutput {
  rows: Row[];
  series?: Series[];
  /** Everything measured, for the JSON. */
  data: Record<string, unknown>;
}

export interface Context {
  charla?: System;
  alternative?: System;
  /** 1 for the full run; smaller for a quick one (durations scale, counts stay). */
  scale: number;
  cpuProfDir: string | undefined;
  say(line: string): void;
  /** What one scenario learnt for a later one (the stored-sends capacity, for overload). */
  memo: Map<string, number>;
}

export interface Scenario {
  name: string;
  /** What it needs started before it runs; scenarios with their own stacks need none. */
  needs: 'systems' | 'nothing';
  run(context: Context): Promise<ScenarioOutput>;
}

/** The systems of a run, Charla first. */
export const systemsOf = (context: Context): System[] => [context.charla, context.alternative].filter((system): system is System => system !== undefined);

/** `fn` for each system, keyed by name. */
export async function perSystem<T>(context: Context, fn: (system: System) => Promise<T>): Promise<{ charla?: T; alternative?: T }> {
  const out: { charla?: T; alternative?: T } = {};
  for (const system of systemsOf(context)) out[system.name] = await fn(system);
  return out;
}

/** ≤ target met? undefined when Charla's figure is missing. */
export const atMost = (value: number | undefined, limit: number): boolean | undefined => (value === undefined || Number.isNaN(value) ? undefined : value <= limit);
export const atLeast = (value: number | undefined, limit: number): boolean | undefined => (value === undefined || Number.isNaN(value) ? undefined : value >= limit);

/** The verdicts of both systems in one cell. */
export function checks(verdicts: { charla?: { text: string }; alternative?: { text: string } }): string {
  return [verdicts.charla && `charla ${verdicts.charla.text}`, verdicts.alternative && `alt ${verdicts.alternative.text}`].filter(Boolean).join('; ');
}
