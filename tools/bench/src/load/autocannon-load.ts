// The load process: autocannon against one server, on its own core. Usage: autocannon-load.ts SPEC.json
// Prints the LoadResult as JSON on its last line.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load-spec.js';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8')) as LoadSpec;

// Every request of the list is built once per connection and then sent in turn, cycling: the load process
// spends its core sending, not formatting requests.
const requests = spec.paths.map((path) => ({ path }));

async function run(durationS: number) {
  return autocannon({ url: spec.url, connections: spec.connections, duration: durationS, timeout: 10, requests });
}

const warmup = spec.warmupS > 0 ? await run(spec.warmupS) : undefined;
const r = await run(spec.durationS);
const result: LoadResult = {
  rps: r.requests.average,
  requests: r.requests.total,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  errors: r.errors + r.timeouts + r.non2xx,
  durationS: r.duration,
  warmupRequests: warmup?.requests.total ?? 0,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
