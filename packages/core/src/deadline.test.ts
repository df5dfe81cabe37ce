import { describe, expect, it } from 'vitest';
import { Deadline, secondsToMs } from './deadline.js';
import type { SourceCallEvent } from './metrics.js';
import { RequestContext } from './request-context.js';

describe('Deadline', () => {
  it('reports values, errors and timeouts, and aborts the signal of calls still running', async () => {
    const deadline = new Deadline(50);
    let seen: AbortSignal | undefined;
    const [ok, error, timeout] = await Promise.all([
      deadline.run(() => 1),
      deadline.run(async () => {
        throw new Error('boom');
      }),
      deadline.run(
        ({ signal }) =>
          new Promise((resolve) => {
            seen = signal;
            signal.addEventListener('abort', () => resolve('too late'));
          }),
      ),
    ]);
    deadline.release();
    expect(ok).toEqual({ status: 'ok', value: 1 });
    expect(error).toMatchObject({ status: 'error' });
    expect(timeout).toEqual({ status: 'timeout' });
    expect(seen?.aborted).toBe(true);
  });

  it("tells calls to stop when the request is given up (the context's signal)", async () => {
    const context = RequestContext.anonymous();
    const deadline = new Deadline(10_000, { context });
    const pending = deadline.run(
      ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'))),
    );
    context.abort(new DOMException('the client went away', 'AbortError'));
    expect(deadline.signal.aborted).toBe(true);
    // Its answer, given because it was told to stop, is nobody's: the call counts as cancelled.
    expect(await pending).toEqual({ status: 'cancelled' });
  });

  it.each([
    ['the client went away', 'AbortError', 'cancelled'],
    ['the request deadline passed', 'TimeoutError', 'timeout'],
  ])(
    'stops waiting for a call that ignores its signal once the request ends (%s: %s -> %s)',
    async (message, name, status) => {
      const context = RequestContext.anonymous();
      const deadline = new Deadline(10_000, { context });
      const pending = deadline.run(() => new Promise(() => undefined));
      setTimeout(() => context.abort(new DOMException(message, name)), 10);
      expect(await pending).toEqual({ status });
    },
  );

  it('reports a call still running when the service no longer needs it as cancelled, not as a failure of its source', async () => {
    const events: SourceCallEvent[] = [];
    const deadline = new Deadline(10_000, { metrics: { sourceCall: (e) => void events.push(e) } });
    const first = deadline.run(() => 'match', { source: { name: 'first', backend: 'csv' }, call: 'firstMatch' });
    const second = deadline.run(() => new Promise(() => undefined), {
      source: { name: 'second', backend: 'ldap' },
      call: 'firstMatch',
    });
    expect(await first).toEqual({ status: 'ok', value: 'match' });
    deadline.release();
    expect(await second).toEqual({ status: 'cancelled' });
    expect(events.map(({ source, outcome }) => [source, outcome])).toEqual([
      ['first', 'answered'],
      ['second', 'cancelled'],
    ]);
  });

  it("ends at the request's deadline when it comes before its own", async () => {
    const deadline = new Deadline(10_000, { context: RequestContext.anonymous(30) });
    expect(deadline.ms).toBeLessThanOrEqual(30);
    expect(await deadline.run(() => new Promise(() => undefined))).toEqual({ status: 'timeout' });
  });

  it('makes no signal for a request whose calls answer at once', async () => {
    const context = RequestContext.anonymous();
    const deadline = new Deadline(1000, { context });
    expect(await deadline.run(() => 'at once')).toEqual({ status: 'ok', value: 'at once' });
    deadline.release();
    expect(context.watched).toBe(false);
  });

  it('reports the outcome and duration of each labelled call to the metrics: answered, failed, timed out', async () => {
    const events: SourceCallEvent[] = [];
    const deadline = new Deadline(40, { metrics: { sourceCall: (e) => void events.push(e) } });
    const source = (name: string) => ({ name, backend: 'test' });
    await Promise.all([
      deadline.run(() => [], { source: source('fast'), call: 'search' }),
      deadline.run(
        () => {
          throw new Error('boom');
        },
        { source: source('broken'), call: 'search' },
      ),
      deadline.run(() => new Promise(() => undefined), { source: source('hanging'), call: 'firstMatch' }),
      deadline.run(() => 'not labelled'),
    ]);
    deadline.release();
    expect(events.map(({ source, call, outcome }) => [source, call, outcome])).toEqual([
      ['fast', 'search', 'answered'],
      ['broken', 'search', 'failed'],
      ['hanging', 'firstMatch', 'timed_out'],
    ]);
    expect(events[2]).toMatchObject({ backend: 'test' });
    expect(events[2].durationMs).toBeGreaterThanOrEqual(35);
  });

  it('counts a call made after release as cancelled, even when nothing was running to abort', async () => {
    const deadline = new Deadline(10_000);
    expect(await deadline.run(() => 'at once')).toEqual({ status: 'ok', value: 'at once' });
    deadline.release();
    expect(await deadline.run(() => 'too late')).toEqual({ status: 'cancelled' });
  });

  it('gives sources a signal that is made when read, aborted like the deadline', async () => {
    const deadline = new Deadline(20);
    const context = RequestContext.anonymous();
    const args = deadline.sourceArgs({ limit: 3 }, context);
    expect(args.limit).toBe(3);
    expect(args.context).toBe(context);
    const outcome = await deadline.run(() => new Promise((resolve) => args.signal.addEventListener('abort', resolve)));
    expect(outcome).toEqual({ status: 'timeout' });
    expect(args.signal.aborted).toBe(true);
    expect({ ...args }.signal).toBe(args.signal);
  });
});

describe('Deadline.runAll', () => {
  it('answers at once, with no promise, when every call does; in order, errors included', () => {
    const deadline = new Deadline(50);
    const outcomes = deadline.runAll(
      [1, 2, 3],
      (n) => {
        if (n === 2) throw new Error('two');
        return n * 10;
      },
      () => undefined,
    );
    expect(outcomes).not.toBeInstanceOf(Promise);
    expect(outcomes).toEqual([
      { status: 'ok', value: 10 },
      { status: 'error', error: new Error('two') },
      { status: 'ok', value: 30 },
    ]);
    deadline.release();
  });

  it('gives a promise of every outcome, in order, when one call waits, and times out the late one', async () => {
    const deadline = new Deadline(30);
    const outcomes = deadline.runAll(
      ['now', 'late', 'soon'],
      (name) => (name === 'now' ? 'n' : new Promise((r) => setTimeout(() => r(name), name === 'late' ? 500 : 5))),
      () => undefined,
    );
    expect(outcomes).toBeInstanceOf(Promise);
    expect(await outcomes).toEqual([
      { status: 'ok', value: 'n' },
      { status: 'timeout' },
      { status: 'ok', value: 'soon' },
    ]);
    deadline.release();
  });
});

describe('secondsToMs', () => {
  it('turns config seconds into a timer delay Node honours', () => {
    expect(secondsToMs(0.5)).toBe(500);
    expect(secondsToMs(0.0001)).toBe(1);
    // Beyond 2^31 - 1 ms Node would fire the timer after 1 ms: a huge timeout must not become no timeout.
    expect(secondsToMs(30 * 86_400)).toBe(2 ** 31 - 1);
  });
});
