// Each workspace stands on what it declares: its src/ imports only packages listed in its own
// package.json, and other workspaces only through their package entry points.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'gen') return [];
    return statSync(path).isDirectory() ? sourcesUnder(path) : /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** The module specifiers of every import, export-from, require and dynamic import in a file. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|(?:^|[^.\w])(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)) {
    found.push(match[1] ?? match[2] ?? match[3]);
  }
  return found;
}

const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const builtin = new Set(builtinModules);

describe.each(rootPackage.workspaces)('workspace %s', (workspace) => {
  const dir = join(root, workspace);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const src = join(dir, 'src');
  const files = statSync(src, { throwIfNoEntry: false })?.isDirectory() ? sourcesUnder(src) : [];

  it('declares every package its src/ imports', () => {
    const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    const undeclared = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtin.has(s) && !s.startsWith('virtual:'))
        .filter((s) => !declared.has(packageOf(s)) && !declared.has(`@types/${packageOf(s)}`))
        .map((s) => `${relative(root, file)}: ${s}`),
    );
    expect(undeclared).toEqual([]);
  });
});

// The test and bench folders are held to the same rule, though they are not packages.
describe.each([...rootPackage.workspaces, 'e2e', 'bench'])('%s', (folder) => {
  const dir = join(root, folder);
  it('reaches other workspaces only through their entry points', () => {
    const byPath = sourcesUnder(dir).flatMap((file) =>
      specifiers(file)
        .filter((s) => /^@charla\/[^/]+\/(src|test|gen)\//.test(s) || (s.startsWith('.') && !join(file, '..', s).startsWith(dir + '/')))
        .map((s) => `${relative(root, file)}: ${s}`),
    );
    expect(byPath).toEqual([]);
  });
});
