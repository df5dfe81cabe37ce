import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from './request-logger.js';

function captured(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('request logger', () => {
  it('writes enabled lines with the request id, and drops disabled ones', () => {
    const { logger, lines } = captured('warn');
    const log = lazyChildLogger(logger, { reqId: 'req-7' }, {});
    log.info('not written');
    log.debug({ a: 1 }, 'not written either');
    log.error({ url: '/x' }, 'request failed');
    log.warn('careful');
    expect(lines.map((l) => [l.msg, l.reqId, l.url])).toEqual([
      ['request failed', 'req-7', '/x'],
      ['careful', 'req-7', undefined],
    ]);
    expect(log.level).toBe('warn');
  });

  it('follows a level change, and its children keep the request id', () => {
    const { logger, lines } = captured('warn');
    const log = lazyChildLogger(logger, { reqId: 'req-8' }, {});
    log.level = 'debug';
    log.debug('now written');
    log.child({ source: 'crm' }).info('from a child');
    expect(lines.map((l) => [l.msg, l.reqId, l.source])).toEqual([
      ['now written', 'req-8', undefined],
      ['from a child', 'req-8', 'crm'],
    ]);
  });
});
