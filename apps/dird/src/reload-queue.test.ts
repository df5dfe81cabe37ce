import { describe, expect, it } from 'vitest';
import { ReloadQueue } from './reload-queue.js';

/** A reload that runs until `finish()` is called, recording when it starts. */
function controlledReload() {
  const runs: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const reload = () =>
    new Promise<void>((resolve) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      runs.push(() => {
        active -= 1;
        resolve();
      });
    });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { reload, runs, settle, maxActive: () => maxActive };
}

describe('ReloadQueue', () => {
  it('runs one reload at a time; requests during one make exactly one more', async () => {
    const c = controlledReload();
    const queue = new ReloadQueue(c.reload);
    const first = queue.request();
    expect(first.outcome).toBe('started');
    expect(queue.request().outcome).toBe('queued');
    expect(queue.request().outcome).toBe('queued');
    expect(c.runs).toHaveLength(1);
    c.runs[0]();
    await c.settle();
    expect(c.runs).toHaveLength(2);
    c.runs[1]();
    await first.done;
    expect(c.runs).toHaveLength(2);
    expect(c.maxActive()).toBe(1);
    expect(queue.busy).toBe(false);
    // Idle again: the next request starts a reload.
    expect(queue.request().outcome).toBe('started');
    c.runs[2]();
  });

  it('once closed, drops a queued reload and refuses new ones; close waits for the running one', async () => {
    const c = controlledReload();
    const queue = new ReloadQueue(c.reload);
    queue.request();
    queue.request();
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await c.settle();
    expect(closed).toBe(false);
    c.runs[0]();
    await closing;
    expect(c.runs).toHaveLength(1);
    expect(queue.request().outcome).toBe('closed');
  });
});
