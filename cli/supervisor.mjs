// @ts-check
// `npm start`: runs users-service, messages-service and api-gateway as child processes, restarts
// one that crashes (with a growing pause, and says so), prints the address to open once the
// gateway is ready, and stops all three gracefully on Ctrl-C or `npx charla stop`. Logs go to
// data/logs/<part>.log as JSON lines, and to the terminal readable (JSON when not a terminal).
// With NODE_ENV=production it runs the built JavaScript (`npm run build`) with plain node.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eachLine, prettyLine } from './log-lines.mjs';
import { PARTS, isAlive, readPartFile, readRunFile, serveControl } from './run-state.mjs';
import { dataDirOf, root, settingsPath } from './settings-file.mjs';

/** A part that ran this long before crashing starts again at once; faster crashes wait longer each time. */
const STABLE_MS = 30_000;
const MAX_PAUSE_MS = 30_000;
const STOP_GRACE_MS = 10_000;

const production = process.env.NODE_ENV === 'production';
const dataDir = dataDirOf(process.env);
const logDir = join(dataDir, 'logs');
const runDir = join(dataDir, 'run');
const settings = settingsPath(process.env);
const pretty = process.stdout.isTTY === true;

/** @param {string} msg @param {Record<string, unknown>} [fields] @param {number} [level] */
function say(msg, fields = {}, level = 30) {
  const line = JSON.stringify({ level, time: Date.now(), service: 'charla', msg, ...fields });
  process.stdout.write((pretty ? prettyLine(line, 'charla', { color: true }) : line) + '\n');
}

/** @param {string} msg */
function refuse(msg) {
  say(msg, {}, 50);
  process.exit(1);
}

/**
 * @typedef {{ name: string, child: import('node:child_process').ChildProcess | undefined, state: string,
 *   startedAt: number | undefined, restarts: number, failures: number, timer: NodeJS.Timeout | undefined,
 *   exited: Promise<void> | undefined }} Part
 */

/** @type {Map<string, Part>} */
const parts = new Map(PARTS.map((name) => [name, { name, child: undefined, state: 'stopped', startedAt: undefined, restarts: 0, failures: 0, timer: undefined, exited: undefined }]));
let stopping = false;

function checkPreconditions() {
  const running = readRunFile(dataDir);
  if (running && running.pid !== process.pid && isAlive(running.pid)) {
    refuse(`Charla is already running on ${dataDir} (pid ${running.pid}, ${running.url ?? 'starting'}): \`npx charla stop\` stops it`);
  }
  if (production) {
    const missing = PARTS.filter((name) => !existsSync(join(root, name, 'dist', 'main.js')));
    if (missing.length > 0) refuse(`NODE_ENV=production runs the built parts, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not built: run \`npm run build\` first`);
  }
}

function buildClientOnce() {
  if (production || existsSync(join(root, 'client', 'dist', 'index.html')) || !existsSync(join(root, 'client', 'index.html'))) return;
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

/** @type {Map<string, import('node:fs').WriteStream>} */
const logs = new Map();

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

/** One node process per part (no tsx wrapper), so its pid is the server's own: a signal reaches it directly. */
function command(/** @type {string} */ name) {
  return production
    ? ['--conditions=charla-dist', join(root, name, 'dist', 'main.js')]
    : ['--import', 'tsx', join(root, name, 'src', 'main.ts')];
}

/** Says once when a started part announces its addresses (it writes data/run/<part>.json once listening). @param {Part} part */
async function announceWhenUp(part, child) {
  while (part.child === child && !stopping) {
    const announced = readPartFile(dataDir, part.name);
    if (announced?.pid === child.pid) {
      const again = part.restarts > 0 ? ' again' : '';
      return say(`${part.name} is running${again} (pid ${child.pid}, ${announced.http}${announced.grpc ? `, gRPC ${announced.grpc}` : ''})`, { part: part.name, pid: child.pid });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** @param {Part} part */
function start(part) {
  rmSync(join(runDir, `${part.name}.json`), { force: true });
  const child = spawn(process.execPath, command(part.name), {
    cwd: join(root, part.name),
    env: { ...process.env, DATA_DIR: dataDir, CHARLA_RUN_DIR: runDir, ...(settings ? { CHARLA_CONFIG: settings } : {}) },
    // The IPC channel is how a part learns that the supervisor is gone, even by kill -9: it
    // closes with the supervisor, and the part stops itself instead of holding its ports.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  part.child = child;
  part.state = 'running';
  part.startedAt = Date.now();
  eachLine(/** @type {NodeJS.ReadableStream} */ (child.stdout), (line) => relay(part, line, false));
  eachLine(/** @type {NodeJS.ReadableStream} */ (child.stderr), (line) => relay(part, line, true));
  void announceWhenUp(part, child);
  // 'close', not 'exit': the last lines it printed are read (and logged) by then.
  part.exited = new Promise((done) =>
    child.once('close', (code, signal) => {
      part.child = undefined;
      done();
      if (stopping || part.state === 'restarting') return;
      const ranFor = Date.now() - (part.startedAt ?? Date.now());
      part.failures = ranFor >= STABLE_MS ? 1 : part.failures + 1;
      const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** (part.failures - 1));
      part.state = 'crashed';
      say(`${part.name} exited (${signal ?? `code ${code}`}); restarting in ${pause / 1000} s`, { part: part.name, restartInMs: pause }, 40);
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
  await Promise.all([...logs.values()].map((log) => new Promise((resolve) => log.end(resolve))));
  say('stopped');
  process.exit(0);
}

/** The gateway's address, from the run file it writes once listening (its port comes from the settings). */
function gatewayUrl() {
  const gateway = parts.get('api-gateway')?.child;
  const announced = readPartFile(dataDir, 'api-gateway');
  return gateway && announced?.pid === gateway.pid ? announced.http : undefined;
}

/** Polls the gateway's /readyz; says once when Charla can be used. */
async function announceWhenReady() {
  for (;;) {
    if (stopping) return;
    const url = gatewayUrl();
    const ready = url && (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false));
    if (ready) {
      controlServer?.update({ url });
      return say(`Charla is ready: open ${url} (GraphiQL at ${url}/graphql)`, { url });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

checkPreconditions();
buildClientOnce();
for (const name of PARTS) logs.set(name, openLog(name));
say(`starting Charla (${production ? 'built JavaScript' : 'TypeScript through tsx'}); data in ${dataDir}${settings ? `, settings from ${settings}` : ''}`, { dataDir, settings });
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
  { dataDir, logDir },
);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
void announceWhenReady();
