import { describe, expect, it } from 'vitest';
import { DirdMetrics } from './dird-metrics.js';

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('DirdMetrics', () => {
  it('renders request latency as a cumulative Prometheus histogram, by method and route pattern', async () => {
    const metrics = new DirdMetrics('1.2.3');
    const route = '/0.1/directories/lookup/:profile';
    for (const ms of [0.2, 3, 3, 40, 20_000]) metrics.request('GET', route, 200, ms);
    metrics.request('GET', route, 404, 1);
    metrics.request('GET', undefined, 404, 1);
    const text = await metrics.text();
    const labels = `method="GET",route="${route}"`;
    expect(lines(text, 'dird_http_request_duration_seconds_bucket{' + labels)).toEqual([
      `dird_http_request_duration_seconds_bucket{${labels},le="0.0005"} 1`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.001"} 2`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.0025"} 2`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.005"} 4`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.01"} 4`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.025"} 4`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.05"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.1"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.25"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="0.5"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="1"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="2.5"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="5"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="10"} 5`,
      `dird_http_request_duration_seconds_bucket{${labels},le="+Inf"} 6`,
    ]);
    expect(lines(text, 'dird_http_request_duration_seconds_count{' + labels)).toEqual([
      `dird_http_request_duration_seconds_count{${labels}} 6`,
    ]);
    expect(lines(text, 'dird_http_requests_total{')).toEqual([
      `dird_http_requests_total{${labels},status="200"} 5`,
      `dird_http_requests_total{${labels},status="404"} 1`,
      'dird_http_requests_total{method="GET",route="unmatched",status="404"} 1',
    ]);
    expect(text).toContain('# TYPE dird_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE dird_http_requests_total counter');
  });

  it('counts source calls by outcome, every outcome shown from the first call on', async () => {
    const metrics = new DirdMetrics('1.2.3');
    const call = { source: 'crm', backend: 'mysql', call: 'search' as const, durationMs: 2 };
    metrics.plugins.sourceCall({ ...call, outcome: 'answered' });
    metrics.plugins.sourceCall({ ...call, outcome: 'failed', error: new Error('down') });
    metrics.plugins.sourceCall({ ...call, outcome: 'failed', error: new Error('down') });
    const text = await metrics.text();
    const labels = 'source="crm",backend="mysql",call="search"';
    expect(lines(text, 'dird_source_calls_total{')).toEqual([
      `dird_source_calls_total{${labels},outcome="answered"} 1`,
      `dird_source_calls_total{${labels},outcome="failed"} 2`,
      `dird_source_calls_total{${labels},outcome="timed_out"} 0`,
      `dird_source_calls_total{${labels},outcome="cancelled"} 0`,
    ]);
    expect(metrics.sourceHealth.healthOf('crm')).toMatchObject({
      status: 'failing',
      lastFailure: { reason: 'search failed: down' },
    });
  });

  it('counts a cancelled call (its answer no longer needed) apart, and not against the health of its source', async () => {
    const metrics = new DirdMetrics('1.2.3');
    const call = { source: 'crm', backend: 'mysql', call: 'firstMatch' as const, durationMs: 2 };
    metrics.plugins.sourceCall({ ...call, outcome: 'answered' });
    metrics.plugins.sourceCall({ ...call, outcome: 'cancelled' });
    expect(lines(await metrics.text(), 'dird_source_calls_total{')).toContain(
      'dird_source_calls_total{source="crm",backend="mysql",call="firstMatch",outcome="cancelled"} 1',
    );
    expect(metrics.sourceHealth.healthOf('crm')).toMatchObject({ status: 'ok' });
    expect(metrics.sourceHealth.healthOf('crm')).not.toHaveProperty('lastFailure');
  });

  it('keeps the rows of a file source and counts its failed reads from 0', async () => {
    const metrics = new DirdMetrics('1.2.3');
    metrics.plugins.sourceRows!({ source: 'phonebook', backend: 'csv', rows: 1200 });
    expect(lines(await metrics.text(), 'dird_source_reload_failures_total{')).toEqual([
      'dird_source_reload_failures_total{source="phonebook",backend="csv"} 0',
    ]);
    metrics.plugins.sourceReloadFailed!({ source: 'phonebook', backend: 'csv' });
    metrics.plugins.sourceRows!({ source: 'phonebook', backend: 'csv', rows: 1180 });
    const text = await metrics.text();
    expect(lines(text, 'dird_source_rows{')).toEqual(['dird_source_rows{source="phonebook",backend="csv"} 1180']);
    expect(lines(text, 'dird_source_reload_failures_total{')).toEqual([
      'dird_source_reload_failures_total{source="phonebook",backend="csv"} 1',
    ]);
    expect(lines(text, 'dird_build_info{')).toEqual([
      `dird_build_info{version="1.2.3",node="${process.versions.node}"} 1`,
    ]);
  });
});
