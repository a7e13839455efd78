// The whole benchmark suite in one invocation (npm run bench): every scenario on Charla and the
// one-process alternative, the raw limits, one table; JSON and a chart in bench/results/, the
// summary in BENCHMARKS.md. See bench/README.md; options: --scenarios=…, --systems=…, --scale=…, --cpu-prof=<dir>.
//
//   npm run bench
import { SCENARIOS, runSuite } from './lib/suite';
import { run } from './lib/run';

run(() => runSuite(SCENARIOS.map((scenario) => scenario.name)));
