// Options of the benches: `--name=value` on the command line, or the environment variable
// <prefix>NAME (dashes become underscores), or the default.

export interface Options {
  text(name: string, fallback: string): string;
  /** A whole number, at least `min` (1 unless said); `_` may group its digits (5_000). */
  count(name: string, fallback: number, min?: number): number;
  /** Comma-separated values, each one of `allowed`. */
  list<T extends string>(name: string, fallback: string, allowed: readonly T[]): T[];
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T;
}

/** `envPrefix`: what the environment variables start with (fanout's are BENCH_RECEIVERS, …). */
export function options(envPrefix = ''): Options {
  const variable = (name: string) => `${envPrefix}${name.toUpperCase().replace(/-/g, '_')}`;
  const describe = (name: string) => `--${name} (${variable(name)})`;
  const text = (name: string, fallback: string) => {
    const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
    if (flag) return flag.slice(name.length + 3);
    return process.env[variable(name)] || fallback;
  };
  const list = <T extends string>(name: string, fallback: string, allowed: readonly T[]): T[] => {
    const values = text(name, fallback).split(',').map((s) => s.trim()).filter(Boolean);
    for (const v of values) if (!allowed.includes(v as T)) throw new Error(`${describe(name)}: "${v}" is not one of ${allowed.join(', ')}`);
    return values as T[];
  };
  return {
    text,
    count: (name, fallback, min = 1) => {
      const raw = text(name, String(fallback));
      const value = Number(raw.replace(/_/g, ''));
      if (!Number.isInteger(value) || value < min) throw new Error(`${describe(name)} must be a whole number ≥ ${min}, got "${raw}"`);
      return value;
    },
    list,
    oneOf: <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
      const values = list(name, fallback, allowed);
      if (values.length !== 1) throw new Error(`${describe(name)} takes one of ${allowed.join(', ')}`);
      return values[0];
    },
  };
}
