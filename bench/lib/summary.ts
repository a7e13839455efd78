// The generated part of BENCHMARKS.md: the latest full run's table and what it ran on. The
// hand-written parts (profiles, findings) live outside the markers and are kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLines, type Machine } from './machine';
import { ROOT } from './processes';
import { markdownTable } from './report';
import type { Row } from './scenario';

const BEGIN = '<!-- bench:results:begin (written by npm run bench; edit outside the markers) -->';
const END = '<!-- bench:results:end -->';

export interface Summary {
  rows: Row[];
  machine: Machine;
  notes: string[];
  loadAtStart: number;
  loadAtEnd: number;
  seconds: number;
  startedAt: Date;
}

export function writeSummary({ rows, machine, notes, loadAtStart, loadAtEnd, seconds, startedAt }: Summary): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const section = [
    BEGIN,
    `## Latest full run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    '```',
    ...machineLines(machine),
    `load average (1 min): ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end; ${Math.round(seconds)} s in all`,
    '```',
    '',
    markdownTable(rows),
    '',
    `${rows.filter((row) => row.met === true).length} targets met, ${rows.filter((row) => row.met === false).length} not.`,
    '',
    ...notes.map((note) => `- ${note}`),
    '',
    '![per-second charts of the run](bench/results/latest.svg)',
    END,
  ].join('\n');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const start = before.indexOf(BEGIN);
  const end = before.indexOf(END);
  const next = start >= 0 && end > start ? `${before.slice(0, start)}${section}${before.slice(end + END.length)}` : `${before.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
