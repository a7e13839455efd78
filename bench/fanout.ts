// Target 2: fan-out, 100 subscribers at 500 msg/s, and deliveries/s at saturation. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/fanout.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['fanout']));
