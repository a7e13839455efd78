// Regenerates proto/gen from the .proto files: `npm run generate` at the repo root.
// Usage: node proto/generate.mjs [outDir]   (outDir defaults to the repo root)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? root);
rmSync(join(out, 'proto', 'gen'), { recursive: true, force: true });
const buf = join(root, 'node_modules', '.bin', 'buf');
execFileSync(buf, ['generate', '--output', out], { cwd: root, stdio: 'inherit' });
