import { describe, expect, it } from 'vitest';
import { countShutdownAnswer, shutdownCounts, unanswered } from './shutdown-tally.js';
import { isConfigReloadLine } from './faults.js';

describe('shutdown counts', () => {
  it('tells answers, refusals, idle-close races and accepted requests left unanswered apart', () => {
    const c = shutdownCounts();
    countShutdownAnswer(c, { status: 200, reused: true, answered: true, ms: 1 });
    countShutdownAnswer(c, { status: 503, reused: true, answered: true, ms: 1 });
    countShutdownAnswer(c, { error: 'ECONNREFUSED', reused: false, answered: false, ms: 1 });
    countShutdownAnswer(c, { error: 'ECONNRESET', reused: true, answered: false, ms: 1.5 });
    countShutdownAnswer(c, { error: 'ECONNRESET', reused: false, answered: false, ms: 1 });
    countShutdownAnswer(c, { status: 200, error: 'ECONNRESET', reused: true, answered: true, ms: 1 });
    countShutdownAnswer(c, { error: 'deadline', reused: true, answered: false, ms: 20_000 });
    expect(c.sent).toBe(7);
    expect(Object.fromEntries(c.answered)).toEqual({ 200: 1, 503: 1 });
    expect(c.refused).toBe(1);
    expect(c.idleCloseRaces).toBe(1);
    expect(c.slowestRaceMs).toBe(1.5);
    expect(c.dropped).toBe(2);
    expect(c.timedOut).toBe(1);
    expect(unanswered(c)).toBe(3);
  });
});

describe('isConfigReloadLine', () => {
  it('sees a config reload, not the log reopening nor a CSV file reload', () => {
    expect(isConfigReloadLine({ msg: 'SIGHUP received: reopening the log file' })).toBe(false);
    expect(isConfigReloadLine({ msg: 'reloaded 5000 rows from /tmp/book.csv in 12 ms' })).toBe(false);
    expect(isConfigReloadLine({ msg: 'config reloaded: 1 profile added' })).toBe(true);
    expect(isConfigReloadLine({ msg: 'reloading the configuration' })).toBe(true);
    expect(isConfigReloadLine({})).toBe(false);
  });
});
