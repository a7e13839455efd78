// Search at scale: 1,000,000 messages across 1,000 conversations on MariaDB, p99 ≤ 50 ms, beside
// the plain mysql2 FULLTEXT query. See bench/README.md; options: --scale=0.5 (fewer searches).
//
//   npx tsx bench/search.ts
import { runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(['search']));
