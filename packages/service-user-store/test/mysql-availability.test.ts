import { memoryLogger } from '@dird/core/testkit';
import { createStoreDriver } from '@dird/store-mysql';
import { createUserStoreDatabase } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagedUserStore, StoreUnavailableError, storeTarget, type MysqlTarget } from '../src/index.js';
import { mysqlKind } from './stores.js';

let kind: Awaited<ReturnType<typeof mysqlKind>>;

beforeAll(async () => {
  kind = await mysqlKind();
});

afterAll(async () => {
  await kind?.close();
});

const options = { poolSize: 4, connectTimeoutMs: 1000, queryTimeoutMs: 2000 };

describe('the user store on MariaDB, when the server goes away', () => {
  it('answers 503 at once while the server is down, and is back in use within seconds of its return', async () => {
    const { store } = await kind.make({ retryIntervalMs: 200 });
    await store.createContacts('u', [{ firstname: 'Kept' }]);
    await kind.down();
    try {
      const first = await store.listContacts('u').catch((e: unknown) => e);
      expect(first).toBeInstanceOf(StoreUnavailableError);
      expect(store.status().state).toBe('down');
      const started = Date.now();
      await expect(store.listFavorites('u')).rejects.toThrow(/The user store is unavailable: .*retrying every 0.2 s/);
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      await kind.up();
    }
    await expect.poll(() => store.status().state, { timeout: 5000, interval: 50 }).toBe('up');
    expect((await store.listContacts('u')).map((c) => c.firstname)).toEqual(['Kept']);
  });

  it('starts with the server down, then creates its tables once it is up', async () => {
    const uri = await createUserStoreDatabase(kind.server, 'late');
    await kind.down();
    const logger = memoryLogger();
    const driver = createStoreDriver(storeTarget(uri, '/') as MysqlTarget, { logger, ...options });
    const store = new ManagedUserStore(driver, { logger, retryIntervalMs: 200 });
    try {
      await store.start();
      expect(store.status()).toMatchObject({ state: 'down', schemaVersion: null });
      await expect(store.listFavorites('u')).rejects.toThrow(StoreUnavailableError);
      await kind.up();
      await expect.poll(() => store.status().state, { timeout: 5000, interval: 50 }).toBe('up');
      expect(store.status().schemaVersion).toBe(1);
      await store.addFavorite('u', { source: 's', contactId: '1' });
      expect(await store.listFavorites('u')).toHaveLength(1);
    } finally {
      await kind.up().catch(() => undefined);
      await store.stop();
    }
  });

  it('lets daemons starting together on one empty database migrate it once, without a race', async () => {
    const uri = await createUserStoreDatabase(kind.server, 'together');
    const stores = Array.from({ length: 4 }, () => {
      const logger = memoryLogger();
      return new ManagedUserStore(createStoreDriver(storeTarget(uri, '/') as MysqlTarget, { logger, ...options }), {
        logger,
        retryIntervalMs: 5000,
      });
    });
    try {
      await Promise.all(stores.map((s) => s.start()));
      expect(stores.map((s) => s.status().state)).toEqual(['up', 'up', 'up', 'up']);
      expect(await kind.server.sql('SELECT version, description FROM dird_schema_migration', 'together')).toEqual([
        ['1', 'favorites and personal contacts'],
      ]);
    } finally {
      for (const s of stores) await s.stop();
    }
  });

  it('refuses a database whose schema is newer than it knows, and says to upgrade', async () => {
    const { store, uri } = await kind.make();
    const database = new URL(uri).pathname.slice(1);
    await kind.server.sql(
      "INSERT INTO dird_schema_migration (version, description, applied_at) VALUES (99, 'future', NOW())",
      database,
    );
    const logger = memoryLogger();
    const again = new ManagedUserStore(
      createStoreDriver(storeTarget(uri, '/') as MysqlTarget, { logger, ...options }),
      {
        logger,
        retryIntervalMs: 5000,
      },
    );
    try {
      await again.start();
      expect(again.status()).toMatchObject({
        state: 'down',
        reason: expect.stringMatching(/schema version 99, newer than this dird knows \(1\): upgrade dird/),
      });
      expect(store.status().state).toBe('up');
    } finally {
      await again.stop();
    }
  });
});
