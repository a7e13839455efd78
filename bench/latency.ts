// Target 1: send → deliver latency, 100 subscribers at 50 msg/s, over the socket and over HTTP. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/latency.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['latency']));
