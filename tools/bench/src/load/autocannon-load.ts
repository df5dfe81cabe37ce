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
import { Measurement, type LoadSpec } from './load-spec.js';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8')) as LoadSpec;

// Every request of the list is built once per connection and then sent in turn, cycling: the load process
// spends its core sending, not formatting requests.
const requests = spec.paths.map((path) => ({ path }));

const run = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.warmupS + spec.durationS,
  timeout: 10,
  requests,
  headers: spec.headers ? { ...spec.headers } : undefined,
});
const measurement = new Measurement(spec.warmupS);
run.on('response', (_client, status, _bytes, ms) => measurement.answer(ms, status));
run.on('reqError', () => measurement.failure());
const totals = await run;
// Timeouts are answers that never came: counted by autocannon over the whole run.
const result = measurement.result(totals.timeouts);
process.stdout.write(`${JSON.stringify(result)}\n`);
