import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { FAULT_KINDS, faultSchedule, scheduleShape } from './schedule.js';

describe('faultSchedule', () => {
  it('puts one cycle of every fault between the first minute and the tail of a short run', () => {
    const plan = faultSchedule(scheduleShape(5, false));
    expect(plan.map((p) => p.kind)).toEqual([...FAULT_KINDS]);
    expect(plan[0].atMs).toBe(60_000);
    expect(plan.at(-1)!.atMs).toBeLessThan(5 * 60_000 - 30_000);
  });

  it('repeats the cycle in a 10-minute run, at least 40 s apart', () => {
    const plan = faultSchedule(scheduleShape(10, false));
    expect(plan).toHaveLength(2 * FAULT_KINDS.length);
    for (let i = 1; i < plan.length; i++) expect(plan[i].atMs - plan[i - 1].atMs).toBeGreaterThanOrEqual(40_000);
  });

  it('compresses the schedule with --quick: every fault once after the first 10 s', () => {
    const plan = faultSchedule(scheduleShape(1, true));
    expect(plan.map((p) => p.kind)).toEqual([...FAULT_KINDS]);
    expect(plan[0].atMs).toBe(10_000);
    expect(plan.at(-1)!.atMs).toBeLessThanOrEqual(55_000);
  });
});

describe('parseOptions', () => {
  it('defaults to 10 minutes; --quick is one', () => {
    expect(parseOptions([]).minutes).toBe(10);
    expect(parseOptions(['--quick'])).toMatchObject({ minutes: 1, quick: true });
    expect(parseOptions(['--minutes', '3', '--clients', '4', '--rate', '50'])).toMatchObject({
      minutes: 3,
      clients: 4,
      rate: 50,
    });
  });

  it('refuses what it does not know', () => {
    expect(() => parseOptions(['--minutes'])).toThrow('--minutes needs a number');
    expect(() => parseOptions(['--minutes', 'x'])).toThrow();
    expect(() => parseOptions(['--quick', '--minutes', '2'])).toThrow('exclude');
    expect(() => parseOptions(['--fast'])).toThrow('unknown argument: --fast');
  });
});
