// Target 6: the newest 50 of 1,000,000 stored messages at 500 requests/s. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/history.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['history']));
