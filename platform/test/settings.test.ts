import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, intVar, readSettings, stringVar, type Env } from '@charla/platform';

/** A part's reader, as each part's config.ts writes it. */
const readGateway = (env: Env) => ({ port: intVar(env, 'PORT', 4000, { min: 0, max: 65535 }), motd: stringVar(env, 'MOTD', 'hi'), token: stringVar(env, 'SERVICE_TOKEN', 'dev') });
const PARTS = ['users-service', 'messages-service', 'api-gateway'];

function settingsFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'charla-settings-')), 'charla.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const read = (content: unknown, env: Env = {}) => readSettings('api-gateway', readGateway, { CHARLA_CONFIG: settingsFile(content), ...env }, PARTS);

describe('the settings file', () => {
  it('gives a part its own section and the shared settings, the environment overriding both', () => {
    const content = { SERVICE_TOKEN: 'from-file', 'api-gateway': { PORT: 4100, MOTD: 'Hello from the file' }, 'users-service': { GRPC_PORT: 1 } };
    expect(read(content)).toEqual({ port: 4100, motd: 'Hello from the file', token: 'from-file' });
    expect(read(content, { PORT: '4200', SERVICE_TOKEN: 'from-env' })).toEqual({ port: 4200, motd: 'Hello from the file', token: 'from-env' });
  });

  it('is optional: without CHARLA_CONFIG or ./charla.json the environment alone counts', () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'charla-none-'));
    expect(readSettings('api-gateway', readGateway, { INIT_CWD: emptyDir, PORT: '5' }, PARTS)).toEqual({ port: 5, motd: 'hi', token: 'dev' });
  });

  it('finds charla.json where the command was run', () => {
    const path = settingsFile({ 'api-gateway': { MOTD: 'found' } });
    expect(readSettings('api-gateway', readGateway, { INIT_CWD: join(path, '..') }, PARTS).motd).toBe('found');
  });

  it.each([
    [{ 'api-gateway': { PROT: 4000 } }, /"api-gateway.PROT" is not a setting of api-gateway/],
    [{ 'api-gateway': { PORT: 'four thousand' } }, /charla.json: api-gateway.PORT must be an integer between 0 and 65535, got "four thousand"/],
    [{ 'api-gateway': { PORT: 70000 } }, /api-gateway.PORT must be an integer/],
    [{ PORT: 4000 }, /"PORT" is not a shared setting/],
    [{ gateway: { PORT: 4000 } }, /"gateway" is not a part of Charla/],
    [{ 'api-gateway': { MOTD: { text: 'x' } } }, /"api-gateway.MOTD" must be a string, a number, a boolean or a list of strings/],
    ['{ "api-gateway": ', /not valid JSON/],
    [[1, 2], /must be a JSON object/],
  ])('stops start-up naming what is wrong: %j', (content, message) => {
    expect(() => read(content)).toThrow(ConfigError);
    expect(() => read(content)).toThrow(message);
  });

  it('blames the environment, not the file, for a bad value set there', () => {
    expect(() => read({ 'api-gateway': { PORT: 4000 } }, { PORT: 'x' })).toThrow(/^PORT must be an integer/);
  });

  it('reads a relative DATA_DIR as relative to the file, wherever the part runs', () => {
    const path = settingsFile({ DATA_DIR: 'state', 'users-service': {} });
    const readDataDir = (env: Env) => ({ dataDir: stringVar(env, 'DATA_DIR', 'data') });
    expect(readSettings('users-service', readDataDir, { CHARLA_CONFIG: path }, PARTS).dataDir).toBe(join(path, '..', 'state'));
    expect(readSettings('users-service', readDataDir, { CHARLA_CONFIG: path, DATA_DIR: '/abs' }, PARTS).dataDir).toBe('/abs');
  });

  it('says when a named file is missing', () => {
    expect(() => readSettings('api-gateway', readGateway, { CHARLA_CONFIG: '/nonexistent/charla.json' }, PARTS)).toThrow(/charla.json: cannot be read/);
  });
});
