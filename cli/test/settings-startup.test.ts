// A part reads the settings file at start-up and stops, naming what is wrong, before it opens a
// database or a port: an unknown key, a bad value, a broken file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '@charla/platform';
import { gatewayConfigFromEnv } from '@charla/api-gateway';
import { messagesConfigFromEnv } from '@charla/messages-service';
import { usersConfigFromEnv } from '@charla/users-service';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'charla-settings-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a part as `npm start` does, on a settings file; what it printed, and how it ended. */
function startWith(part: string, settings: unknown) {
  const file = join(dir, `${part}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, part, 'src', 'main.ts')], {
    cwd: join(root, part),
    env: { PATH: process.env.PATH, CHARLA_CONFIG: file, DATA_DIR: join(dir, 'data') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; setting?: string });
  return { code: result.status, lines, stderr: result.stderr };
}

describe('a part started on a bad settings file', () => {
  it.each([
    ['users-service', { 'users-service': { GRPC_PROT: 50051 } }, /"users-service.GRPC_PROT" is not a setting of users-service/, 'GRPC_PROT'],
    ['api-gateway', { 'api-gateway': { PORT: 'four thousand' } }, /api-gateway.PORT must be an integer between 0 and 65535, got "four thousand"/, 'PORT'],
    ['messages-service', { 'messages-service': { SENDS_PER_COMMIT: 0 } }, /messages-service.SENDS_PER_COMMIT must be an integer between 1 and 1000/, 'SENDS_PER_COMMIT'],
    ['api-gateway', { 'api-gateway': { MOTD: 'hi' } }, /"api-gateway.MOTD" is not a setting of api-gateway/, 'MOTD'],
    ['users-service', { PORT: 4000 }, /"PORT" is not a shared setting/, undefined],
    ['messages-service', { gateway: { PORT: 4000 } }, /"gateway" is not a part of Charla/, undefined],
    ['users-service', '{ "users-service": ', /not valid JSON/, undefined],
  ])('%s refuses %j, naming it, with no stack trace', (part, settings, message, setting) => {
    const { code, lines, stderr } = startWith(part, settings);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, msg: expect.stringMatching(message) });
    expect(lines[0].msg).toMatch(new RegExp(`^${part} cannot start: .*charla-.*\\.json: `));
    if (setting) expect(lines[0].setting).toBe(setting);
    expect(stderr).toBe('');
  });
});

describe('charla.example.json', () => {
  // Read from the repo root, as a copy named charla.json would be.
  const example = { CHARLA_CONFIG: join(root, 'charla.example.json'), INIT_CWD: root };
  it.each([
    ['users-service', usersConfigFromEnv],
    ['messages-service', messagesConfigFromEnv],
    ['api-gateway', gatewayConfigFromEnv],
  ] as const)('is a valid settings file for %s, holding its defaults', (part, read) => {
    expect(readSettings(part, read as (env: NodeJS.ProcessEnv) => unknown, example)).toEqual(read({ INIT_CWD: root }));
  });
});
