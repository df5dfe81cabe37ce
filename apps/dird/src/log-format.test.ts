import { describe, expect, it } from 'vitest';
import { logFormatFor, prettyLine } from './log-format.js';

describe('log format', () => {
  it('is pretty by default only on a terminal, and never when logging to a file', () => {
    expect(logFormatFor(undefined, false, true)).toBe('pretty');
    expect(logFormatFor('auto', false, false)).toBe('json');
    expect(logFormatFor('auto', true, true)).toBe('json');
    expect(logFormatFor('json', false, true)).toBe('json');
    expect(logFormatFor('pretty', false, false)).toBe('pretty');
  });

  it('puts time, level, scope and message first, the other fields after, an error stack below', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 'warn',
        time: '2026-12-07T01:02:45.123Z',
        pid: 1,
        name: 'dird',
        scope: 'dird:backend:ldap',
        source: 'corp ldap',
        profile: 'default',
        count: 3,
        err: { message: 'boom', stack: 'Error: boom\n    at here' },
        msg: 'source failed',
      }),
      false,
    );
    expect(line).toBe(
      '01:02:45.123 WARN  dird:backend:ldap  source failed  source="corp ldap" profile=default count=3\n' +
        '    Error: boom\n        at here\n',
    );
  });

  it('colours the level only when asked, and passes a line that is not JSON through', () => {
    expect(prettyLine(JSON.stringify({ level: 'error', msg: 'x' }), true)).toContain('\x1b[31mERROR\x1b[0m');
    expect(prettyLine('not json', true)).toBe('not json\n');
  });

  it('cuts a long field on the terminal', () => {
    const line = prettyLine(JSON.stringify({ level: 'info', msg: 'm', report: 'x'.repeat(500) }), false);
    expect(line).toMatch(/report=x{159}…\n$/);
  });
});
