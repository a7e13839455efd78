// @ts-check
// What the supervisor and the console take from the settings file before any part runs: where
// it is, and the few shared settings they need (DATA_DIR to find the local run, SERVICE_TOKEN to
// call the parts). Each part reads and validates the whole file itself at start-up
// (platform/src/settings.ts); an error in it stops that part with a message naming the key.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The development default of SERVICE_TOKEN (platform's DEV_SERVICE_TOKEN), refused when NODE_ENV=production. */
export const DEV_SERVICE_TOKEN = 'charla-dev-service-token';

/** CHARLA_CONFIG, or charla.json where the command was run, if there is one. @param {NodeJS.ProcessEnv} env */
export function settingsPath(env) {
  if (env.CHARLA_CONFIG) return resolve(env.CHARLA_CONFIG);
  const path = resolve(env.INIT_CWD ?? process.cwd(), 'charla.json');
  return existsSync(path) ? path : undefined;
}

/**
 * A shared (top-level) setting: the environment's, else the file's; undefined when neither
 * sets it or the file cannot be read (the parts say why at start-up).
 * @param {NodeJS.ProcessEnv} env @param {string} name
 */
export function sharedSetting(env, name) {
  if (env[name]) return env[name];
  const path = settingsPath(env);
  if (!path) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8'))[name];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    const text = String(value);
    return name === 'DATA_DIR' && !isAbsolute(text) ? resolve(dirname(path), text) : text;
  } catch {
    return undefined;
  }
}

/** The one data/ folder of a local run (SQLite files, logs, the run files). @param {NodeJS.ProcessEnv} env */
export function dataDirOf(env) {
  return resolve(env.INIT_CWD ?? process.cwd(), sharedSetting(env, 'DATA_DIR') ?? join(root, 'data'));
}
