import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkBlock, phoneCandidates, RequestContext, type SourceResult } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger, sourceCallArgs } from '@dird/core/testkit';
import { openUserStore, UserStoreConfigSchema, type ManagedUserStore } from '@dird/service-user-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalSourcePlugin } from './personal-source-plugin.js';

const ALICE = 'alice-uuid';
const BOB = 'bob-uuid';
const as = (userUuid: string | null) => sourceCallArgs({ context: new RequestContext({ identity: { userUuid } }) });

/** xivo-dird's shipped personal source (sources.d/personal.yml). */
const BLOCK = {
  name: 'personal',
  type: 'personal',
  searched_columns: ['company', 'email', 'fax', 'firstname', 'lastname', 'mobile', 'number'],
  first_matched_columns: ['number', 'mobile'],
  format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}', phone: '{number}' },
};

let dir: string;
let store: ManagedUserStore;
let source: PersonalSourcePlugin;
const logger = memoryLogger();

function load(block: Record<string, unknown> = BLOCK): PersonalSourcePlugin {
  const { value, problems } = checkBlock(PersonalSourcePlugin.configSchema, block);
  expect(problems).toEqual([]);
  const s = new PersonalSourcePlugin();
  s.name = 'personal';
  s.backend = 'personal';
  s.load(loadArgs(value as never, { services: { user_store: store }, logger }));
  return s;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-personal-'));
  const config = checkBlock(UserStoreConfigSchema, { retry_interval: 0.1 }).value as never;
  store = await openUserStore({ dbUri: 'sqlite:///store.sqlite', baseDir: dir, config, logger: memoryLogger() });
  await store.createContacts(ALICE, [
    { firstname: 'Céline', lastname: 'Martin', number: '+33 1 23 45 67 89', email: '' },
    { firstname: 'Etienne', lastname: 'Durand', company: 'ACME', mobile: '0612345678' },
    { firstname: 'Alice', lastname: 'Smith', number: '1001' },
  ]);
  await store.createContacts(BOB, [{ firstname: 'Celine', lastname: 'Bob', number: '1001' }]);
  source = load();
});

afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

const names = (results: SourceResult[]) => results.map((r) => r.fields.name);

describe('personal backend', () => {
  it('loads through the real registry from its package.json, and needs the user store', async () => {
    const { cls } = await loadPluginThroughRegistry('backend', 'personal');
    expect(cls.name).toBe('PersonalSourcePlugin');
    expect((cls as unknown as typeof PersonalSourcePlugin).needs.map((r) => r.name)).toEqual(['user_store']);
  });

  it("searches the request's user's contacts, ignoring case and accents", async () => {
    expect(names(await source.search('CELINE', as(ALICE)))).toEqual(['Céline Martin']);
    expect(names(await source.search('celine', as(BOB)))).toEqual(['Celine Bob']);
    expect(names(await source.search('e', as(ALICE)))).toEqual(['Céline Martin', 'Etienne Durand', 'Alice Smith']);
    expect(names(await source.search('acme', as(ALICE)))).toEqual(['Etienne Durand']);
    expect(names(await source.search('e', { ...as(ALICE), offset: 1, limit: 1 }))).toEqual(['Etienne Durand']);
    expect(await source.search('\x01', as(ALICE))).toEqual([]);
  });

  it('answers results as xivo-dird did: id as unique id, personal, empty attributes dropped', async () => {
    const [celine] = await source.search('celine', as(ALICE));
    expect(celine).toMatchObject({ source: 'personal', backend: 'personal', isPersonal: true });
    expect(celine.relations.source_entry_id).toBe(celine.fields.id);
    expect(Object.hasOwn(celine.fields, 'email')).toBe(false);
    expect(celine.fields.phone).toBe('+33 1 23 45 67 89');
  });

  it('finds nothing for a request without a user (no authentication)', async () => {
    expect(await source.search('', as(null))).toEqual([]);
    expect(await source.firstMatch('1001', as(null))).toBeNull();
    const [any] = await store.listContacts(ALICE);
    expect(await source.list([any.id], as(null))).toEqual([]);
  });

  it("finds a caller among the user's contacts whatever the number's formatting", async () => {
    const reverse = async (exten: string, user: string) =>
      (await source.firstMatch(exten, { ...as(user), candidates: phoneCandidates(exten) }))?.fields.reverse;
    expect(await reverse('+33123456789', ALICE)).toBe('Céline Martin');
    expect(await reverse('06 12 34 56 78', ALICE)).toBe('Etienne Durand');
    expect(await reverse('1001', ALICE)).toBe('Alice Smith');
    expect(await reverse('1001', BOB)).toBe('Celine Bob');
    expect(await reverse('9999', ALICE)).toBeUndefined();
  });

  it("lists the user's contacts by id, and never another user's", async () => {
    const [bobs] = await store.listContacts(BOB);
    const alices = await store.listContacts(ALICE);
    expect(names(await source.list([alices[2].id, bobs.id, alices[0].id], as(ALICE)))).toEqual([
      'Céline Martin',
      'Alice Smith',
    ]);
  });

  it('warns about a unique_column other than id, and searches nothing without searched_columns', async () => {
    const s = load({ name: 'p', type: 'personal', unique_column: 'email' });
    expect(logger.text()).toMatch(/unique_column email ignored: personal contacts are always known by their id/);
    expect(logger.text()).toMatch(/no searched_columns/);
    expect(await s.search('celine', as(ALICE))).toEqual([]);
  });
});
