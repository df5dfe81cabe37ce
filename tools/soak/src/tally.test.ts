import { describe, expect, it } from 'vitest';
import { FaultBook } from './fault-book.js';
import { percentile } from './percentile.js';
import { Tally, type Outcome } from './tally.js';

const ok = (at: number, ms = 10, extra: Partial<Outcome> = {}): Outcome => ({
  kind: 'lookup',
  startedAt: at,
  endedAt: at + ms,
  status: 200,
  failed: false,
  dependsOn: ['auth'],
  lacked: [],
  ...extra,
});

describe('Tally', () => {
  it('counts requests and answers by status per phase, failures without an answer by their error', () => {
    const book = new FaultBook(5000);
    const tally = new Tally(book, 60_000);
    tally.record(ok(100));
    tally.record(ok(200, 5, { status: 201, kind: 'personal create' }));
    book.begin('auth stopped', 1000);
    tally.record(ok(1100, 3, { status: 503, failed: true }));
    tally.record(ok(1200, 5000, { status: undefined, error: 'deadline', failed: true }));
    expect(tally.requests).toBe(4);
    const [steady, fault] = [tally.phases.get(0)!, tally.phases.get(1)!];
    expect(steady.requests).toBe(2);
    expect(Object.fromEntries(steady.statuses)).toEqual({ '200': 1, '201': 1 });
    expect(fault.name).toBe('auth stopped');
    expect(Object.fromEntries(fault.statuses)).toEqual({ '503': 1, deadline: 1 });
    expect(fault.explainedErrors).toBe(2);
    expect(tally.unexplainedErrors).toBe(0);
  });

  it('counts a failure no fault explains, and keeps it to print', () => {
    const book = new FaultBook(5000);
    book.begin('slapd restart', 1000).upAt = 1500;
    const tally = new Tally(book, 60_000);
    // A 500 during the slapd restart: a lookup's failure is explained only by the token checks (auth).
    tally.record(ok(1200, 10, { status: 500, error: 'boom', failed: true }));
    expect(tally.unexplainedErrors).toBe(1);
    expect(tally.phases.get(1)!.unexplainedErrors).toBe(1);
    expect(tally.problems[0]).toContain('500 (boom)');
  });

  it('counts an answer lacking a source as explained only while that source is faulted or in its grace', () => {
    const book = new FaultBook(5000);
    const tally = new Tally(book, 60_000);
    const f = book.begin('slapd restart', 1000);
    f.upAt = 2000;
    book.end(2100);
    tally.record(ok(1500, 10, { kind: 'marker lookup', lacked: ['ldap'] }));
    tally.record(ok(6500, 10, { kind: 'marker lookup', lacked: ['ldap'] }));
    tally.record(ok(7500, 10, { kind: 'marker lookup', lacked: ['ldap', 'mysql'] }));
    expect(tally.phases.get(1)!.explainedLacks).toBe(1);
    expect(tally.phases.get(2)!.explainedLacks).toBe(1);
    expect(tally.phases.get(2)!.unexplainedLacks).toBe(2);
    expect(tally.unexplainedLacks).toBe(2);
  });

  it('keeps the latencies of answered requests per window', () => {
    const tally = new Tally(new FaultBook(5000), 10_000);
    tally.record(ok(100, 10));
    tally.record(ok(9_999, 30));
    tally.record(ok(10_000, 50));
    tally.record(ok(10_500, 5000, { status: undefined, error: 'ECONNRESET', failed: true }));
    expect(tally.windows.get(0)!.latencies).toEqual([10, 30]);
    expect(tally.windows.get(1)!.latencies).toEqual([50]);
    expect(Tally.latency(tally.windows.get(0)!)).toEqual({ p50: 10, p99: 30 });
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('Tally.sample', () => {
  it("keeps the lowest and highest RSS of a window's second half, the last handles and heap", () => {
    const tally = new Tally(new FaultBook(5000), 60_000);
    tally.sample(0, { rss: 100, fds: 30 }, false);
    tally.sample(0, { rss: 180, fds: 31, heap: { usedMb: 25, committedMb: 40 } }, true);
    tally.sample(0, { rss: 150, fds: 32 }, true);
    const w = tally.sample(0, { rss: 170, fds: 33 }, true);
    expect(w).toMatchObject({ rss: 170, rssLow: 150, rssHigh: 180, fds: 33, heap: { usedMb: 25, committedMb: 40 } });
    expect(tally.sample(1, { rss: 90, fds: 1 }, false).rssLow).toBeUndefined();
  });
});
