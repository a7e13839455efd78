// A supervisor killed outright (kill -9, an OOM kill) leaves no part behind holding its ports:
// each part sees the supervisor's channel close and stops gracefully on its own (its log lines
// then go nowhere: the supervisor was what wrote them to data/logs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notableLines, waitFor, writeRunSettings } from '@charla/platform/testing';

const root = join(__dirname, '..', '..');
const PARTS = ['users-service', 'messages-service', 'api-gateway'] as const;
const dir = mkdtempSync(join(tmpdir(), 'charla-supervisor-gone-'));
const dataDir = join(dir, 'data');
const settings = join(dir, 'charla.json');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('every part stops by itself when the supervisor is killed with SIGKILL, and a new npm start can take the ports', async () => {
  const { gateway } = await writeRunSettings(settings, { 'api-gateway': { CLIENT_DIST: '/nonexistent' } });
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, CHARLA_CONFIG: settings, DATA_DIR: dataDir };
  const start = () => {
    const supervisor = spawn(process.execPath, [join(root, 'cli', 'supervisor.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    supervisor.stdout.on('data', (chunk) => (said += chunk));
    supervisor.stderr.on('data', (chunk) => (said += chunk));
    return { supervisor, said: () => said };
  };

  const first = start();
  await waitFor('Charla to be ready', async () => first.said().includes('Charla is ready'), 60_000, () => notableLines(first.said()));
  const pids = PARTS.map((part) => (JSON.parse(readFileSync(join(dataDir, 'run', `${part}.json`), 'utf8')) as { pid: number }).pid);
  first.supervisor.kill('SIGKILL');

  await waitFor('every part to stop', async () => pids.every((pid) => !alive(pid)), 20_000, () => `still running: ${pids.filter(alive).join(', ')}`);

  const second = start();
  try {
    await waitFor('Charla to be ready again on the same ports and data', async () => second.said().includes('Charla is ready'), 60_000, () => notableLines(second.said()));
    expect((await fetch(`${gateway}/readyz`)).ok).toBe(true);
  } finally {
    second.supervisor.kill('SIGTERM');
    await new Promise((resolve) => second.supervisor.once('exit', resolve));
  }
}, 150_000);
