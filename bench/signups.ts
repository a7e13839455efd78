// Target 7: bursts of 60 sign-ups and 60 logins at the production scrypt cost. See bench/README.md; options: --systems=charla,alternative, --scale=0.5 (shorter), --cpu-prof=<dir>.
//
//   npx tsx bench/signups.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['signups']));
