import { cpus, loadavg } from 'node:os';

/** Runs a bench and exits (open channels and pools would keep the process alive): 1 if it threw. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** What the numbers depend on, for the first line of a run. */
export const machine = (): string => `${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; node ${process.version}`;
