import {
  BaseSourcePlugin,
  checkBlock,
  ResultBuilder,
  silentLogger,
  type SourceCallArgs,
  type SourceResult,
} from '@dird/core';
import { loadArgs, loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it, vi } from 'vitest';
import { ReverseConfigSchema } from './config.js';
import type { ReverseService } from './contract.js';
import { ReverseServicePlugin } from './reverse-service-plugin.js';

/** A source holding one number, answering after `delayMs` (or never, or by throwing). */
class NumberSource extends BaseSourcePlugin {
  aborted = false;
  seen: readonly string[] = [];
  constructor(
    name: string,
    private readonly behaviour: { number?: string; delayMs?: number; hang?: boolean; fail?: boolean },
  ) {
    super();
    this.name = name;
    this.backend = 'numbers';
  }
  load(): void {}
  search(): SourceResult[] {
    return [];
  }
  override async firstMatch(exten: string, { signal, candidates }: SourceCallArgs): Promise<SourceResult | null> {
    this.seen = candidates ?? [];
    signal.addEventListener('abort', () => (this.aborted = true));
    if (this.behaviour.fail) throw new Error(`${this.name} is broken`);
    if (this.behaviour.hang) return new Promise(() => undefined);
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    const n = this.behaviour.number;
    return n && (candidates ?? [exten]).includes(n)
      ? new ResultBuilder({ source: this.name, backend: this.backend }).build({ number: n })
      : null;
  }
}

/** A source answering from memory, at once (as a CSV source does). */
class MemorySource extends BaseSourcePlugin {
  constructor(
    name: string,
    private readonly number: string,
  ) {
    super();
    this.name = name;
    this.backend = 'memory';
  }
  load(): void {}
  search(): SourceResult[] {
    return [];
  }
  override firstMatch(exten: string, { candidates }: SourceCallArgs): SourceResult | null {
    return (candidates ?? [exten]).includes(this.number)
      ? new ResultBuilder({ source: this.name, backend: this.backend }).build({ number: this.number })
      : null;
  }
}

function service(profiles: Record<string, unknown>, sources: BaseSourcePlugin[], warn = vi.fn()): ReverseService {
  const { value, problems } = checkBlock(ReverseConfigSchema, profiles);
  expect(problems).toEqual([]);
  return new ReverseServicePlugin().load({
    ...loadArgs(value as never, { logger: { ...silentLogger, warn } }),
    sources: new Map(sources.map((s) => [s.name, s])),
  }) as ReverseService;
}

describe('reverse service', () => {
  it('loads through the real registry from its package.json', async () => {
    expect((await loadPluginThroughRegistry('service', 'reverse')).cls.pluginKind).toBe('service');
  });

  it('picks the first source in profile order that matched, even when a later one answers first', async () => {
    const slowFirst = new NumberSource('first', { number: '1234', delayMs: 50 });
    const fastSecond = new NumberSource('second', { number: '1234' });
    const s = service({ p: { sources: ['first', 'second'] } }, [slowFirst, fastSecond]);
    for (let i = 0; i < 5; i++) expect((await s.reverse('p', '1234'))?.source).toBe('first');
  });

  it('does not wait for later sources when an earlier one matched, and tells them to stop', async () => {
    const first = new NumberSource('first', { number: '1234' });
    const hang = new NumberSource('hang', { hang: true });
    const s = service({ p: { sources: ['first', 'hang'], timeout: 60 } }, [first, hang]);
    const answer = await Promise.race([
      s.reverse('p', '1234'),
      new Promise((r) => setTimeout(() => r('still waiting'), 5000)),
    ]);
    expect(answer).toMatchObject({ source: 'first' });
    expect(hang.aborted).toBe(true);
  });

  it('counts a throwing or hanging source as no match, logs it, and still answers by the deadline', async () => {
    const warn = vi.fn();
    const hang = new NumberSource('hang', { hang: true });
    const broken = new NumberSource('broken', { fail: true });
    const third = new NumberSource('third', { number: '5555' });
    const s = service({ p: { sources: ['hang', 'broken', 'third'], timeout: 0.1 } }, [hang, broken, third], warn);
    expect((await s.reverse('p', '5555'))?.source).toBe('third');
    expect(hang.aborted).toBe(true);
    const messages = warn.mock.calls.map((c) => String(c[1]));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/source hang \(numbers\) counted as no match: timed out after 100 ms/),
        expect.stringMatching(
          /source broken \(numbers\) counted as no match: An error occured in first_match: broken is broken/,
        ),
      ]),
    );
  });

  it('gives every source the same candidates, national and international with the profile settings', async () => {
    const a = new NumberSource('a', { number: '0033123456789' });
    const b = new NumberSource('b', {});
    const s = service({ p: { sources: ['b', 'a'], country_code: '33' } }, [a, b]);
    expect((await s.reverse('p', '01.23.45.67.89'))?.source).toBe('a');
    expect(b.seen).toEqual(a.seen);
    expect(a.seen).toEqual(['01.23.45.67.89', '0123456789', '+33123456789', '0033123456789']);
  });

  it('answers at once, with no promise, when the sources it waits for answer at once', async () => {
    const memory = new MemorySource('memory', '1234');
    const hang = new NumberSource('hang', { hang: true });
    const s = service({ p: { sources: ['memory', 'hang'], timeout: 60 } }, [memory, hang]);
    // The first source matched: the hanging one after it is not waited for, and is told to stop.
    const now = s.reverseNow!('p', '1234');
    expect(now).not.toBeInstanceOf(Promise);
    expect(now).toMatchObject({ source: 'memory' });
    expect(hang.aborted).toBe(true);
    expect(s.reverseNow!('p', '9999')).toBeInstanceOf(Promise);
    // No match in memory alone: null at once; `reverse` answers the same, as a promise.
    const alone = service({ p: { sources: ['memory'] } }, [memory]);
    expect(alone.reverseNow!('p', '9999')).toBeNull();
    expect(await alone.reverse('p', '1234')).toMatchObject({ source: 'memory' });
  });

  it('waits for an earlier source that answers later, and its match wins over a later one answered at once', async () => {
    const slow = new NumberSource('slow', { number: '1234', delayMs: 20 });
    const memory = new MemorySource('memory', '1234');
    const s = service({ p: { sources: ['slow', 'memory'] } }, [slow, memory]);
    const later = s.reverseNow!('p', '1234');
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toMatchObject({ source: 'slow' });
    expect(await s.reverseNow!('p', '1234'.replace('4', '5'))).toBeNull();
  });

  it('answers no match for an unknown profile or no match at all', async () => {
    const s = service({ p: { sources: ['a'] } }, [new NumberSource('a', { number: '1' })]);
    expect(await s.reverse('nope', '1')).toBeNull();
    expect(await s.reverse('p', '2')).toBeNull();
  });

  it('refuses a timeout that is not a positive number, and prefixes that are not digits', () => {
    for (const timeout of [0, -1, 'x'])
      expect(checkBlock(ReverseConfigSchema, { p: { timeout } }).problems[0].path).toBe('/p/timeout');
    expect(checkBlock(ReverseConfigSchema, { p: { country_code: '+33' } }).problems[0].path).toBe('/p/country_code');
    expect(checkBlock(ReverseConfigSchema, { p: { national_prefix: 'O' } }).problems[0].path).toBe(
      '/p/national_prefix',
    );
    expect(checkBlock(ReverseConfigSchema, { p: { country_code: '34', national_prefix: '' } }).problems).toEqual([]);
  });
});
