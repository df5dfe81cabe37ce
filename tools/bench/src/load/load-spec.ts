/** What one load run sends (read by the load process from a JSON file). */
export interface LoadSpec {
  readonly url: string;
  /** Request paths (with their query), sent in turn, cycling. */
  readonly paths: readonly string[];
  readonly connections: number;
  readonly durationS: number;
  /** Seconds of the same load before measuring, thrown away. */
  readonly warmupS: number;
  /** Headers sent with every request (an `X-Auth-Token`). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The load program: autocannon (the default), or `lean` (lean-load.ts) for answers large enough that
   * autocannon's own core, decoding them, would set the pace.
   */
  readonly driver?: 'autocannon' | 'lean';
}

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  /** Mean requests per second. */
  readonly rps: number;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  readonly errors: number;
  readonly durationS: number;
  /** Requests answered during the warm-up (for CPU time per request over the whole load). */
  readonly warmupRequests: number;
  /**
   * Share of one core the load process itself used while measuring: near 1, the load process, not the
   * server, sets the pace.
   */
  readonly loadCpuShare?: number;
  /** CPU time the server used per request, warm-up included (µs); set by the caller that knows the server. */
  readonly cpuUsPerRequest?: number;
}

/**
 * The answers of one load: those of the warm-up counted only, then each one's latency and status once
 * `warmupS` has passed (from construction); `result()` gives the {@link LoadResult} with the load process's CPU.
 */
export class Measurement {
  private readonly latencies: number[] = [];
  private warmupRequests = 0;
  private errors = 0;
  private measuring: boolean;
  private from = performance.now();
  private cpuFrom = process.cpuUsage();
  private readonly warmup: NodeJS.Timeout | undefined;

  constructor(warmupS: number) {
    this.measuring = warmupS <= 0;
    if (!this.measuring)
      this.warmup = setTimeout(() => {
        this.measuring = true;
        this.from = performance.now();
        this.cpuFrom = process.cpuUsage();
      }, warmupS * 1000);
  }

  /** One answer: `ms` after its request, with `status`. */
  answer(ms: number, status: number): void {
    if (!this.measuring) this.warmupRequests++;
    else {
      this.latencies.push(ms);
      if (status < 200 || status > 299) this.errors++;
    }
  }

  /** A request that got no answer (counted once measuring). */
  failure(): void {
    if (this.measuring) this.errors++;
  }

  /** The load so far; `extraErrors` adds failures counted elsewhere (autocannon's timeouts). */
  result(extraErrors = 0): LoadResult {
    clearTimeout(this.warmup);
    const seconds = (performance.now() - this.from) / 1000;
    const cpu = process.cpuUsage(this.cpuFrom);
    const latencies = this.latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : 0;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      rps: latencies.length / seconds,
      requests: latencies.length,
      p50: round(percentile(50)),
      p99: round(percentile(99)),
      max: round(latencies[latencies.length - 1] ?? 0),
      errors: this.errors + extraErrors,
      durationS: seconds,
      warmupRequests: this.warmupRequests,
      loadCpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
    };
  }
}
