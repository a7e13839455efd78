// Target 5: gateway memory per idle authenticated socket with one subscription, at 20,000 sockets. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/idle.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['idle']));
