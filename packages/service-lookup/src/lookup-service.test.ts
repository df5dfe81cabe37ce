import {
  BaseSourcePlugin,
  checkBlock,
  RequestContext,
  ResultBuilder,
  silentLogger,
  type Metrics,
  type SourceCallArgs,
  type SourceCallEvent,
  type SourceResult,
} from '@dird/core';
import { loadArgs, loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it, vi } from 'vitest';
import { LookupConfigSchema } from './config.js';
import type { LookupService } from './contract.js';
import { LookupServicePlugin } from './lookup-service-plugin.js';

/** A source answering `names` after `delayMs` (or never, or by throwing), recording whether it was told to stop. */
class ScriptedSource extends BaseSourcePlugin {
  aborted = false;
  constructor(
    name: string,
    private readonly behaviour: { names?: string[]; delayMs?: number; hang?: boolean; fail?: boolean },
  ) {
    super();
    this.name = name;
    this.backend = 'scripted';
  }
  load(): void {}
  async search(term: string, { signal, limit }: SourceCallArgs): Promise<SourceResult[]> {
    signal.addEventListener('abort', () => (this.aborted = true));
    if (this.behaviour.fail) throw new Error(`${this.name} is broken`);
    if (this.behaviour.hang) return new Promise(() => undefined);
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    const builder = new ResultBuilder({ source: this.name, backend: this.backend });
    return (this.behaviour.names ?? [])
      .filter((n) => n.includes(term))
      .slice(0, limit)
      .map((name) => builder.build({ name }));
  }
}

/** A source answering from memory, at once (as a CSV source does). */
class MemorySource extends BaseSourcePlugin {
  constructor(
    name: string,
    private readonly names: string[],
  ) {
    super();
    this.name = name;
    this.backend = 'memory';
  }
  load(): void {}
  search(term: string, { limit }: SourceCallArgs): SourceResult[] {
    const builder = new ResultBuilder({ source: this.name, backend: this.backend });
    return this.names
      .filter((n) => n.includes(term))
      .slice(0, limit)
      .map((name) => builder.build({ name }));
  }
}

/** A source that skips `offset` results itself. */
class SkippingSource extends ScriptedSource {
  static override readonly supportsOffset = true;
  override async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    const all = await super.search(term, { ...args, limit: undefined });
    return all.slice(args.offset ?? 0, (args.offset ?? 0) + (args.limit ?? Infinity));
  }
}

function service(
  profiles: Record<string, unknown>,
  sources: BaseSourcePlugin[],
  warn = vi.fn(),
  info = vi.fn(),
  metrics?: Metrics,
): LookupService {
  const { value, problems } = checkBlock(LookupConfigSchema, profiles);
  expect(problems).toEqual([]);
  return new LookupServicePlugin().load({
    ...loadArgs(value as never, { logger: { ...silentLogger, warn, info }, metrics }),
    sources: new Map(sources.map((s) => [s.name, s])),
  }) as LookupService;
}

const names = (rs: SourceResult[]) => rs.map((r) => `${r.source}:${r.fields.name}`);

describe('lookup service', () => {
  it('loads through the real registry from its package.json', async () => {
    expect((await loadPluginThroughRegistry('service', 'lookup')).cls.pluginKind).toBe('service');
  });

  it('merges results in the profile order, whatever order sources answer in', async () => {
    const slow = new ScriptedSource('slow', { names: ['alice', 'alan'], delayMs: 30 });
    const fast = new ScriptedSource('fast', { names: ['alix'] });
    const s = service({ p: { sources: ['slow', 'fast'] } }, [slow, fast]);
    expect(names(await s.lookup('p', 'al'))).toEqual(['slow:alice', 'slow:alan', 'fast:alix']);
  });

  it('answers at once, with no promise, when every source does; else the same merge as a promise', async () => {
    const a = new MemorySource('a', ['alice', 'bob']);
    const b = new MemorySource('b', ['alan']);
    const s = service({ p: { sources: ['a', 'b'] } }, [a, b]);
    const now = s.lookupNow!('p', 'al');
    expect(now).not.toBeInstanceOf(Promise);
    expect(names(now as SourceResult[])).toEqual(['a:alice', 'b:alan']);
    expect(names(await s.lookup('p', 'al'))).toEqual(['a:alice', 'b:alan']);
    const slow = new ScriptedSource('slow', { names: ['albert'], delayMs: 20 });
    const mixed = service({ p: { sources: ['b', 'slow', 'a'] } }, [a, b, slow]);
    const later = mixed.lookupNow!('p', 'al', { limit: 2 });
    expect(later).toBeInstanceOf(Promise);
    expect(names(await later)).toEqual(['b:alan', 'slow:albert']);
  });

  it('answers at the deadline with what finished, tells late sources to stop, and logs who was dropped', async () => {
    const warn = vi.fn();
    const hang = new ScriptedSource('hang', { hang: true });
    const broken = new ScriptedSource('broken', { fail: true });
    const ok = new ScriptedSource('ok', { names: ['alice'] });
    const s = service({ p: { sources: ['hang', 'broken', 'ok'], timeout: 0.1 } }, [hang, broken, ok], warn);
    expect(names(await s.lookup('p', 'a'))).toEqual(['ok:alice']);
    expect(hang.aborted).toBe(true);
    const messages = warn.mock.calls.map((c) => String(c[1]));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/source hang \(scripted\) dropped: timed out after 100 ms/),
        expect.stringMatching(/source broken \(scripted\) dropped: An error occured in search: broken is broken/),
      ]),
    );
  });

  it('pages the merged list with offset and limit, and asks sources for no more than needed', async () => {
    const a = new ScriptedSource('a', { names: ['a1', 'a2', 'a3'] });
    const b = new ScriptedSource('b', { names: ['a4', 'a5'] });
    const spy = vi.spyOn(b, 'search');
    const s = service({ p: { sources: ['a', 'b'] } }, [a, b]);
    expect(names(await s.lookup('p', 'a', { offset: 2, limit: 2 }))).toEqual(['a:a3', 'b:a4']);
    expect(spy.mock.calls[0][1].limit).toBe(4);
    expect(names(await s.lookup('p', 'a', { offset: 4 }))).toEqual(['b:a5']);
  });

  it('asks a one-source profile whose backend can skip results for the page only', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const a = new SkippingSource('a', { names: many });
    const spy = vi.spyOn(a, 'search');
    const info = vi.fn();
    const s = service({ p: { sources: ['a'], max_results: 5 } }, [a], vi.fn(), info);
    expect(names(await s.lookup('p', 'n', { offset: 40, limit: 3 }))).toEqual(['a:n40', 'a:n41', 'a:n42']);
    expect(spy.mock.calls[0][1]).toMatchObject({ offset: 40, limit: 3 });
    expect(names(await s.lookup('p', 'n', { offset: 44 }))).toEqual(['a:n44', 'a:n45', 'a:n46', 'a:n47', 'a:n48']);
    expect(spy.mock.calls[1][1]).toMatchObject({ offset: 44, limit: 6 });
    expect(String(info.mock.calls[0]?.[1])).toMatch(/answer cut at max_results \(5\)/);
    expect(names(await s.lookup('p', 'n', { offset: 48 }))).toEqual(['a:n48', 'a:n49']);
    expect(await s.lookup('p', 'n', { offset: 60 })).toEqual([]);
    // Two sources: the page is cut from the merged list, so neither is given an offset.
    const b = new SkippingSource('b', { names: ['n-b'] });
    const both = service({ q: { sources: ['a', 'b'] } }, [a, b]);
    expect(names(await both.lookup('q', 'n', { offset: 49 }))).toEqual(['a:n49', 'b:n-b']);
    expect(spy.mock.calls.at(-1)![1].offset).toBeUndefined();
  });

  it('answers at most max_results (default 1000), lowers a larger limit to it, and says when it cut', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `n${i}`);
    const a = new ScriptedSource('a', { names: many });
    const spy = vi.spyOn(a, 'search');
    const info = vi.fn();
    const s = service({ p: { sources: ['a'] }, q: { sources: ['a'], max_results: 5 } }, [a], vi.fn(), info);
    const all = await s.lookup('p', 'n');
    expect(all).toHaveLength(1000);
    expect(names(all.slice(-1))).toEqual(['a:n999']);
    expect(spy.mock.calls[0][1].limit).toBe(1001);
    expect(String(info.mock.calls[0][1])).toMatch(
      /lookup in profile p: answer cut at max_results \(1000\); raise services\.lookup\.p\.max_results/,
    );
    expect(names(await s.lookup('q', 'n', { limit: 50 }))).toEqual(['a:n0', 'a:n1', 'a:n2', 'a:n3', 'a:n4']);
    expect(names(await s.lookup('q', 'n', { offset: 10, limit: 50 }))).toEqual([
      'a:n10',
      'a:n11',
      'a:n12',
      'a:n13',
      'a:n14',
    ]);
    expect(names(await s.lookup('q', 'n', { limit: 2 }))).toEqual(['a:n0', 'a:n1']);
  });

  it('does not report a cut when the answer just fits', async () => {
    const info = vi.fn();
    const s = service(
      { p: { sources: ['a'], max_results: 3 } },
      [new ScriptedSource('a', { names: ['x1', 'x2', 'x3'] })],
      vi.fn(),
      info,
    );
    expect(await s.lookup('p', 'x')).toHaveLength(3);
    expect(info).not.toHaveBeenCalled();
  });

  it('answers nothing for an unknown profile and skips sources that are not loaded', async () => {
    const warn = vi.fn();
    const s = service({ p: { sources: ['missing', 'a'] } }, [new ScriptedSource('a', { names: ['x'] })], warn);
    expect(String(warn.mock.calls[0][1])).toMatch(
      /services\.lookup\.p\.sources names sources that are not loaded.*missing/,
    );
    expect(names(await s.lookup('p', ''))).toEqual(['a:x']);
    expect(await s.lookup('nope', '')).toEqual([]);
  });

  it("hands every source the request's context: its user, and a signal aborted when the client goes away", async () => {
    const seen: SourceCallArgs[] = [];
    class Recording extends ScriptedSource {
      override async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
        seen.push(args);
        return new Promise((resolve) => args.signal.addEventListener('abort', () => resolve([])));
      }
    }
    const s = service({ p: { sources: ['a', 'b'], timeout: 10 } }, [new Recording('a', {}), new Recording('b', {})]);
    const context = new RequestContext({ identity: { userUuid: 'u-1', token: 'secret' } });
    const pending = s.lookup('p', 'x', { context });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen.map((a) => a.context.identity.userUuid)).toEqual(['u-1', 'u-1']);
    context.abort(new DOMException('the client went away', 'AbortError'));
    expect(await pending).toEqual([]);
    expect(seen.every((a) => a.signal.aborted)).toBe(true);
  });

  it("reads a profile's sources written as wazo-dird's mapping of name to true/false, in its order", async () => {
    const a = new ScriptedSource('a', { names: ['ann'] });
    const b = new ScriptedSource('b', { names: ['anna'] });
    const c = new ScriptedSource('c', { names: ['annie'] });
    const s = service({ p: { sources: { c: true, a: true, b: false } } }, [a, b, c]);
    expect(names(await s.lookup('p', 'ann'))).toEqual(['c:annie', 'a:ann']);
  });

  it('reports every source call to the metrics hook: answered, failed, timed out', async () => {
    const events: SourceCallEvent[] = [];
    const metrics: Metrics = { sourceCall: (e) => void events.push(e) };
    const sources = [
      new ScriptedSource('ok', { names: ['alice'] }),
      new ScriptedSource('broken', { fail: true }),
      new ScriptedSource('hang', { hang: true }),
    ];
    const s = service({ p: { sources: ['ok', 'broken', 'hang'], timeout: 0.05 } }, sources, vi.fn(), vi.fn(), metrics);
    await s.lookup('p', 'a');
    expect(events.map((e) => [e.source, e.backend, e.call, e.outcome])).toEqual([
      ['ok', 'scripted', 'search', 'answered'],
      ['broken', 'scripted', 'search', 'failed'],
      ['hang', 'scripted', 'search', 'timed_out'],
    ]);
    expect(events[2].durationMs).toBeGreaterThanOrEqual(45);
  });

  it('refuses a timeout that is not a positive number', () => {
    for (const timeout of [0, -1, 'soon']) {
      expect(checkBlock(LookupConfigSchema, { p: { sources: [], timeout } }).problems[0].path).toBe('/p/timeout');
    }
  });

  it('refuses a max_results that is not a positive whole number', () => {
    for (const max_results of [0, -5, 2.5, 'many']) {
      expect(checkBlock(LookupConfigSchema, { p: { sources: [], max_results } }).problems[0].path).toBe(
        '/p/max_results',
      );
    }
  });
});
