import type { Registry } from 'prom-client';

/** One sample as prom-client's registry renders it. */
interface Sample {
  readonly value: number;
  readonly labels: Record<string, string | number>;
  readonly metricName?: string;
}

/** What prom-client's registry asks of a metric: its name, help, type, and its samples at scrape time. */
interface Collectable {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  get(): { name: string; help: string; type: string; values: Sample[]; aggregator: 'sum' };
}

/**
 * Metrics written on the request path at the cost of an addition: the caller keeps the series of its label
 * values (a route's, a source's) and bumps plain numbers; labels are formatted only when Prometheus scrapes.
 * prom-client's own metrics hash their labels on every observation (about 1 µs each), which a directory that
 * answers thousands of lookups a second need not pay. Registered in a prom-client registry beside its metrics.
 */
abstract class CheapMetric<S> implements Collectable {
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected readonly all = new Map<string, { labels: Record<string, string>; series: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of these label values, made on first use: keep it and update it directly. */
  series(labels: Record<string, string>): S {
    const key = JSON.stringify(labels);
    let entry = this.all.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, series: this.make() };
      this.all.set(key, entry);
    }
    return entry.series;
  }

  protected abstract make(): S;
  protected abstract samples(labels: Record<string, string>, series: S): Sample[];

  get() {
    const values = [...this.all.values()].flatMap(({ labels, series }) => this.samples(labels, series));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' as const };
  }
}

/** A number that only goes up. */
export class CounterSeries {
  value = 0;
}

/** A counter: `series(labels).value++`. */
export class CheapCounter extends CheapMetric<CounterSeries> {
  readonly type = 'counter';
  protected make(): CounterSeries {
    return new CounterSeries();
  }
  protected samples(labels: Record<string, string>, series: CounterSeries): Sample[] {
    return [{ labels, value: series.value }];
  }
}

/** A gauge: `series(labels).value = n`. */
export class CheapGauge extends CheapMetric<CounterSeries> {
  readonly type = 'gauge';
  protected make(): CounterSeries {
    return new CounterSeries();
  }
  protected samples(labels: Record<string, string>, series: CounterSeries): Sample[] {
    return [{ labels, value: series.value }];
  }
}

/** The buckets of one series of a histogram, in seconds. */
export class HistogramSeries {
  /** Observations per bucket (not cumulative; the last one is +Inf). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Counts one observation of `seconds`. */
  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]) i++;
    this.counts[i]++;
    this.sum += seconds;
    this.count++;
  }
}

/** A histogram of durations: `series(labels).observe(seconds)`. */
export class CheapHistogram extends CheapMetric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, registry);
  }

  protected make(): HistogramSeries {
    return new HistogramSeries(this.bounds);
  }

  protected samples(labels: Record<string, string>, series: HistogramSeries): Sample[] {
    const out: Sample[] = [];
    let cumulative = 0;
    this.bounds.forEach((bound, i) => {
      cumulative += series.counts[i];
      out.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
    });
    out.push({ labels: { ...labels, le: '+Inf' }, value: series.count, metricName: `${this.name}_bucket` });
    out.push({ labels, value: series.sum, metricName: `${this.name}_sum` });
    out.push({ labels, value: series.count, metricName: `${this.name}_count` });
    return out;
  }
}
