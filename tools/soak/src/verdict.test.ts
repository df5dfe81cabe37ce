import { describe, expect, it } from 'vitest';
import { failures, finalLine, growthPercent, type RunFigures } from './verdict.js';

const good: RunFigures = {
  minutes: 10,
  requests: 120_345,
  unexplainedErrors: 0,
  lostWrites: 0,
  rssGrowth: 3.14159,
  recoveries: [
    { kind: 'slapd restart', ms: 400 },
    { kind: 'MariaDB restart', ms: 5000 },
  ],
  unexplainedLacks: 0,
  shutdown: { unanswered: 0, exitCode: 0, inTime: true },
  failedChecks: [],
};

describe('finalLine', () => {
  it('is exactly the line scripts read', () => {
    expect(finalLine(good)).toBe('soak: minutes=10 requests=120345 unexplained_errors=0 lost_writes=0 rss_growth=3.1%');
    expect(finalLine({ ...good, minutes: 1, rssGrowth: -2 })).toMatch(/^soak: minutes=1 .* rss_growth=-2\.0%$/);
  });
});

describe('failures', () => {
  it('passes a run with nothing wrong (a recovery of exactly 5 s included)', () => {
    expect(failures(good)).toEqual([]);
  });

  it('names each reason a run fails', () => {
    const why = failures({
      ...good,
      unexplainedErrors: 2,
      lostWrites: 1,
      rssGrowth: 10,
      recoveries: [
        { kind: 'slapd restart', ms: 5001 },
        { kind: 'CSV removed', ms: undefined },
      ],
      unexplainedLacks: 3,
      shutdown: { unanswered: 4, exitCode: 1, inTime: false },
      failedChecks: ['SIGHUP at 10 s: no answer'],
    });
    expect(why).toEqual([
      '2 errors not explained by a fault',
      '3 answers lacked a source that was up',
      '1 acknowledged writes lost',
      'RSS grew 10.0% (limit 10%)',
      'slapd restart: back in use after 5001 ms (limit 5000)',
      'CSV removed: the daemon did not use it again',
      'shutdown: 4 accepted requests not answered',
      'shutdown: exit code 1',
      'shutdown: not within shutdown_timeout',
      'SIGHUP at 10 s: no answer',
    ]);
  });
});

describe('growthPercent', () => {
  it('is the growth from the baseline, 0 without one', () => {
    expect(growthPercent(100, 109)).toBeCloseTo(9);
    expect(growthPercent(200, 180)).toBeCloseTo(-10);
    expect(growthPercent(undefined, 180)).toBe(0);
  });
});
