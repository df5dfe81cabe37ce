import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestDaemon } from '@dird/dird/testkit';
import { createUserStoreDatabase, startMariadb, type MariadbServer } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, lookup, startUserDataDaemon } from './daemons.js';

let server: MariadbServer;
let one: TestDaemon;
let two: TestDaemon;

beforeAll(async () => {
  server = await startMariadb();
  const dbUri = await createUserStoreDatabase(server, 'dird');
  // Two daemons starting together on one empty database: both migrate it, neither fails.
  [one, two] = await Promise.all([startUserDataDaemon({ dbUri }), startUserDataDaemon({ dbUri })]);
});

afterAll(async () => {
  for (const d of [one, two]) if (d) expect(await d.stop()).toBe(0);
  await server?.stop();
});

describe('two daemons on one MariaDB (scale-out)', () => {
  it('made the schema once, whichever started first', async () => {
    expect(await server.sql('SELECT version FROM dird_schema_migration', 'dird')).toEqual([['1']]);
  });

  it("see each other's writes: a contact, a favorite, a delete", async () => {
    const created = await call(one, 'alice', 'POST', '/0.1/personal', { json: { firstname: 'Zoë', number: '3003' } });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect((await call(two, 'alice', 'GET', `/0.1/personal/${id}`)).body).toEqual(created.body);
    expect(await lookup(two, 'alice', 'zoe')).toEqual([['Zoë', '3003', false, true]]);
    expect((await call(two, 'bob', 'GET', `/0.1/personal/${id}`)).status).toBe(404);

    expect((await call(one, 'alice', 'PUT', '/0.1/directories/favorites/phonebook/1')).status).toBe(204);
    expect((await call(one, 'alice', 'PUT', `/0.1/directories/favorites/personal/${id}`)).status).toBe(204);
    expect(await lookup(two, 'alice', 'al')).toEqual([
      ['Alice Martin', '1001', true, false],
      ['Alan Turing', '1002', false, false],
    ]);
    expect(await lookup(two, 'alice', 'zoe')).toEqual([['Zoë', '3003', true, true]]);

    expect((await call(two, 'alice', 'DELETE', `/0.1/personal/${id}`)).status).toBe(204);
    expect((await call(two, 'alice', 'DELETE', '/0.1/directories/favorites/phonebook/1')).status).toBe(204);
    expect((await call(one, 'alice', 'GET', `/0.1/personal/${id}`)).status).toBe(404);
    expect(await lookup(one, 'alice', 'zoe')).toEqual([]);
    expect(await lookup(one, 'alice', 'alice')).toEqual([['Alice Martin', '1001', false, false]]);
  });

  it('answer 503 on per-user routes while MariaDB is down, lookups without it, and use it again once it is back', async () => {
    await call(one, 'bob', 'POST', '/0.1/personal', { json: { firstname: 'Albane', number: '4004' } });
    await server.halt();
    try {
      for (const d of [one, two]) {
        const res = await call(d, 'bob', 'GET', '/0.1/personal');
        expect(res.status).toBe(503);
        expect(res.body.reason[0]).toMatch(/^The user store is unavailable: /);
        const started = Date.now();
        expect(await lookup(d, 'bob', 'al')).toEqual([
          ['Alice Martin', '1001', false, false],
          ['Alan Turing', '1002', false, false],
        ]);
        // Within the profile's timeout (1 s), with a margin for a slow machine.
        expect(Date.now() - started).toBeLessThan(1800);
      }
    } finally {
      await server.start();
    }
    for (const d of [one, two]) {
      await expect
        .poll(async () => (await call(d, 'bob', 'GET', '/0.1/personal')).status, { timeout: 10_000, interval: 200 })
        .toBe(200);
      expect(await lookup(d, 'bob', 'alb')).toEqual([['Albane', '4004', false, true]]);
    }
  });

  it('answer lookups within the profile timeout while MariaDB hangs (stopped, not down)', async () => {
    const pid = Number((await readFile(path.join(server.dir, 'mysqld.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      expect(await lookup(one, 'bob', 'al')).toEqual([
        ['Alice Martin', '1001', false, false],
        ['Alan Turing', '1002', false, false],
      ]);
      expect(Date.now() - started).toBeLessThan(1800);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect.poll(async () => (await lookup(one, 'bob', 'alb')).length, { timeout: 15_000, interval: 200 }).toBe(1);
  });
});
