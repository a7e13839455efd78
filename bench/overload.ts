// Target 4: the cold start (first seconds at 2,000 msg/s), and overload at 2× capacity then recovery. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/overload.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['cold-start', 'overload']));
