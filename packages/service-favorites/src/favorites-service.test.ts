import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BaseSourcePlugin,
  checkBlock,
  HttpError,
  RequestContext,
  ResultBuilder,
  type SourceCallArgs,
  type SourceResult,
} from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger } from '@dird/core/testkit';
import { openUserStore, UserStoreConfigSchema, type ManagedUserStore } from '@dird/service-user-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FavoritesConfigSchema } from './config.js';
import type { FavoritesService } from './contract.js';
import { FavoritesServicePlugin } from './favorites-service-plugin.js';

/** A source whose `list` answers the contacts with the ids asked, or hangs, or fails. */
class ListingSource extends BaseSourcePlugin {
  constructor(
    name: string,
    private readonly behaviour: 'ok' | 'hang' | 'fail' | 'crowd' = 'ok',
  ) {
    super();
    this.name = name;
    this.backend = 'test';
  }
  load(): void {}
  search(): SourceResult[] {
    return [];
  }
  override list(ids: readonly string[], _args: SourceCallArgs): Promise<SourceResult[]> {
    if (this.behaviour === 'hang') return new Promise(() => undefined);
    if (this.behaviour === 'fail') return Promise.reject(new Error('broken'));
    const builder = new ResultBuilder({ source: this.name, backend: 'test', uniqueColumn: 'id' });
    // A unique column that is not (a CSV file's company, say): every id names this many contacts.
    if (this.behaviour !== 'crowd') {
      return Promise.resolve(ids.map((id) => builder.build({ id, name: `${this.name}-${id}` })));
    }
    return Promise.resolve(
      ids.flatMap((id) =>
        Array.from({ length: CROWD }, (_, k) => builder.build({ id, name: `${this.name}-${id}-${k}` })),
      ),
    );
  }
}

/** More contacts than a function call takes arguments. */
const CROWD = 150_000;

const ALICE = { context: new RequestContext({ identity: { userUuid: 'alice' } }) };
const BOB = { context: new RequestContext({ identity: { userUuid: 'bob' } }) };
const NOBODY = { context: RequestContext.anonymous() };

let dir: string;
let store: ManagedUserStore;
let favorites: FavoritesService;
const logger = memoryLogger();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-favorites-'));
  const config = checkBlock(UserStoreConfigSchema, { retry_interval: 0.1 }).value as never;
  store = await openUserStore({ dbUri: 'sqlite:///data/store.sqlite', baseDir: dir, config, logger: memoryLogger() });
  const sources = ['a', 'b', 'late', 'broken', 'crowd'].map(
    (n) => new ListingSource(n, n === 'late' ? 'hang' : n === 'broken' ? 'fail' : n === 'crowd' ? 'crowd' : 'ok'),
  );
  const { value, problems } = checkBlock(FavoritesConfigSchema, {
    p: { sources: ['b', 'late', 'broken', 'a'], timeout: 0.2 },
    only_a: { sources: ['a'] },
    crowded: { sources: ['crowd'] },
  });
  expect(problems).toEqual([]);
  favorites = await new FavoritesServicePlugin().load({
    ...loadArgs(value as never, { services: { user_store: store }, logger }),
    sources: new Map(sources.map((s) => [s.name, s])),
  });
});

afterAll(async () => {
  await store?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('favorites service', () => {
  it('loads through the real registry from its package.json, and needs the user store', async () => {
    const { cls } = await loadPluginThroughRegistry('service', 'favorites');
    expect((cls as unknown as typeof FavoritesServicePlugin).needs.map((r) => r.name)).toEqual(['user_store']);
  });

  it("keeps each user's favorites, and gives the ids of those among a profile's sources", async () => {
    await favorites.add('a', '1', ALICE);
    await favorites.add('b', '2', ALICE);
    await favorites.add('b', '2', ALICE);
    await favorites.add('elsewhere', '3', ALICE);
    await favorites.add('a', '9', BOB);
    const ids = await favorites.favoriteIds('p', ALICE);
    expect([...ids].map(([s, set]) => [s, [...set]])).toEqual([
      ['a', ['1']],
      ['b', ['2']],
    ]);
    expect([...(await favorites.favoriteIds('only_a', BOB)).get('a')!]).toEqual(['9']);
    expect((await favorites.favoriteIds('nope', ALICE)).size).toBe(0);
    expect((await favorites.favoriteIds('p', NOBODY)).size).toBe(0);
  });

  it("lists the favorite contacts from their sources in the profile's order, at the deadline without the late", async () => {
    await favorites.add('late', '5', ALICE);
    await favorites.add('broken', '6', ALICE);
    const started = Date.now();
    const results = await favorites.favorites('p', ALICE);
    expect(results.map((r) => r.fields.name)).toEqual(['b-2', 'a-1']);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(logger.text()).toMatch(/favorites of profile p: source late \(test\) dropped: timed out after 200 ms/);
    expect(logger.text()).toMatch(/source broken \(test\) dropped: An error occured in list: broken/);
    expect(await favorites.favorites('unknown', ALICE)).toEqual([]);
  });

  it('lists every contact of a favorite whose id many contacts share, however many', async () => {
    await favorites.add('crowd', 'acme', BOB);
    const results = await favorites.favorites('crowded', BOB);
    expect(results.length).toBe(CROWD);
    expect(results[CROWD - 1].fields.name).toBe(`crowd-acme-${CROWD - 1}`);
  });

  it('removes a favorite, and answers 404 naming the contact and the directory when it is none', async () => {
    await favorites.remove('a', '1', ALICE);
    const error = await favorites.remove('a', '1', ALICE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 404, reasons: ['No such favorite: contact `1` of directory `a`'] });
    // Another user's favorite is none of Alice's business.
    await expect(favorites.remove('a', '9', ALICE)).rejects.toMatchObject({ statusCode: 404 });
    expect([...(await favorites.favoriteIds('only_a', BOB)).get('a')!]).toEqual(['9']);
  });

  it('refuses an anonymous request where favorites are listed or changed', async () => {
    for (const call of [
      () => favorites.favorites('p', NOBODY),
      () => favorites.add('a', '1', NOBODY),
      () => favorites.remove('a', '1', NOBODY),
    ]) {
      await expect(call()).rejects.toMatchObject({ statusCode: 401 });
    }
  });

  it('answers 503 while the store is down', async () => {
    await store.stop();
    // A file where the store's folder was: it cannot be opened again.
    await rm(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, 'data'), '');
    const down = await openUserStore({
      dbUri: 'sqlite:///data/store.sqlite',
      baseDir: dir,
      config: checkBlock(UserStoreConfigSchema, { retry_interval: 0.1 }).value as never,
      logger: memoryLogger(),
    });
    const service = await new FavoritesServicePlugin().load({
      ...loadArgs(checkBlock(FavoritesConfigSchema, { p: { sources: ['a'] } }).value as never, {
        services: { user_store: down },
      }),
      sources: new Map([['a', new ListingSource('a')]]),
    });
    await expect(service.favoriteIds('p', ALICE)).rejects.toMatchObject({ statusCode: 503 });
    await expect(service.add('a', '1', ALICE)).rejects.toMatchObject({ statusCode: 503 });
    await rm(path.join(dir, 'data'));
    await mkdir(path.join(dir, 'data'));
    await expect.poll(() => down.status().state, { timeout: 3000, interval: 50 }).toBe('up');
    await service.add('a', '1', ALICE);
    await down.stop();
  });
});
