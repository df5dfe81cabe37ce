import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drive } from './load/drive.js';
import type { LoadResult, LoadSpec } from './load/load-spec.js';
import { processCpuMs, type ServerProcess } from './servers/server-process.js';
import { startCeiling } from './servers/start.js';

/** Command-line settings of a run. */
export interface BenchOptions {
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly quick: boolean;
  /** Workload groups to run (null: all). The ceiling always runs. */
  readonly only: ReadonlySet<string> | null;
  /** Rewrite docs/benchmarks.md with the results. */
  readonly write: boolean;
  /** Run the daemons with --cpu-prof and keep the profiles. */
  readonly cpuProfile: boolean;
}

/** One measured load: what was driven, what it answered, what it cost. */
export interface Measurement {
  /** Stable key the targets refer to (`lookup-100k`). */
  readonly id: string;
  /** Row title in the table. */
  readonly title: string;
  /** What served it: `dird`, `ldapjs direct`, … */
  readonly server: string;
  readonly load: LoadResult;
  /** The ceiling's requests/s measured just before this load (null for loads compared with something else). */
  readonly ceilingRps?: number;
  /** The measurement this one is compared with instead of the ceiling (`ldap-direct`). */
  readonly comparedTo?: string;
  /** Peak RSS of the serving process (bytes). */
  readonly peakRss?: number;
  readonly note?: string;
}

/** A workload group that did not run, and why. */
export interface Skipped {
  readonly group: string;
  readonly why: string;
}

/** A server the load can be pointed at. */
export interface Target {
  readonly url: string;
  readonly pid: number;
}

/**
 * The state of one run: options, the ceiling server, measurements, facts (load times, RSS), skipped groups.
 * The ceiling runs for the whole benchmark beside the measured daemons (idle servers cost nothing) and is
 * measured right before each load of dird: on a machine shared with other work, a ratio to a ceiling taken
 * minutes earlier would mostly measure the change of load in between.
 */
export class Bench {
  readonly measurements: Measurement[] = [];
  /** Every run of the ceiling, in order. */
  readonly ceilingRuns: LoadResult[] = [];
  readonly facts = new Map<string, number>();
  readonly skipped: Skipped[] = [];
  private root: string | undefined;
  private ceiling: ServerProcess | undefined;

  constructor(readonly options: BenchOptions) {}

  /** True when `group` is to run. */
  wants(group: string): boolean {
    return this.options.only === null || this.options.only.has(group);
  }

  async startCeiling(): Promise<void> {
    this.ceiling = await startCeiling();
  }

  async stopCeiling(): Promise<void> {
    if (this.ceiling) this.facts.set('ceiling-peak-rss', (await this.ceiling.memory()).peakRss);
    await this.ceiling?.stop();
    this.ceiling = undefined;
  }

  /** Measures the ceiling once more (a bare Fastify route, driven exactly as dird is). */
  async measureCeiling(): Promise<number> {
    if (!this.ceiling) throw new Error('bench: the ceiling server is not started');
    const run = await this.load(this.ceiling, ['/']);
    this.ceilingRuns.push(run);
    return run.rps;
  }

  /**
   * Drives `server` with `paths` (cycled) at the run's connections and duration; adds the server's CPU time
   * per request, which stays meaningful when other processes share the machine.
   */
  async load(
    server: Target,
    paths: readonly string[],
    headers?: Record<string, string>,
    driver?: LoadSpec['driver'],
  ): Promise<LoadResult> {
    const { connections, durationS, warmupS } = this.options;
    const cpuBefore = await processCpuMs(server.pid);
    const result = await drive({ url: server.url, paths, connections, durationS, warmupS, headers, driver });
    const cpuMs = (await processCpuMs(server.pid)) - cpuBefore;
    const requests = result.requests + result.warmupRequests;
    return { ...result, cpuUsPerRequest: requests > 0 ? (cpuMs * 1000) / requests : undefined };
  }

  /** The ceiling, then `server` driven with `paths`: the load and the ceiling just before it. */
  async loadAgainstCeiling(
    server: Target,
    paths: readonly string[],
    headers?: Record<string, string>,
    driver?: LoadSpec['driver'],
  ): Promise<{ load: LoadResult; ceilingRps: number }> {
    const ceilingRps = await this.measureCeiling();
    return { load: await this.load(server, paths, headers, driver), ceilingRps };
  }

  record(m: Measurement): void {
    this.measurements.push(m);
    const l = m.load;
    const vs = m.ceilingRps
      ? `  ${Math.round((l.rps / m.ceilingRps) * 100)}% of ceiling ${Math.round(m.ceilingRps)}`
      : '';
    process.stdout.write(
      `  ${m.title.padEnd(44)} ${Math.round(l.rps).toString().padStart(7)} req/s  p50 ${l.p50} ms  ` +
        `p99 ${l.p99} ms  errors ${l.errors}  CPU ${l.cpuUsPerRequest?.toFixed(0) ?? '?'} µs/req${vs}\n`,
    );
  }

  get(id: string): Measurement | undefined {
    return this.measurements.find((m) => m.id === id);
  }

  /** A new folder for one daemon's config and profiles, under the run's temp folder. */
  async folder(name: string): Promise<string> {
    this.root ??= await mkdtemp(path.join(os.tmpdir(), 'dird-bench-run-'));
    const dir = path.join(this.root, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** The run's temp folder (configs, CPU profiles), once one was made. */
  get runFolder(): string | undefined {
    return this.root;
  }
}
