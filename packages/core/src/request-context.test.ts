import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RequestContext } from './request-context.js';

describe('RequestContext', () => {
  it('is anonymous unless given an identity, and keeps the one given', () => {
    expect(RequestContext.anonymous().identity).toEqual({ userUuid: null, token: null, tenant: null });
    const context = new RequestContext({ identity: { userUuid: 'u1', token: 't' } });
    expect(context.identity).toEqual({ userUuid: 'u1', token: 't', tenant: null });
    expect(context.identity).toBe(context.identity);
  });

  it('aborts its signal when the request closes (the client went away), and not before it is read', () => {
    const request = new EventEmitter();
    const context = new RequestContext({ closesWith: request });
    expect(context.watched).toBe(false);
    expect(request.listenerCount('close')).toBe(0);
    const signal = context.signal;
    expect(signal.aborted).toBe(false);
    request.emit('close');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('AbortError');
  });

  it('aborts its signal at its deadline', async () => {
    const context = RequestContext.anonymous(20);
    const signal = context.signal;
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    // Timers may fire a fraction of a millisecond early on the performance.now() clock.
    expect(context.remainingMs()).toBeLessThan(2);
  });

  it('made for another user, shares the deadline and the signal', () => {
    const request = new EventEmitter();
    const context = new RequestContext({ identity: { token: 't' }, closesWith: request });
    const child = context.withIdentity({ userUuid: 'from-url' });
    expect(child.identity).toEqual({ userUuid: 'from-url', token: 't', tenant: null });
    expect(child.deadline).toBe(context.deadline);
    expect(child.signal).toBe(context.signal);
    request.emit('close');
    expect(child.signal.aborted).toBe(true);
  });
});
