// @ts-check
// `npx charla console`: the same commands at a prompt, with Tab completion (commands, parts,
// roles, usernames seen by `users`) and a history kept in data/run/console_history.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { COMMANDS, ROLES, runCommand, usageLines } from './commands.mjs';
import { ConsoleError, localRun } from './parts.mjs';
import { PARTS } from './run-state.mjs';

const HISTORY_KEPT = 500;
const EXTRA = ['help', 'exit'];

/** Splits a command line into words; "double quotes" keep spaces (motd set "two words"). @param {string} line */
export function words(line) {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]));
}

/** What may follow the words typed so far. @param {string[]} before @param {string[]} usernames */
export function candidates(before, usernames) {
  const [command, sub] = before;
  if (before.length === 0) return [...Object.keys(COMMANDS), ...EXTRA];
  if (command === 'restart' && before.length === 1) return PARTS;
  if (command === 'logs') return ['--follow', '--lines', ...PARTS];
  if (command === 'motd' && before.length === 1) return ['set'];
  if (command === 'users' && before.length === 1) return ['promote'];
  if (command === 'users' && sub === 'promote' && before.length === 2) return usernames;
  if (command === 'users' && sub === 'promote' && before.length === 3) return ROLES;
  return [];
}

/** @param {NodeJS.ProcessEnv} env */
export async function runConsole(env) {
  const { dataDir } = localRun(env);
  const historyPath = join(dataDir, 'run', 'console_history');
  /** @type {string[]} */
  let history = [];
  try {
    history = readFileSync(historyPath, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_KEPT).reverse();
  } catch {
    // No history yet.
  }
  /** @type {string[]} */
  const usernames = [];
  const color = process.stdout.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: 'charla> ',
    history,
    historySize: HISTORY_KEPT,
    removeHistoryDuplicates: true,
    completer: (/** @type {string} */ line) => {
      const typed = words(line);
      const partial = /\s$/.test(line) || line === '' ? '' : (typed.pop() ?? '');
      const hits = candidates(typed, usernames).filter((word) => word.startsWith(partial));
      return [hits, partial];
    },
  });
  /** While a command runs, Ctrl-C ends it (logs --follow) instead of the console. */
  let running = /** @type {AbortController | undefined} */ (undefined);
  rl.on('SIGINT', () => {
    if (running) return running.abort();
    rl.close();
  });
  const out = (/** @type {string} */ line) => void process.stdout.write(`${line}\n`);
  const learn = (/** @type {string[]} */ names) => usernames.splice(0, usernames.length, ...names);
  console.log('Charla console: `help` lists the commands, Tab completes, Ctrl-D leaves.');
  rl.prompt();
  for await (const line of rl) {
    const typed = words(line);
    if (typed.length > 0) {
      mkdirSync(dirname(historyPath), { recursive: true });
      appendFileSync(historyPath, `${line}\n`, { mode: 0o600 });
    }
    if (typed[0] === 'exit' || typed[0] === 'quit') break;
    if (typed[0] === 'help') for (const usage of usageLines([{ syntax: 'exit', what: 'leaves (so does Ctrl-D)' }])) out(usage);
    else if (typed.length > 0) {
      running = new AbortController();
      try {
        await runCommand({ out, env, color, signal: running.signal, learn }, typed);
      } catch (error) {
        out(error instanceof ConsoleError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = undefined;
      }
    }
    rl.prompt();
  }
  rl.close();
}
