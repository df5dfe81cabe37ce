import { describe, expect, it } from 'vitest';
import { HealthTracker } from './health.js';

describe('HealthTracker', () => {
  it('is ok before anything is tried, with only its target', () => {
    expect(new HealthTracker('mysql dird@db:3306/dird').current).toEqual({
      status: 'ok',
      target: 'mysql dird@db:3306/dird',
    });
  });

  it('is failing from a failure until the next success, and keeps the last failure after it', () => {
    const tracker = new HealthTracker();
    tracker.ok(1000);
    tracker.failed('connect ECONNREFUSED', 2000);
    expect(tracker.current).toEqual({
      status: 'failing',
      lastFailure: { at: 2000, reason: 'connect ECONNREFUSED' },
      lastSuccess: 1000,
    });
    tracker.failed('timed out', 3000);
    expect(tracker.current.lastFailure).toEqual({ at: 3000, reason: 'timed out' });
    tracker.ok(4000);
    expect(tracker.current).toEqual({
      status: 'ok',
      lastFailure: { at: 3000, reason: 'timed out' },
      lastSuccess: 4000,
    });
  });
});
