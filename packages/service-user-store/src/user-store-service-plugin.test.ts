import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkBlock, ConfigError } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, memoryLogger } from '@dird/core/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserStoreConfigSchema } from './config.js';
import type { UserStore } from './contract.js';
import { StoreUnavailableError } from './store-errors.js';
import { importDriver } from './open-user-store.js';
import { UserStoreServicePlugin } from './user-store-service-plugin.js';

let dir: string;
let plugin: UserStoreServicePlugin | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-user-store-'));
});

afterEach(async () => {
  await plugin?.unload();
  plugin = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function load(dbUri: unknown, block: Record<string, unknown> = {}, logger = memoryLogger()): Promise<UserStore> {
  const { value, problems } = checkBlock(UserStoreConfigSchema, block);
  expect(problems).toEqual([]);
  plugin = new UserStoreServicePlugin();
  return plugin.load({
    ...loadArgs(value as never, {
      logger,
      mainConfig: { db_uri: dbUri, config_file: path.join(dir, 'config.yml') },
    }),
    sources: new Map(),
  });
}

describe('user_store service', () => {
  it('loads through the real registry from its package.json, before the sources', async () => {
    const { cls } = await loadPluginThroughRegistry('service', 'user_store');
    expect(cls.name).toBe('UserStoreServicePlugin');
    expect((cls as unknown as typeof UserStoreServicePlugin).needsSources).toBe(false);
  });

  it('opens the SQLite file db_uri names, relative to the config file, and is up when load returns', async () => {
    const store = await load('sqlite:///data/dird.sqlite');
    expect(store.status()).toMatchObject({
      state: 'up',
      driver: 'sqlite',
      location: path.join(dir, 'data/dird.sqlite'),
    });
    await store.addFavorite('u', { source: 's', contactId: '1' });
    expect(await store.listFavorites('u')).toEqual([{ source: 's', contactId: '1' }]);
  });

  it('refuses a db_uri it cannot use with a config error naming db_uri', async () => {
    await expect(load('postgresql://a:b@h/d')).rejects.toThrow(ConfigError);
    await expect(load('sqlite://')).rejects.toThrow(/db_uri: an in-memory SQLite store/);
  });

  it('names the driver package to install when it is missing', async () => {
    const error = await importDriver('@dird/store-nope', { kind: 'sqlite', file: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(
      /db_uri: a SQLite store needs the package @dird\/store-nope, which is not installed: npm install @dird\/store-nope/,
    );
  });

  it('starts with the store down, answers 503 at once, and uses it as soon as it can be opened', async () => {
    // The store's folder cannot be made: a file is where it should be.
    await writeFile(path.join(dir, 'blocked'), 'not a folder');
    const logger = memoryLogger();
    const store = await load('sqlite:///blocked/dird.sqlite', { retry_interval: 0.1 }, logger);
    expect(store.status()).toMatchObject({ state: 'down', reason: expect.stringMatching(/ENOTDIR|EEXIST/) });
    const started = Date.now();
    const error = await store.listFavorites('u').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(100);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ statusCode: 503, code: 'DIRD_ERR_STORE_UNAVAILABLE' });
    expect(String((error as StoreUnavailableError).reasons[0])).toMatch(
      /^The user store is unavailable: .*check db_uri.*; retrying every 0.1 s$/,
    );
    expect(logger.text()).toMatch(
      /error: user store unavailable \(sqlite .*blocked\/dird\.sqlite\).*per-user routes answer 503/,
    );
    await rm(path.join(dir, 'blocked'));
    await expect.poll(() => store.status().state, { timeout: 3000, interval: 50 }).toBe('up');
    expect(await store.listFavorites('u')).toEqual([]);
    expect(logger.text()).toMatch(/info: user store back in use/);
  });

  it('has the documented defaults', () => {
    const { value } = checkBlock(UserStoreConfigSchema, {});
    expect(value).toEqual({ pool_size: 10, connect_timeout: 2, query_timeout: 5, retry_interval: 1 });
  });
});
