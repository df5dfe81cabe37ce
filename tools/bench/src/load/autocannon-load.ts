// The load process: autocannon against one server, on its own core. Usage: autocannon-load.ts SPEC.json
// Prints the LoadResult as JSON on its last line.
//
// One autocannon run covers the warm-up and the measured period, on the same connections; only answers
// that arrive after the warm-up are counted. Separate runs would open new connections for the measured
// period, and the first answer of each new connection comes late (autocannon starts its clock while it
// builds the connection's requests): at a low rate, such as a profile that waits for its timeout, those 50
// first answers were more than 1% of all and made the p99 (docs/benchmarks.md).
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { loadResult, type LoadSpec } from './load-spec.js';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8')) as LoadSpec;

// Every request of the list is built once per connection and then sent in turn, cycling: the load process
// spends its core sending, not formatting requests.
const requests = spec.paths.map((path) => ({ path }));

const latencies: number[] = [];
let warmupAnswers = 0;
let errors = 0;
let measuring = spec.warmupS <= 0;
let measuredFrom = performance.now();
let cpuFrom = process.cpuUsage();
const run = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.warmupS + spec.durationS,
  timeout: 10,
  requests,
  headers: spec.headers ? { ...spec.headers } : undefined,
});
const warmupTimer = setTimeout(() => {
  measuring = true;
  measuredFrom = performance.now();
  cpuFrom = process.cpuUsage();
}, spec.warmupS * 1000);
run.on('response', (_client, status, _bytes, ms) => {
  if (!measuring) {
    warmupAnswers++;
    return;
  }
  latencies.push(ms);
  if (status < 200 || status > 299) errors++;
});
run.on('reqError', () => {
  if (measuring) errors++;
});
const totals = await run;
clearTimeout(warmupTimer);
const seconds = (performance.now() - measuredFrom) / 1000;
const cpu = process.cpuUsage(cpuFrom);
// Timeouts are answers that never came: counted by autocannon over the whole run.
const result = loadResult(latencies, seconds, cpu, { errors: errors + totals.timeouts, warmupRequests: warmupAnswers });
process.stdout.write(`${JSON.stringify(result)}\n`);
