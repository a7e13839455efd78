// @ts-check
// How the console finds a local run: the supervisor (`npm start`) writes data/run/charla.json
// with its control address and a secret made for this run, and serves a few control calls on
// loopback; each part writes data/run/<part>.json with its pid and addresses once listening.
// Only someone who can read those files (the user who started Charla) can use them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';

/** The parts, in the order they start (the gateway last, and it stops first). */
export const PARTS = ['users-service', 'messages-service', 'api-gateway'];

/**
 * @typedef {{ pid: number | undefined, state: string, startedAt: string | undefined, restarts: number }} PartState
 * @typedef {{ pid: number, control: string, secret: string, startedAt: string, url?: string, dataDir: string, logDir: string }} RunFile
 * @typedef {{ part: string, pid: number, startedAt: string, http: string, grpc?: string }} PartFile
 * @typedef {{ parts(): Record<string, PartState>, restart(part: string | undefined): Promise<void>, stop(): Promise<void> }} Supervisor
 */

/** @param {string} dataDir */
export const runFilePath = (dataDir) => join(dataDir, 'run', 'charla.json');

/** @param {string} path */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** @param {string} dataDir @returns {RunFile | undefined} */
export const readRunFile = (dataDir) => readJson(runFilePath(dataDir));

/** What a part of the local run announced about itself. @param {string} dataDir @param {string} part @returns {PartFile | undefined} */
export const readPartFile = (dataDir, part) => readJson(join(dataDir, 'run', `${part}.json`));

/** Whether a process with this id exists (signal 0 only checks). @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** @param {string} a @param {string} b */
function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Serves the control calls on 127.0.0.1 and writes the run file once listening.
 * @param {Supervisor} supervisor
 * @param {{ dataDir: string, logDir: string }} run
 * @returns {Promise<{ close(): void, update(fields: Partial<RunFile>): void }>}
 */
export async function serveControl(supervisor, run) {
  const secret = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, secret)) return reply(401, { error: 'bad control secret' });
    const url = new URL(request.url ?? '/', 'http://control');
    if (request.method === 'GET' && url.pathname === '/parts') return reply(200, supervisor.parts());
    if (request.method === 'POST' && url.pathname === '/restart') {
      const part = url.searchParams.get('part') ?? undefined;
      if (part !== undefined && !(part in supervisor.parts())) return reply(404, { error: `no part named ${part} (${PARTS.join(', ')})` });
      supervisor.restart(part).then(() => reply(200, { restarted: part ?? 'all' }), (error) => reply(500, { error: String(error) }));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/stop') {
      reply(202, { stopping: true });
      void supervisor.stop();
      return;
    }
    reply(404, { error: 'unknown control call' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const path = runFilePath(run.dataDir);
  mkdirSync(dirname(path), { recursive: true });
  /** @type {RunFile} */
  const file = { pid: process.pid, control: `http://127.0.0.1:${port}`, secret, startedAt: new Date().toISOString(), dataDir: run.dataDir, logDir: run.logDir };
  const write = () => writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  write();
  return {
    close() {
      server.close();
      rmSync(path, { force: true });
    },
    update(fields) {
      Object.assign(file, fields);
      write();
    },
  };
}

/**
 * One control call to a running supervisor.
 * @param {RunFile} run @param {string} method @param {string} path
 */
export async function control(run, method, path) {
  const response = await fetch(`${run.control}${path}`, { method, headers: { authorization: `Bearer ${run.secret}` }, signal: AbortSignal.timeout(30_000) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `control call failed (${response.status})`);
  return body;
}
