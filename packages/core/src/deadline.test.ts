import { describe, expect, it } from 'vitest';
import { Deadline, secondsToMs } from './deadline.js';

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

  it('tells calls to stop when released early, and follows a parent signal', async () => {
    const parent = new AbortController();
    const deadline = new Deadline(10_000, parent.signal);
    const pending = deadline.run(
      ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'))),
    );
    parent.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(await pending).toEqual({ status: 'ok', value: 'stopped' });
  });

  it('counts a call made after release as timed out, even when nothing was running to abort', async () => {
    const deadline = new Deadline(10_000);
    expect(await deadline.run(() => 'at once')).toEqual({ status: 'ok', value: 'at once' });
    deadline.release();
    expect(await deadline.run(() => 'too late')).toEqual({ status: 'timeout' });
  });

  it('gives sources a signal that is made when read, aborted like the deadline', async () => {
    const deadline = new Deadline(20);
    const args = deadline.sourceArgs({ limit: 3 });
    expect(args.limit).toBe(3);
    const outcome = await deadline.run(() => new Promise((resolve) => args.signal.addEventListener('abort', resolve)));
    expect(outcome).toEqual({ status: 'timeout' });
    expect(args.signal.aborted).toBe(true);
    expect({ ...args }.signal).toBe(args.signal);
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
