// Options of the benches run in one process: `--name=value` on the command line, or the
// environment variable NAME (dashes become underscores), or the default.

export function option(name: string, fallback: string): string {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (flag) return flag.slice(name.length + 3);
  return process.env[name.toUpperCase().replace(/-/g, '_')] || fallback;
}

export function count(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
}

export function list<T extends string>(name: string, fallback: string, allowed: readonly T[]): T[] {
  const values = option(name, fallback).split(',').map((s) => s.trim()).filter(Boolean);
  for (const v of values) if (!allowed.includes(v as T)) throw new Error(`--${name}: "${v}" is not one of ${allowed.join(', ')}`);
  return values as T[];
}
