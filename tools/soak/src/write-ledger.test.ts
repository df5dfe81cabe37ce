import { describe, expect, it } from 'vitest';
import { WriteLedger } from './write-ledger.js';

const held = (favorites: string[], contacts: Record<string, Record<string, string>> = {}) => ({
  favorites: new Set(favorites),
  contacts: new Map(Object.entries(contacts)),
});

describe('WriteLedger', () => {
  it('expects the last acknowledged write of each favorite', () => {
    const ledger = new WriteLedger();
    ledger.favoriteAnswered('u', 'csv/1', 'PUT', 204);
    ledger.favoriteAnswered('u', 'csv/2', 'PUT', 204);
    ledger.favoriteAnswered('u', 'csv/2', 'DELETE', 204);
    expect(ledger.isFavorite('u', 'csv/1')).toBe(true);
    expect(ledger.isFavorite('u', 'csv/2')).toBe(false);
    expect(ledger.check('u', 'api', held(['csv/1']))).toEqual([]);
    expect(ledger.check('u', 'store', held([])).map((l) => l.what)).toEqual(['favorite csv/1 set']);
    expect(ledger.check('u', 'store', held(['csv/1', 'csv/2'])).map((l) => l.what)).toEqual(['favorite csv/2 removed']);
    expect(ledger.acknowledged).toBe(3);
  });

  it('does not judge a favorite whose last write got no answer', () => {
    const ledger = new WriteLedger();
    ledger.favoriteAnswered('u', 'csv/1', 'PUT', 204);
    ledger.favoriteAnswered('u', 'csv/1', 'DELETE', undefined);
    expect(ledger.check('u', 'api', held([]))).toEqual([]);
    expect(ledger.check('u', 'api', held(['csv/1']))).toEqual([]);
    expect(ledger.figures().doubtfulFavorites).toBe(1);
    // The next acknowledged write settles it again.
    ledger.favoriteAnswered('u', 'csv/1', 'PUT', 204);
    expect(ledger.check('u', 'api', held([]))).toHaveLength(1);
  });

  it('counts a DELETE answered 404 after an acknowledged PUT as a lost write', () => {
    const ledger = new WriteLedger();
    ledger.favoriteAnswered('u', 'ldap/p1', 'PUT', 204);
    ledger.favoriteAnswered('u', 'ldap/p1', 'DELETE', 404);
    expect(ledger.lost.map((l) => l.what)).toEqual(['favorite ldap/p1']);
    expect(ledger.isFavorite('u', 'ldap/p1')).toBe(false);
  });

  it('expects every created contact with its fields, and counts a write lost in two places once', () => {
    const ledger = new WriteLedger();
    ledger.contactCreated('u', 'a', { lastname: 'One' });
    ledger.contactCreated('u', 'b', { lastname: 'Two' });
    expect(ledger.check('u', 'api', held([], { a: { id: 'a', lastname: 'One' }, b: { lastname: 'Two' } }))).toEqual([]);
    expect(ledger.check('u', 'api', held([], { a: { lastname: 'Changed' } })).map((l) => l.what)).toEqual([
      'personal contact a (fields differ)',
      'personal contact b',
    ]);
    ledger.check('u', 'store', held([], { a: { lastname: 'One' } }));
    expect(ledger.lostCount()).toBe(2);
    expect(ledger.users()).toEqual(['u']);
  });
});
