import { HttpError } from '@dird/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactFields, UserStore } from '../src/index.js';
import { mysqlKind, sqliteKind, type StoreKind, type TestStore } from './stores.js';

const ALICE = 'a1a1a1a1-0000-4000-8000-000000000001';
const BOB = 'b0b0b0b0-0000-4000-8000-000000000002';

const names = (contacts: readonly ContactFields[]) => contacts.map((c) => c.firstname);

describe.each([
  ['sqlite', sqliteKind],
  ['mysql', mysqlKind],
] as const)('the user store on %s', (_name, makeKind) => {
  let kind: StoreKind;
  let s: TestStore;
  let store: UserStore;

  beforeAll(async () => {
    kind = await makeKind();
    s = await kind.make();
    store = s.store;
  });

  afterAll(async () => {
    await kind?.close();
  });

  it('creates its tables in an empty database, and finds nothing to do the next time', async () => {
    expect(store.status()).toMatchObject({ state: 'up', driver: kind.name, schemaVersion: 1 });
    expect(s.logger.text()).toMatch(/user store schema migrated from version 0 to 1/);
    await expect(s.driver.migrate()).resolves.toEqual({ from: 1, to: 1 });
  });

  it('keeps favorites per user and per exact source name; adding twice is one favorite', async () => {
    await store.addFavorite(ALICE, { source: 'crm', contactId: '42' });
    await store.addFavorite(ALICE, { source: 'crm', contactId: '42' });
    await store.addFavorite(ALICE, { source: 'crm_2', contactId: '42' });
    await store.addFavorite(ALICE, { source: 'crm', contactId: 'Ab/ç %?#' });
    await store.addFavorite(BOB, { source: 'crm', contactId: '7' });
    expect(await store.listFavorites(ALICE)).toEqual([
      { source: 'crm', contactId: '42' },
      { source: 'crm', contactId: 'Ab/ç %?#' },
      { source: 'crm_2', contactId: '42' },
    ]);
    expect(await store.listFavorites(BOB)).toEqual([{ source: 'crm', contactId: '7' }]);
    // Ids are compared exactly: case matters.
    expect(await store.removeFavorite(ALICE, { source: 'crm', contactId: 'ab/ç %?#' })).toBe(false);
    expect(await store.removeFavorite(BOB, { source: 'crm', contactId: '42' })).toBe(false);
    expect(await store.removeFavorite(ALICE, { source: 'crm', contactId: '42' })).toBe(true);
    expect(await store.removeFavorite(ALICE, { source: 'crm', contactId: '42' })).toBe(false);
    expect((await store.listFavorites(ALICE)).map((f) => f.contactId)).toEqual(['Ab/ç %?#', '42']);
  });

  it('refuses a favorite id or source longer than it holds, naming the limit', async () => {
    const long = 'x'.repeat(store.limits.contactId + 1);
    const error = await store.addFavorite(ALICE, { source: 'crm', contactId: long }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 400, reasons: ['the contact id is longer than 255 characters'] });
  });

  it('creates contacts under new ids, gets, replaces whole, deletes and purges them, for their user only', async () => {
    const [a, b] = await store.createContacts(ALICE, [
      { firstname: 'Alice', lastname: 'Aaa', id: 'mine' },
      { firstname: 'Bob', number: '1234' },
    ]);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).toEqual({ firstname: 'Alice', lastname: 'Aaa', id: a.id });
    expect(await store.getContact(ALICE, a.id)).toEqual(a);
    expect(await store.getContact(BOB, a.id)).toBeUndefined();
    expect(await store.replaceContact(BOB, a.id, { firstname: 'Mallory' })).toBeUndefined();
    expect(await store.deleteContact(BOB, a.id)).toBe(false);
    const replaced = await store.replaceContact(ALICE, a.id, { firstname: 'Alicia', id: 'other' });
    expect(replaced).toEqual({ firstname: 'Alicia', id: a.id });
    expect(await store.getContact(ALICE, a.id)).toEqual({ firstname: 'Alicia', id: a.id });
    expect(await store.searchContacts(ALICE, { term: 'aaa', columns: ['lastname'] })).toEqual([]);
    expect(names(await store.listContacts(ALICE))).toEqual(['Alicia', 'Bob']);
    expect(names(await store.listContacts(ALICE, [b.id, 'nope', a.id]))).toEqual(['Alicia', 'Bob']);
    expect(await store.deleteContact(ALICE, b.id)).toBe(true);
    expect(await store.deleteContact(ALICE, b.id)).toBe(false);
    expect(await store.findContactByNumber(ALICE, { candidates: ['1234'], columns: ['number'] })).toBeUndefined();
    await store.createContacts(BOB, [{ firstname: 'Bobette' }]);
    expect(await store.purgeContacts(ALICE)).toBe(1);
    expect(await store.listContacts(ALICE)).toEqual([]);
    expect(names(await store.listContacts(BOB))).toEqual(['Bobette']);
    expect(await store.purgeContacts(BOB)).toBe(1);
  });

  it('keeps any ASCII key and any value as given: %, ?, #, __proto__, quotes, accents, emoji, empty', async () => {
    const fields = JSON.parse(
      '{"%":"100%","?":"why","#":"hash","__proto__":"proto","a\\"b":"x\'y","name":"Zoë 北京 😀","empty":""}',
    ) as ContactFields;
    const [created] = await store.createContacts(ALICE, [fields]);
    const got = await store.getContact(ALICE, created.id);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.entries(got!)).toEqual([...Object.entries(fields), ['id', created.id]]);
    await store.purgeContacts(ALICE);
  });

  describe('searching', () => {
    beforeAll(async () => {
      await store.createContacts(ALICE, [
        { firstname: 'Céline', lastname: 'Dion', company: '' },
        { firstname: 'Etienne', lastname: 'ÉTIENNE', email: 'etienne@example.com' },
        { firstname: 'Zoë', lastname: 'Ærø', number: '+33 1 23 45 67 89' },
        { firstname: '100%', lastname: 'under_score', number: 'sip:1234@pbx' },
        { firstname: 'Anne', lastname: 'Smith', mobile: '0612345678', number: '0612345678' },
      ]);
      await store.createContacts(BOB, [{ firstname: 'Celine', lastname: 'Other' }]);
    });

    const search = (term: string, more: { columns?: string[]; limit?: number; offset?: number } = {}) =>
      store
        .searchContacts(ALICE, { term, columns: more.columns ?? ['firstname', 'lastname', 'company'], ...more })
        .then(names);

    it('ignores case and accents on both sides, and finds each contact once', async () => {
      expect(await search('celine')).toEqual(['Céline']);
      expect(await search('CÉLINE')).toEqual(['Céline']);
      expect(await search('etienne')).toEqual(['Etienne']);
      expect(await search('aero')).toEqual(['Zoë']);
      expect(await search('zoe')).toEqual(['Zoë']);
      expect(await search('e')).toEqual(['Céline', 'Etienne', 'Zoë', '100%', 'Anne']);
    });

    it('searches only the columns given, never the empty values, and takes % and _ literally', async () => {
      expect(await search('example')).toEqual([]);
      expect(await search('example', { columns: ['email'] })).toEqual(['Etienne']);
      expect(await search('%')).toEqual(['100%']);
      expect(await search('_')).toEqual(['100%']);
      expect(await search('x', { columns: [] })).toEqual([]);
    });

    it('pages in creation order, and lists every contact for an empty term', async () => {
      expect(await search('e', { limit: 2, offset: 1 })).toEqual(['Etienne', 'Zoë']);
      expect(await search('', { columns: [] })).toEqual(['Céline', 'Etienne', 'Zoë', '100%', 'Anne']);
      expect(await search('', { limit: 2, offset: 3 })).toEqual(['100%', 'Anne']);
    });

    it('finds a number whatever its formatting, and compares other text exactly', async () => {
      const byNumber = (candidates: string[], columns = ['number', 'mobile']) =>
        store.findContactByNumber(ALICE, { candidates, columns }).then((c) => c?.firstname);
      expect(await byNumber(['+33123456789'])).toBe('Zoë');
      expect(await byNumber(['0033 1 23 45 67 89', '+33 (0)1 23 45 67 89'])).toBe('Zoë');
      expect(await byNumber(['sip:1234@pbx'])).toBe('100%');
      expect(await byNumber(['1234'])).toBeUndefined();
      expect(await byNumber(['06 12 34 56 78'])).toBe('Anne');
      expect(await byNumber(['+33123456789'], ['mobile'])).toBeUndefined();
      expect(
        await store.findContactByNumber(BOB, { candidates: ['+33123456789'], columns: ['number'] }),
      ).toBeUndefined();
    });
  });

  it('keeps only contacts holding the term in a searched column, reading candidates page after page', async () => {
    // 200 contacts hold "zq" in an attribute that is not searched, before the 5 that hold it in one that is.
    await store.createContacts(
      'pages',
      Array.from({ length: 200 }, (_, i) => ({ firstname: `Noise ${i}`, email: `zq${i}@example.com` })),
    );
    await store.createContacts(
      'pages',
      Array.from({ length: 5 }, (_, i) => ({ firstname: `Hit ${i}`, lastname: `Zq-${i}` })),
    );
    const search = (limit?: number, offset?: number) =>
      store.searchContacts('pages', { term: 'ZQ', columns: ['firstname', 'lastname'], limit, offset }).then(names);
    expect(await search(3)).toEqual(['Hit 0', 'Hit 1', 'Hit 2']);
    expect(await search(10, 3)).toEqual(['Hit 3', 'Hit 4']);
    expect(await search()).toHaveLength(5);
    expect(await store.searchContacts('pages', { term: 'zq', columns: ['email'], limit: 2, offset: 198 })).toHaveLength(
      2,
    );
    // A term never matches across two values of a contact.
    expect(await store.searchContacts('pages', { term: 'hit 0zq', columns: ['firstname', 'lastname'] })).toEqual([]);
    expect(await store.purgeContacts('pages')).toBe(205);
  });

  it('creates 10,000 contacts in one call', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      firstname: `F${i}`,
      lastname: `L${i}`,
      number: `${1e6 + i}`,
    }));
    const created = await store.createContacts('bulk-user', many);
    expect(created).toHaveLength(10_000);
    expect((await store.searchContacts('bulk-user', { term: 'l9999', columns: ['lastname'] }))[0].firstname).toBe(
      'F9999',
    );
    expect(
      (await store.findContactByNumber('bulk-user', { candidates: ['1005000'], columns: ['number'] }))?.firstname,
    ).toBe('F5000');
    expect(await store.purgeContacts('bulk-user')).toBe(10_000);
  });
});
