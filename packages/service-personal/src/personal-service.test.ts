import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PersonalSourcePlugin } from '@dird/backend-personal';
import { checkBlock, type HttpError, RequestContext } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger } from '@dird/core/testkit';
import { openUserStore, UserStoreConfigSchema, type ManagedUserStore } from '@dird/service-user-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalConfigSchema } from './config.js';
import type { PersonalService } from './contract.js';
import { PersonalServicePlugin } from './personal-service-plugin.js';

const ALICE = { context: new RequestContext({ identity: { userUuid: 'alice' } }) };
const BOB = { context: new RequestContext({ identity: { userUuid: 'bob' } }) };
const NOBODY = { context: RequestContext.anonymous() };

let dir: string;
let store: ManagedUserStore;
let personal: PersonalService;

async function service(block: Record<string, unknown> = {}, withSource = true): Promise<PersonalService> {
  const sources = new Map();
  if (withSource) {
    const source = new PersonalSourcePlugin();
    source.name = 'my_contacts';
    source.backend = 'personal';
    const sourceBlock = checkBlock(PersonalSourcePlugin.configSchema, {
      name: 'my_contacts',
      type: 'personal',
      searched_columns: ['firstname'],
      format_columns: { name: '{firstname} {lastname}' },
    }).value;
    source.load(loadArgs(sourceBlock as never, { services: { user_store: store } }));
    sources.set(source.name, source);
  }
  return new PersonalServicePlugin().load({
    ...loadArgs(checkBlock(PersonalConfigSchema, block).value as never, { services: { user_store: store } }),
    sources,
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as HttpError,
  );

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-personal-service-'));
  const config = checkBlock(UserStoreConfigSchema, {}).value as never;
  store = await openUserStore({ dbUri: 'sqlite:///store.sqlite', baseDir: dir, config, logger: memoryLogger() });
  personal = await service();
});

afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('personal service', () => {
  it('loads through the real registry from its package.json, and needs the user store', async () => {
    const { cls } = await loadPluginThroughRegistry('service', 'personal');
    expect((cls as unknown as typeof PersonalServicePlugin).needs.map((r) => r.name)).toEqual(['user_store']);
  });

  it('creates a contact under a new id, whatever id the body holds, and reads it back', async () => {
    const created = await personal.create({ firstname: 'Alice', id: 'chosen', '%': '?' }, ALICE);
    expect(created).toEqual({ firstname: 'Alice', '%': '?', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await personal.get(created.id, ALICE)).toEqual(created);
    await personal.purge(ALICE);
  });

  it('answers 400 with every rule broken, before anything is stored', async () => {
    const error = await failure(personal.create({ '/x': 1, é: 'v' }, ALICE));
    expect(error).toMatchObject({
      statusCode: 400,
      reasons: ['all values must be strings', 'key must not start with /', 'key must contain only ASCII characters'],
    });
    expect(await personal.list(ALICE)).toEqual([]);
  });

  it("answers 404 naming the contact for an unknown id, and for another user's contact", async () => {
    const bobs = await personal.create({ firstname: 'Bob' }, BOB);
    for (const call of [
      () => personal.get(bobs.id, ALICE),
      () => personal.replace(bobs.id, { firstname: 'Mallory' }, ALICE),
      () => personal.remove(bobs.id, ALICE),
      () => personal.get('nope', ALICE),
    ]) {
      expect(await failure(call())).toMatchObject({
        statusCode: 404,
        reasons: [expect.stringMatching(/^No such personal contact: `/)],
      });
    }
    expect(await personal.get(bobs.id, BOB)).toEqual(bobs);
    // A replace is checked before the contact is looked for.
    expect(await failure(personal.replace('nope', { '.': 'x' }, ALICE))).toMatchObject({ statusCode: 400 });
    await personal.purge(BOB);
  });

  it('replaces a contact whole, keeping its id, and removes it', async () => {
    const { id } = await personal.create({ firstname: 'Alice', lastname: 'A' }, ALICE);
    expect(await personal.replace(id, { firstname: 'Alicia', id: 'other' }, ALICE)).toEqual({
      firstname: 'Alicia',
      id,
    });
    await personal.remove(id, ALICE);
    expect(await failure(personal.remove(id, ALICE))).toMatchObject({ statusCode: 404 });
  });

  it('refuses an anonymous request on every call (401)', async () => {
    for (const call of [
      () => personal.create({}, NOBODY),
      () => personal.list(NOBODY),
      () => personal.purge(NOBODY),
      () => personal.importCsv('a\nb\n', NOBODY),
      () => personal.results(NOBODY),
    ]) {
      expect(await failure(call())).toMatchObject({ statusCode: 401 });
    }
  });

  describe('CSV import', () => {
    it('creates the valid lines together and reports the others, by physical line, with every error', async () => {
      const long = 'x'.repeat(10_001);
      const report = await personal.importCsv(
        `firstname,lastname,number\r\nAlice,A,1001\r\n\r\nBob,B\r\n"Carol, C",C,"1003"\r\nD,D,D,D\r\nE,${long},1\r\n`,
        ALICE,
      );
      expect(report.created).toEqual([
        { firstname: 'Alice', lastname: 'A', number: '1001', id: expect.any(String) },
        { firstname: 'Carol, C', lastname: 'C', number: '1003', id: expect.any(String) },
      ]);
      expect(report.failed).toEqual([
        { line: 4, errors: ['missing fields'] },
        { line: 6, errors: ['too many fields'] },
        { line: 7, errors: ['values must be at most 10000 characters'] },
      ]);
      expect((await personal.list(ALICE)).map((c) => c.firstname)).toEqual(['Alice', 'Carol, C']);
      await personal.purge(ALICE);
    });

    it('answers 400 when nothing can be created: the failures, or "No contact found"', async () => {
      expect(await failure(personal.importCsv('', ALICE))).toMatchObject({
        statusCode: 400,
        reasons: ['No contact found'],
      });
      expect(await failure(personal.importCsv('firstname,lastname\n', ALICE))).toMatchObject({
        reasons: ['No contact found'],
      });
      expect(await failure(personal.importCsv('/firstname,lastname\na,b\nc\n', ALICE))).toMatchObject({
        statusCode: 400,
        reasons: [
          { line: 2, errors: ['key must not start with /'] },
          { line: 3, errors: ['missing fields'] },
        ],
      });
      expect(await personal.list(ALICE)).toEqual([]);
    });

    it('refuses a file with more contacts than import_max_contacts, creating none', async () => {
      const small = await service({ import_max_contacts: 2 });
      expect(await failure(small.importCsv('a\n1\n2\n3\n', ALICE))).toMatchObject({
        statusCode: 400,
        reasons: [expect.stringMatching(/holds 3 contacts; one import creates at most 2 .*import_max_contacts/)],
      });
      expect(await personal.list(ALICE)).toEqual([]);
    });
  });

  it("renders the user's contacts through the personal source, with its format columns", async () => {
    await personal.create({ firstname: 'Alice', lastname: 'Aaa', email: '' }, ALICE);
    await personal.create({ firstname: 'Zed', lastname: 'Other' }, BOB);
    const [result, ...others] = await personal.results(ALICE);
    expect(others).toEqual([]);
    expect(result).toMatchObject({ source: 'my_contacts', backend: 'personal', isPersonal: true });
    expect(result.fields).toEqual({ firstname: 'Alice', lastname: 'Aaa', id: expect.any(String), name: 'Alice Aaa' });
    expect(await (await service({}, false)).results(ALICE)).toEqual([]);
    await personal.purge(ALICE);
    await personal.purge(BOB);
  });
});
