// The raw limits: a ws broadcast of a prebuilt frame, a mysql2 insert loop. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/limits.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['limits']));
