import { serviceRef } from '@dird/core';
import { describe, expect, it } from 'vitest';
import { loadOrder, type NeedsOf } from './load-order.js';

const svc = (needs: string[] = [], needsSources = true): NeedsOf => ({
  needs: needs.map((n) => serviceRef(n)),
  needsSources,
});
const steps = (order: ReturnType<typeof loadOrder>) =>
  order.steps.map((s) => (s.step === 'sources' ? '<sources>' : s.name));
const unavailable = () => 'is not enabled';

describe('loadOrder', () => {
  it('loads the sources, then services after the services they need', () => {
    const order = loadOrder(
      new Map([
        ['favorites', svc(['lookup'])],
        ['lookup', svc()],
        ['reverse', svc()],
      ]),
      new Map(),
      unavailable,
    );
    expect(steps(order)).toEqual(['<sources>', 'lookup', 'favorites', 'reverse']);
    expect(order.problems.size).toBe(0);
  });

  it('loads a service a backend needs (and what it needs) before the sources', () => {
    const order = loadOrder(
      new Map([
        ['lookup', svc()],
        ['store', svc(['clock'], false)],
        ['clock', svc([], false)],
      ]),
      new Map([['personal', { needs: [serviceRef('store')] }]]),
      unavailable,
    );
    expect(steps(order)).toEqual(['clock', 'store', '<sources>', 'lookup']);
  });

  it('names a cycle, and leaves out every service in it and every service needing one of them', () => {
    const order = loadOrder(
      new Map([
        ['a', svc(['b'])],
        ['b', svc(['a'])],
        ['c', svc(['a'])],
        ['lookup', svc()],
      ]),
      new Map(),
      unavailable,
    );
    expect(steps(order)).toEqual(['<sources>', 'lookup']);
    expect(order.problems.get('a')).toEqual({
      code: 'DIRD_ERR_DEPENDENCY_CYCLE',
      reason: 'service "a" is in a cycle of needs: a → b → a',
    });
    expect(order.problems.get('b')?.code).toBe('DIRD_ERR_DEPENDENCY_CYCLE');
    expect(order.problems.get('c')).toEqual({
      code: 'DIRD_ERR_DEPENDENCY_MISSING',
      reason: 'service "c" needs service "a", which cannot load: service "a" is in a cycle of needs: a → b → a',
    });
  });

  it('names a cycle through the sources: a backend needs a service that needs the sources', () => {
    const order = loadOrder(
      new Map([['hungry', svc()]]),
      new Map([['needy', { needs: [serviceRef('hungry')] }]]),
      unavailable,
    );
    expect(order.problems.get('hungry')?.reason).toBe(
      'service "hungry" is in a cycle of needs: hungry → the sources → hungry: a backend needs a service that gets ' +
        'the sources (if it does not use them, give it needsSources = false)',
    );
    expect(steps(order)).toEqual(['<sources>']);
  });

  it('names a required service that is absent, and ignores an optional one', () => {
    const order = loadOrder(
      new Map<string, NeedsOf>([
        ['needy', svc(['ghost'])],
        ['relaxed', { needs: [serviceRef('ghost', { optional: true })] }],
      ]),
      new Map(),
      (name) => `is not enabled (${name})`,
    );
    expect(order.problems.get('needy')).toEqual({
      code: 'DIRD_ERR_DEPENDENCY_MISSING',
      reason: 'service "needy" needs service "ghost", which is not enabled (ghost)',
    });
    expect(steps(order)).toEqual(['<sources>', 'relaxed']);
  });
});
