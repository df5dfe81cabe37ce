// The direct baseline's load process: `concurrency` searches in flight through a client library, each one
// started when the previous ends, for a warm-up and then a measured period. Usage: closed-loop.ts SPEC.json
// Prints the LoadResult as JSON on its last line.
import { readFile } from 'node:fs/promises';
import type { DirectClientModule } from '../direct/direct-client.js';
import type { LoadResult } from './load-spec.js';

/** What the closed loop runs. */
export interface ClosedLoopSpec {
  /** Path of a module exporting {@link DirectClientModule.open}. */
  readonly module: string;
  readonly config: unknown;
  readonly terms: readonly string[];
  readonly concurrency: number;
  readonly durationS: number;
  readonly warmupS: number;
}

const spec = JSON.parse(await readFile(process.argv[2], 'utf8')) as ClosedLoopSpec;
const client = await ((await import(spec.module)) as DirectClientModule).open(spec.config);

async function run(durationS: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const end = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await client.search(spec.terms[next++ % spec.terms.length]);
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : 0;

const warmup = spec.warmupS > 0 ? await run(spec.warmupS) : undefined;
const measured = await run(spec.durationS);
await client.close();
const sorted = measured.latencies.sort((a, b) => a - b);
const result: LoadResult = {
  rps: sorted.length / measured.seconds,
  requests: sorted.length,
  p50: percentile(sorted, 50),
  p99: percentile(sorted, 99),
  max: Math.round(sorted[sorted.length - 1] ?? 0),
  errors: measured.errors,
  durationS: measured.seconds,
  warmupRequests: warmup?.latencies.length ?? 0,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
