// `npm start`: runs users-service, messages-service and api-gateway together, each as
// `npm start -w <folder>` would (its own folder as working directory, so SQLite files land
// in <folder>/data/), with prefixed output. Ctrl-C stops all three gracefully.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const parts = ['users-service', 'messages-service', 'api-gateway'];
const colors = { 'users-service': 36, 'messages-service': 35, 'api-gateway': 32 };

if (!existsSync(join(root, 'client', 'dist', 'index.html')) && existsSync(join(root, 'client', 'index.html'))) {
  console.log('building the browser client (first start only)…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = new Map();
let stopping = false;

function prefixLines(name, stream, out) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) out.write(`\x1b[${colors[name]}m${name.padEnd(16)}\x1b[0m ${line}\n`);
  });
}

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 8_000).unref();
  const wait = () => (children.size === 0 ? process.exit(code) : setTimeout(wait, 100));
  wait();
}

for (const name of parts) {
  if (!existsSync(join(root, name, 'src', 'main.ts'))) continue;
  const child = spawn(tsx, ['src/main.ts'], { cwd: join(root, name), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the others`);
      stopAll(code || 1);
    }
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
