import { describe, expect, it } from 'vitest';
import { FaultBook } from './fault-book.js';

describe('FaultBook', () => {
  it('cuts the run into phases named by the fault in progress or steady', () => {
    const book = new FaultBook(5000);
    book.begin('slapd restart', 10_000);
    book.end(12_000);
    book.begin('SIGHUP', 20_000);
    expect(book.phases.map((p) => p.name)).toEqual(['steady', 'slapd restart', 'steady', 'SIGHUP']);
    expect(book.phaseAt(5_000).name).toBe('steady');
    expect(book.phaseAt(10_000).name).toBe('slapd restart');
    expect(book.phaseAt(11_999).index).toBe(1);
    expect(book.phaseAt(15_000).index).toBe(2);
    expect(book.phaseAt(25_000).name).toBe('SIGHUP');
    expect(book.phases[1].endedAt).toBe(12_000);
  });

  it('explains a problem of the affected target from the fault start to the grace after it was up again', () => {
    const book = new FaultBook(5000);
    const f = book.begin('MariaDB restart', 10_000);
    // In progress, not up yet: explained whatever the time after the start.
    expect(book.explains(['mysql'], 60_000, 60_100)).toBe(true);
    f.upAt = 12_000;
    book.end(12_500);
    expect(book.explains(['mysql'], 9_000, 9_900)).toBe(false);
    expect(book.explains(['mysql'], 9_900, 10_100)).toBe(true);
    expect(book.explains(['mysql'], 16_900, 17_100)).toBe(true);
    expect(book.explains(['mysql'], 17_001, 17_100)).toBe(false);
    expect(book.explains(['ldap', 'auth'], 11_000, 11_100)).toBe(false);
  });

  it('lets a SIGHUP explain nothing: the daemon must keep answering through it', () => {
    const book = new FaultBook(5000);
    book.begin('SIGHUP', 1000).upAt = 1000;
    for (const t of ['csv', 'ldap', 'mysql', 'personal', 'auth'] as const)
      expect(book.explains([t], 1000, 1200)).toBe(false);
  });

  it('measures the recovery from up again to back in use, and none when it never came back', () => {
    const book = new FaultBook(5000);
    const f = book.begin('auth stopped', 0);
    expect(FaultBook.recoveryMs(f)).toBeUndefined();
    f.upAt = 7000;
    expect(FaultBook.recoveryMs(f)).toBeUndefined();
    f.backInUseAt = 7420;
    expect(FaultBook.recoveryMs(f)).toBe(420);
  });
});
