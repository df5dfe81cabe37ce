import { setTimeout as sleep } from 'node:timers/promises';
import { memoryLogger } from '@dird/core/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteKind, type StoreKind } from './stores.js';
import { ManagedUserStore } from '../src/index.js';
import { createStoreDriver } from '@dird/store-sqlite';

let kind: StoreKind;

beforeAll(async () => {
  kind = await sqliteKind();
});

afterAll(async () => {
  await kind?.close();
});

describe('the user store on one SQLite file opened twice (two processes on one file)', () => {
  it("sees the other connection's favorite changes within 100 ms, though it keeps favorites in memory", async () => {
    const first = await kind.make();
    const file = first.driver.location;
    const logger = memoryLogger();
    const second = new ManagedUserStore(
      createStoreDriver(
        { kind: 'sqlite', file },
        { logger, poolSize: 1, connectTimeoutMs: 1000, queryTimeoutMs: 1000 },
      ),
      { logger, retryIntervalMs: 1000 },
    );
    await second.start();
    try {
      await first.store.addFavorite('u', { source: 's', contactId: '1' });
      const seen = await second.listFavorites('u');
      expect(seen).toEqual([{ source: 's', contactId: '1' }]);
      // Unchanged: the same list again, from memory.
      expect(await second.listFavorites('u')).toBe(seen);
      await first.store.addFavorite('u', { source: 's', contactId: '2' });
      // The other connection's change mark is read again at most every 100 ms.
      const started = performance.now();
      while (second.favoritesNow('u') === seen && performance.now() - started < 1000) await sleep(10);
      expect(performance.now() - started).toBeLessThan(1000);
      expect((await second.listFavorites('u')).map((f) => f.contactId)).toEqual(['1', '2']);
      await second.removeFavorite('u', { source: 's', contactId: '1' });
      expect((await second.listFavorites('u')).map((f) => f.contactId)).toEqual(['2']);
      expect((await first.store.listFavorites('u')).map((f) => f.contactId)).toEqual(['2']);
    } finally {
      await second.stop();
    }
  });
});
