// Regenerates proto/gen from the .proto files: `npm run generate` at the repo root.
// Usage: node proto/generate.mjs [outDir]   (outDir defaults to the repo root)
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? root);
rmSync(join(out, 'proto', 'gen'), { recursive: true, force: true });
const buf = join(root, 'node_modules', '.bin', 'buf');
execFileSync(buf, ['generate', '--output', out], { cwd: root, stdio: 'inherit' });

// The descriptor set that gRPC reflection serves: Charla's files with their imports, and the
// health and reflection services' own, under their real names. (proto-loader's descriptors
// merge each package into one file without imports, which buf curl and grpcurl cannot link.)
// Concatenated FileDescriptorSets are one valid set: a repeated field merges.
const images = [
  ['.'],
  [join('node_modules', 'grpc-health-check', 'proto')],
  [join('node_modules', '@grpc', 'reflection', 'build', 'proto'), '--path', join('node_modules', '@grpc', 'reflection', 'build', 'proto', 'grpc')],
].map((args) => execFileSync(buf, ['build', ...args, '--output', '-'], { cwd: root }));
writeFileSync(join(out, 'proto', 'gen', 'descriptors.binpb'), Buffer.concat(images));
