// @ts-check
// `npm start`: runs users-service, messages-service and api-gateway as child processes, restarts
// one that crashes (with a growing pause, and says so), prints the address to open once the
// gateway is ready, and stops all three gracefully on Ctrl-C or `npx charla stop`. Logs go to
// data/logs/<part>.log as JSON lines, and to the terminal readable (JSON when not a terminal).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachLine, prettyLine } from './log-lines.mjs';
import { serveControl } from './run-state.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PARTS = ['users-service', 'messages-service', 'api-gateway'];
/** A part that ran this long before crashing starts again at once; faster crashes wait longer each time. */
const STABLE_MS = 30_000;
const MAX_PAUSE_MS = 30_000;
const STOP_GRACE_MS = 10_000;

const dataDir = resolve(process.env.DATA_DIR ?? join(root, 'data'));
const logDir = join(dataDir, 'logs');
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const url = `http://${host}:${process.env.PORT ?? 4000}`;
const pretty = process.stdout.isTTY === true;

/** @param {string} msg @param {Record<string, unknown>} [fields] */
function say(msg, fields = {}) {
  const line = JSON.stringify({ level: 30, time: Date.now(), service: 'charla', msg, ...fields });
  process.stdout.write((pretty ? prettyLine(line, 'charla', { color: true }) : line) + '\n');
}

/**
 * @typedef {{ name: string, child: import('node:child_process').ChildProcess | undefined, state: string,
 *   startedAt: number | undefined, restarts: number, failures: number, timer: NodeJS.Timeout | undefined,
 *   exited: Promise<void> | undefined }} Part
 */

/** @type {Map<string, Part>} */
const parts = new Map(PARTS.map((name) => [name, { name, child: undefined, state: 'stopped', startedAt: undefined, restarts: 0, failures: 0, timer: undefined, exited: undefined }]));
let stopping = false;

function buildClientOnce() {
  if (existsSync(join(root, 'client', 'dist', 'index.html')) || !existsSync(join(root, 'client', 'index.html'))) return;
  say('building the browser client (first start only)');
  const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** @param {string} name */
function openLog(name) {
  mkdirSync(logDir, { recursive: true });
  const path = join(logDir, `${name}.log`);
  if (existsSync(path)) renameSync(path, `${path}.1`); // the previous run's, kept once
  return createWriteStream(path, { flags: 'a' });
}
const logs = new Map(PARTS.map((name) => [name, openLog(name)]));

/** @param {Part} part @param {string} line @param {boolean} fromStderr */
function relay(part, line, fromStderr) {
  let json = line;
  try {
    JSON.parse(line);
  } catch {
    json = JSON.stringify({ level: fromStderr ? 50 : 30, time: Date.now(), service: part.name, msg: line });
  }
  logs.get(part.name)?.write(json + '\n');
  const out = fromStderr ? process.stderr : process.stdout;
  out.write((pretty ? prettyLine(json, part.name, { color: true }) : json) + '\n');
}

/** @param {Part} part */
function start(part) {
  const entry = join(root, part.name, 'src', 'main.ts');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: join(root, part.name),
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  part.child = child;
  part.state = 'running';
  part.startedAt = Date.now();
  eachLine(/** @type {NodeJS.ReadableStream} */ (child.stdout), (line) => relay(part, line, false));
  eachLine(/** @type {NodeJS.ReadableStream} */ (child.stderr), (line) => relay(part, line, true));
  part.exited = new Promise((done) =>
    child.once('exit', (code, signal) => {
      part.child = undefined;
      done();
      if (stopping || part.state === 'restarting') return;
      const ranFor = Date.now() - (part.startedAt ?? Date.now());
      part.failures = ranFor >= STABLE_MS ? 1 : part.failures + 1;
      const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** (part.failures - 1));
      part.state = 'crashed';
      say(`${part.name} exited (${signal ?? `code ${code}`}); restarting in ${pause / 1000} s`, { part: part.name, restartInMs: pause });
      part.timer = setTimeout(() => {
        part.restarts++;
        start(part);
      }, pause);
    }),
  );
}

/** Stops a part gracefully: SIGTERM, then SIGKILL after the grace period. @param {Part} part */
async function halt(part) {
  clearTimeout(part.timer);
  const child = part.child;
  if (!child) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await part.exited;
  clearTimeout(killer);
}

/** @param {string | undefined} name */
async function restart(name) {
  for (const part of name ? [/** @type {Part} */ (parts.get(name))] : [...parts.values()]) {
    part.state = 'restarting';
    say(`restarting ${part.name}`, { part: part.name });
    await halt(part);
    part.restarts++;
    part.failures = 0;
    start(part);
  }
}

/** @type {{ close(): void } | undefined} */
let controlServer;

async function stop() {
  if (stopping) return;
  stopping = true;
  say('stopping');
  // The gateway first, so no socket is left talking to a stopped service.
  for (const name of [...PARTS].reverse()) {
    const part = /** @type {Part} */ (parts.get(name));
    await halt(part);
    part.state = 'stopped';
  }
  controlServer?.close();
  for (const log of logs.values()) log.end();
  say('stopped');
  process.exit(0);
}

/** Polls the gateway's /readyz; says once when Charla can be used. */
async function announceWhenReady() {
  for (;;) {
    if (stopping) return;
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ready) return say(`Charla is ready: open ${url} (GraphiQL at ${url}/graphql)`, { url });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

buildClientOnce();
for (const part of parts.values()) start(part);
controlServer = await serveControl(
  {
    parts: () =>
      Object.fromEntries(
        [...parts.values()].map((p) => [p.name, { pid: p.child?.pid, state: p.state, startedAt: p.startedAt ? new Date(p.startedAt).toISOString() : undefined, restarts: p.restarts }]),
      ),
    restart,
    stop,
  },
  { dataDir, logDir, url },
);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
void announceWhenReady();
