import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('generated GraphQL types', () => {
  it('match what schema.graphql and the client operations make today', () => {
    // A failure here means: run `npm run generate` and commit the generated files.
    expect(() => execFileSync('node', [join(root, 'api-gateway', 'scripts', 'generate-graphql.mjs'), '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
