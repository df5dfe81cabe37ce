import { generateContacts, type Contact } from '@dird/datagen';
import { startMariadb, type MariadbServer } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MysqlSourcePlugin } from './mysql-source-plugin.js';
import { callArgs, generatedContactsBlock, loadGeneratedContacts, loadSource } from './test-support/fixture.js';

// How fast these lookups are is measured by `npm run measure` (docs/backends/mysql.md), not asserted here.
const COUNT = 100_000;
let server: MariadbServer;
let source: MysqlSourcePlugin;
let normalized: MysqlSourcePlugin;
const contacts: Contact[] = [...generateContacts(COUNT, 1)];

beforeAll(async () => {
  server = await startMariadb({ databases: ['crm'] });
  await loadGeneratedContacts(server, 'crm', COUNT);
  const block = generatedContactsBlock(server, 'crm');
  source = await loadSource(block);
  normalized = await loadSource({ ...block, normalize_numbers: true });
});

afterAll(async () => {
  await source?.unload();
  await normalized?.unload();
  await server?.stop();
});

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const ids = (results: { fields: Record<string, unknown> }[]) => results.map((r) => r.fields.id);
const digits = (s: string) => s.replace(/[^0-9+]/g, '');

describe('mysql backend on a 100,000-row table', () => {
  it('pushes the limit down and keeps the unique-column order', async () => {
    expect(ids(await source.search('', callArgs({ limit: 10 })))).toEqual(contacts.slice(0, 10).map((c) => c.id));
    const expected = contacts
      .filter((c) => [c.firstname, c.lastname, c.email].some((v) => fold(v).includes('mar')))
      .slice(0, 25)
      .map((c) => c.id);
    expect(ids(await source.search('MAR', callArgs({ limit: 25 })))).toEqual(expected);
  });

  it('finds one contact by a term only it has', async () => {
    const target = contacts[54_320];
    expect(ids(await source.search(target.email, callArgs()))).toEqual([target.id]);
  });

  it('finds the first contact with a number, as stored or, with normalize_numbers, with its formatting removed', async () => {
    const target = contacts.slice(77_776).find((c) => digits(c.phone) !== c.phone)!;
    const firstWith = (match: (v: string) => boolean) =>
      contacts.find((c) => [c.phone, c.mobile].some((v) => v !== '' && match(v)))?.id;
    expect((await source.firstMatch(target.phone, callArgs()))?.fields.id).toBe(firstWith((v) => v === target.phone));
    const bare = digits(target.phone);
    expect((await source.firstMatch(bare, callArgs()))?.fields.id ?? null).toBe(firstWith((v) => v === bare) ?? null);
    expect((await normalized.firstMatch(bare, callArgs()))?.fields.id).toBe(firstWith((v) => digits(v) === bare));
  });

  it('lists contacts by id', async () => {
    expect(ids(await source.list(['99999', '5', '100000', '100001'], callArgs()))).toEqual(['5', '99999', '100000']);
  });
});
