// @ts-check
// How the console reaches the parts: where each one answers (from the local run's files, or
// the settings file's ports), with which admin credential, and the one way a call fails (a
// sentence that says what to do, never a stack trace).
import { readFileSync } from 'node:fs';
import { PARTS, isAlive, readPartFile, readRunFile } from './run-state.mjs';
import { DEV_SERVICE_TOKEN, dataDirOf, settingsPath, sharedSetting } from './settings-file.mjs';

/** A refusal or failure the console reports as it is, then exits 1 (or, at the prompt, goes on). */
export class ConsoleError extends Error {
  /** @param {string} message @param {{ status?: number, down?: boolean }} [details] the part's HTTP status; whether it did not answer */
  constructor(message, details = {}) {
    super(message);
    this.status = details.status;
    this.down = details.down ?? false;
  }
}

const DEFAULT_HTTP = { 'users-service': 8081, 'messages-service': 8082, 'api-gateway': 4000 };
const PORT_SETTING = { 'users-service': 'HTTP_PORT', 'messages-service': 'HTTP_PORT', 'api-gateway': 'PORT' };
const CALL_TIMEOUT_MS = 5_000;

/**
 * @typedef {{ name: string, http: string, grpc?: string, pid?: number }} PartAddress
 * @typedef {{ dataDir: string, run: import('./run-state.mjs').RunFile | undefined, parts: Record<string, PartAddress>, credential: { token: string, source: string } }} LocalRun
 */

/** A part's HTTP address from the settings file when no run says where it is. @param {NodeJS.ProcessEnv} env @param {string} part */
function configuredHttp(env, part) {
  let sections = {};
  try {
    const path = settingsPath(env);
    if (path) sections = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // The parts name what is wrong with the file when they start.
  }
  const own = /** @type {Record<string, unknown>} */ (sections[part] ?? {});
  const host = String(own.HOST ?? sharedSetting(env, 'HOST') ?? '127.0.0.1').replace(/^0\.0\.0\.0$/, '127.0.0.1');
  return `http://${host}:${own[PORT_SETTING[part]] ?? DEFAULT_HTTP[part]}`;
}

/** Everything the console needs to know about the Charla it talks to. @param {NodeJS.ProcessEnv} env @returns {LocalRun} */
export function localRun(env) {
  const dataDir = dataDirOf(env);
  const found = readRunFile(dataDir);
  const run = found && isAlive(found.pid) ? found : undefined;
  /** @type {Record<string, PartAddress>} */
  const parts = {};
  for (const name of PARTS) {
    const announced = run ? readPartFile(dataDir, name) : undefined;
    parts[name] = announced && isAlive(announced.pid) ? { name, http: announced.http, grpc: announced.grpc, pid: announced.pid } : { name, http: configuredHttp(env, name) };
  }
  const admin = env.CHARLA_ADMIN_TOKEN;
  const serviceToken = sharedSetting(env, 'SERVICE_TOKEN');
  const credential = admin
    ? { token: admin, source: 'CHARLA_ADMIN_TOKEN' }
    : serviceToken
      ? { token: serviceToken, source: env.SERVICE_TOKEN ? 'SERVICE_TOKEN' : 'the SERVICE_TOKEN of the settings file' }
      : { token: DEV_SERVICE_TOKEN, source: 'the development SERVICE_TOKEN' };
  return { dataDir, run, parts, credential };
}

/** The local run's supervisor, or a refusal saying how to start one. @param {LocalRun} local */
export function supervisorOf(local) {
  if (!local.run) throw new ConsoleError(`Charla is not running on ${local.dataDir} (no live data/run/charla.json): start it with \`npm start\``);
  return local.run;
}

/**
 * One admin call to a part: JSON in and out, with the credential. Its failures are sentences.
 * @param {LocalRun} local @param {string} part @param {string} method @param {string} path @param {unknown} [body]
 */
export async function callPart(local, part, method, path, body) {
  const { http } = local.parts[part];
  let response;
  try {
    response = await fetch(`${http}${path}`, {
      method,
      headers: { authorization: `Bearer ${local.credential.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch {
    throw new ConsoleError(`${part} is not answering at ${http}${local.run ? '' : ': is Charla running? (`npm start`)'}`, { down: true });
  }
  const answer = await response.json().catch(() => ({}));
  if (response.ok) return answer;
  const reason = answer?.error?.message ?? `HTTP ${response.status}`;
  if (response.status === 401) {
    throw new ConsoleError(`${part} refused the admin credential (${local.credential.source}): ${reason}. Use the SERVICE_TOKEN the parts share, or CHARLA_ADMIN_TOKEN=<an admin's token>.`);
  }
  if (response.status === 403) throw new ConsoleError(`${part} refused: ${reason} (the token in CHARLA_ADMIN_TOKEN is not an admin's).`);
  if (response.status >= 500) throw new ConsoleError(`${part} failed: ${reason}`, { status: response.status });
  throw new ConsoleError(reason, { status: response.status });
}
