import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('forgets an entry ttl after it was set, however often it was read', () => {
    let now = 0;
    const cache = new TtlCache<string>(1000, 10, () => now);
    cache.set('a', 'A');
    now = 999;
    expect(cache.get('a')).toBe('A');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry past maxEntries, so random keys cannot grow it', () => {
    const cache = new TtlCache<number>(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c']) cache.set(k, 1);
    cache.get('a');
    cache.set('d', 1);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 1, 1]);
    for (let i = 0; i < 10_000; i++) cache.set(`random-${i}`, i);
    expect(cache.size).toBe(3);
  });

  it('keeps the entry just set when every other was read since (they get a second chance, the oldest goes)', () => {
    const cache = new TtlCache<number>(60_000, 3, () => 0);
    for (const k of ['a', 'b', 'c']) cache.set(k, 1);
    for (const k of ['c', 'b', 'a']) cache.get(k);
    cache.set('d', 1);
    expect(cache.size).toBe(3);
    expect(cache.get('d')).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    // b, c and d were read since the last pass: the next entry set pushes out the one read longest ago.
    cache.set('e', 1);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('c'), cache.get('d'), cache.get('e')]).toEqual([1, 1, 1]);
  });

  it('keeps nothing with a ttl of 0', () => {
    const cache = new TtlCache<number>(0, 10);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
