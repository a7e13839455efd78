import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('generated TypeScript', () => {
  it('matches what buf generate makes from the .proto files today', () => {
    const out = mkdtempSync(join(tmpdir(), 'charla-gen-'));
    try {
      execFileSync('node', [join(root, 'proto', 'generate.mjs'), out], { cwd: root, stdio: 'pipe' });
      const fresh = join(out, 'proto', 'gen');
      const committed = join(root, 'proto', 'gen');
      const list = (dir: string) => filesUnder(dir).map((f) => relative(dir, f)).sort();
      expect(list(committed)).toEqual(list(fresh));
      for (const file of list(fresh)) {
        // A mismatch here means: run `npm run generate` and commit proto/gen.
        expect({ file, text: readFileSync(join(committed, file), 'utf8') }).toEqual({
          file,
          text: readFileSync(join(fresh, file), 'utf8'),
        });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
