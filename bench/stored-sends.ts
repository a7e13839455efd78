// Target 3: stored sends by 50 senders, 2,000 msg/s over the socket and 1,000 over HTTP, and the saturation throughput. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/stored-sends.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['stored']));
