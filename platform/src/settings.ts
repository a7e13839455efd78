import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type Env } from './config';

/**
 * Settings every part may take from the file's top level (the rest go in a part's own section).
 * Each part still reads only the ones it uses.
 */
export const SHARED_SETTINGS = ['SERVICE_TOKEN', 'REDIS_URL', 'LOG_LEVEL', 'HOST', 'DATA_DIR', 'USERS_GRPC_ADDR', 'MESSAGES_GRPC_ADDR', 'LEASE_TTL_SECONDS'] as const;

/** The parts of Charla: the sections a settings file may have. */
export const CHARLA_PARTS = ['users-service', 'messages-service', 'api-gateway'] as const;
export type CharlaPart = (typeof CHARLA_PARTS)[number];

/** Settings that name a place on disk: relative ones are relative to the settings file, not to each part's folder. */
const PATH_SETTINGS = new Set(['DATA_DIR', 'CLIENT_DIST']);

export interface SettingsFile {
  path: string;
  shared: Record<string, string>;
  parts: Record<string, Record<string, string>>;
}

/**
 * The settings file: CHARLA_CONFIG, or charla.json where the command was run (npm keeps that
 * directory in INIT_CWD while it runs a workspace's script) when there is one.
 * `{ "SERVICE_TOKEN": "…", "api-gateway": { "PORT": 4000 } }`: the keys are the environment
 * names, top-level ones shared, the others under the part's name.
 */
export function loadSettingsFile(env: Env): SettingsFile | undefined {
  const named = env.CHARLA_CONFIG;
  const path = named ? resolve(named) : resolve(env.INIT_CWD ?? process.cwd(), 'charla.json');
  if (!named && !existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : 'cannot be read'}`);
  }
  if (!isObject(parsed)) throw new ConfigError(`${path}: the settings must be a JSON object`);
  const file: SettingsFile = { path, shared: {}, parts: {} };
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '$comment') continue;
    if (isObject(value)) {
      file.parts[key] = {};
      for (const [name, setting] of Object.entries(value)) {
        if (name !== '$comment') file.parts[key][name] = located(path, name, settingText(path, `${key}.${name}`, setting));
      }
    } else {
      if (!(SHARED_SETTINGS as readonly string[]).includes(key)) {
        throw new ConfigError(`${path}: "${key}" is not a shared setting (${SHARED_SETTINGS.join(', ')}); a part's own setting goes under its name`);
      }
      file.shared[key] = located(path, key, settingText(path, key, value));
    }
  }
  return file;
}

/**
 * A part's configuration from the settings file under the environment (the environment wins).
 * `read` is the part's own reader (it throws ConfigError for a bad value); a key in the part's
 * section that the reader never asks for stops start-up, naming it, as does a bad value.
 */
export function readSettings<Config>(part: string, read: (env: Env) => Config, env: Env = process.env, knownParts: readonly string[] = CHARLA_PARTS): Config {
  const file = loadSettingsFile(env);
  if (!file) return read(env);
  for (const section of Object.keys(file.parts)) {
    if (!knownParts.includes(section)) throw new ConfigError(`${file.path}: "${section}" is not a part of Charla (${knownParts.join(', ')})`);
  }
  const own = file.parts[part] ?? {};
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const merged: Record<string, string | undefined> = { ...file.shared, ...own, ...defined };
  const asked = new Set<string>();
  const tracked = new Proxy(merged, {
    get: (target, name) => {
      if (typeof name === 'string') asked.add(name);
      return target[name as string];
    },
  });
  let config: Config;
  try {
    config = read(tracked);
  } catch (error) {
    const name = error instanceof ConfigError ? error.setting : undefined;
    if (name && !(name in defined) && (name in own || name in file.shared)) {
      throw new ConfigError(`${file.path}: ${name in own ? `${part}.` : ''}${error instanceof Error ? error.message : String(error)}`, name);
    }
    throw error;
  }
  const unused = Object.keys(own).filter((name) => !asked.has(name));
  if (unused.length > 0) throw new ConfigError(`${file.path}: ${unused.map((name) => `"${part}.${name}"`).join(', ')} ${unused.length === 1 ? 'is not a setting' : 'are not settings'} of ${part}`, unused[0]);
  return config;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function located(path: string, name: string, value: string): string {
  return PATH_SETTINGS.has(name) && value !== '' && !isAbsolute(value) ? resolve(dirname(path), value) : value;
}

function settingText(path: string, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  throw new ConfigError(`${path}: "${key}" must be a string, a number, a boolean or a list of strings`, key);
}
