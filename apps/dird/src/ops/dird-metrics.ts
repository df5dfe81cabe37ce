import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Metrics, SourceCallEvent, SourceReloadFailedEvent, SourceRowsEvent } from '@dird/core';
import { CheapCounter, CheapGauge, CheapHistogram, type CounterSeries, type HistogramSeries } from './cheap-metrics.js';
import { SourceCallHealth, type SourceSeen } from './source-call-health.js';

/** Seconds: from a source answering from memory (well under a millisecond) to the longest timeouts. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request that matched no route (a 404): never the raw URL, which a client chooses. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The series of one route, kept so that a request costs a map lookup and a few additions. */
class RouteSeries {
  private readonly byStatus = new Map<number, CounterSeries>();

  constructor(
    private readonly requests: CheapCounter,
    private readonly labels: { method: string; route: string },
    readonly duration: HistogramSeries,
  ) {}

  /** The counter of `status` on this route. */
  status(status: number): CounterSeries {
    let series = this.byStatus.get(status);
    if (!series) {
      series = this.requests.series({ ...this.labels, status: String(status) });
      this.byStatus.set(status, series);
    }
    return series;
  }
}

/** The series of one source and call, and what the source's calls last did. */
interface CallSeries {
  readonly outcomes: Record<SourceCallEvent['outcome'], CounterSeries>;
  readonly duration: HistogramSeries;
  readonly seen: SourceSeen;
}

/**
 * dird's Prometheus metrics, one set per process (a reload keeps counting): source calls by outcome and their
 * latency (the plugins' {@link Metrics} hook), HTTP requests by route and status and their latency, the rows
 * of each file source and its failed reads, and Node's process metrics. docs/operations.md names them all.
 */
export class DirdMetrics {
  readonly registry = new Registry();
  /** The last answer and failure of each source's calls, for the status route. */
  readonly sourceHealth = new SourceCallHealth();
  /** What plugins report to: hand it to them as `metrics` in `load`. */
  readonly plugins: Metrics;
  private readonly sourceCalls = new CheapCounter(
    'dird_source_calls_total',
    'Source calls (search, firstMatch, list) by how they ended: answered, failed, timed_out, cancelled (no longer needed).',
    this.registry,
  );
  private readonly sourceDuration = new CheapHistogram(
    'dird_source_call_duration_seconds',
    'Time from a source call to its answer, its failure or its deadline.',
    this.registry,
    BUCKETS,
  );
  private readonly requests = new CheapCounter(
    'dird_http_requests_total',
    'HTTP requests answered, by method, route (URL pattern) and status.',
    this.registry,
  );
  private readonly requestDuration = new CheapHistogram(
    'dird_http_request_duration_seconds',
    'Time from receiving a request to the end of its answer, by method and route (URL pattern).',
    this.registry,
    BUCKETS,
  );
  private readonly rows = new CheapGauge(
    'dird_source_rows',
    'Rows a file source (csv) serves, as last read.',
    this.registry,
  );
  private readonly reloadFailures = new CheapCounter(
    'dird_source_reload_failures_total',
    "Failed reads of a file source's data (at load or on change); the source keeps what it had.",
    this.registry,
  );
  /** By route pattern, then method: the strings Fastify hands are the same each time, so lookups hash nothing. */
  private readonly routes = new Map<string, Map<string, RouteSeries>>();
  private readonly calls = new Map<string, Map<string, CallSeries>>();

  constructor(version: string) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'dird_build_info',
      help: 'Always 1: the version of dird and of Node.js running.',
      labelNames: ['version', 'node'],
      registers: [this.registry],
    }).set({ version, node: process.versions.node }, 1);
    this.plugins = {
      sourceCall: (event) => this.sourceCall(event),
      sourceRows: (event) => this.sourceRows(event),
      sourceReloadFailed: (event) => this.sourceReloadFailed(event),
    };
  }

  /**
   * Counts one finished HTTP request: its method, its route's URL pattern (`/0.1/directories/lookup/:profile`;
   * undefined when no route matched), its status and how long it took.
   */
  request(method: string, route: string | undefined, status: number, ms: number): void {
    const pattern = route ?? UNMATCHED_ROUTE;
    let byMethod = this.routes.get(pattern);
    if (!byMethod) {
      byMethod = new Map();
      this.routes.set(pattern, byMethod);
    }
    let series = byMethod.get(method);
    if (!series) {
      const labels = { method, route: pattern };
      series = new RouteSeries(this.requests, labels, this.requestDuration.series(labels));
      byMethod.set(method, series);
    }
    series.status(status).value++;
    series.duration.observe(ms / 1000);
  }

  /** The Prometheus text format of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private sourceCall(event: SourceCallEvent): void {
    let bySource = this.calls.get(event.source);
    if (!bySource) {
      bySource = new Map();
      this.calls.set(event.source, bySource);
    }
    let series = bySource.get(event.call);
    if (!series) {
      const labels = { source: event.source, backend: event.backend, call: event.call };
      const outcome = (o: string) => this.sourceCalls.series({ ...labels, outcome: o });
      series = {
        outcomes: {
          answered: outcome('answered'),
          failed: outcome('failed'),
          timed_out: outcome('timed_out'),
          cancelled: outcome('cancelled'),
        },
        duration: this.sourceDuration.series(labels),
        seen: this.sourceHealth.of(event.source),
      };
      bySource.set(event.call, series);
    }
    series.outcomes[event.outcome].value++;
    series.duration.observe(event.durationMs / 1000);
    series.seen.record(event);
  }

  private sourceRows(event: SourceRowsEvent): void {
    const labels = { source: event.source, backend: event.backend };
    this.rows.series(labels).value = event.rows;
    // The failures' series exists from the first read on, at 0, so that rate() and alerts see it.
    this.reloadFailures.series(labels);
  }

  private sourceReloadFailed(event: SourceReloadFailedEvent): void {
    this.reloadFailures.series({ source: event.source, backend: event.backend }).value++;
  }
}

let processWide: DirdMetrics | undefined;

/** The process's metrics, made on first use: they outlive a reload of the config. */
export function processMetrics(version: string): DirdMetrics {
  processWide ??= new DirdMetrics(version);
  return processWide;
}
