// @ts-check
// `logs [--follow] [--lines N] [part]`: the local run's logs (data/logs/<part>.log, JSON lines),
// readable, oldest first across parts; --follow keeps printing what they write next.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prettyLine } from './log-lines.mjs';
import { ConsoleError, localRun } from './parts.mjs';
import { PARTS } from './run-state.mjs';

const FOLLOW_POLL_MS = 250;

/** @param {string} line */
const timeOf = (line) => {
  try {
    return Number(JSON.parse(line).time) || 0;
  } catch {
    return 0;
  }
};

/** Reads what a file holds from `offset` on; a shorter file than the offset was started again. @param {string} path @param {number} offset */
function readFrom(path, offset) {
  if (!existsSync(path)) return { text: '', offset: 0 };
  const size = statSync(path).size;
  const start = size < offset ? 0 : offset;
  if (size === start) return { text: '', offset: start };
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return { text: buffer.toString('utf8'), offset: size };
}

/** @param {import('./commands.mjs').Io} io @param {string[]} args */
export async function logs(io, args) {
  let follow = false;
  let lines = 50;
  /** @type {string | undefined} */
  let part;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--follow' || arg === '-f') follow = true;
    else if (arg === '--lines' || arg === '-n') lines = Number(args[++i]);
    else if (PARTS.includes(arg) && part === undefined) part = arg;
    else throw new ConsoleError(`usage: logs [--follow] [--lines N] [${PARTS.join('|')}]`);
  }
  if (!Number.isInteger(lines) || lines < 0) throw new ConsoleError('--lines takes a whole number');
  const local = localRun(io.env);
  const logDir = join(local.dataDir, 'logs');
  const names = part ? [part] : PARTS;
  if (!names.some((name) => existsSync(join(logDir, `${name}.log`)))) throw new ConsoleError(`no logs in ${logDir}: has Charla run here (\`npm start\`)?`);

  const offsets = new Map(names.map((name) => [name, 0]));
  const pending = new Map(names.map((name) => [name, '']));
  /** Complete new lines of every file, oldest first. */
  const fresh = () => {
    const found = [];
    for (const name of names) {
      const read = readFrom(join(logDir, `${name}.log`), offsets.get(name) ?? 0);
      if (read.offset < (offsets.get(name) ?? 0)) pending.set(name, '');
      offsets.set(name, read.offset);
      const split = ((pending.get(name) ?? '') + read.text).split('\n');
      pending.set(name, split.pop() ?? '');
      for (const line of split) if (line !== '') found.push({ name, line });
    }
    return found.sort((a, b) => timeOf(a.line) - timeOf(b.line));
  };
  const show = (/** @type {{ name: string, line: string }[]} */ entries) => {
    for (const { name, line } of entries) io.out(prettyLine(line, name, { color: io.color }));
  };

  const past = fresh();
  show(lines === 0 ? [] : past.slice(-lines));
  if (!follow) return true;
  io.out(`(following ${names.join(', ')}; Ctrl-C stops)`);
  const signal = io.signal;
  while (!signal?.aborted) {
    await new Promise((resolve) => {
      const stop = () => (clearTimeout(timer), resolve(undefined));
      const timer = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve(undefined)), FOLLOW_POLL_MS);
      signal?.addEventListener('abort', stop, { once: true });
    });
    show(fresh());
  }
  return true;
}
