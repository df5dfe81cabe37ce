import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestDaemon } from '@dird/dird/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, lookup, startUserDataDaemon, USERS } from './daemons.js';

let dir: string;
const running: TestDaemon[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-user-data-'));
});

afterEach(async () => {
  for (const d of running.splice(0)) await d.stop('SIGKILL');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A daemon on the SQLite file `name` of the test's folder (it outlives each daemon's own temp folder). */
async function daemonOn(name: string, options: { auth?: boolean } = {}): Promise<TestDaemon> {
  const daemon = await startUserDataDaemon({ dbUri: `sqlite:///${path.join(dir, name)}`, ...options });
  running.push(daemon);
  return daemon;
}

async function stop(daemon: TestDaemon, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  running.splice(running.indexOf(daemon), 1);
  return daemon.stop(signal);
}

describe('per-user data through the daemon, on SQLite', () => {
  it("loads the user store it needs without being told, and serves every per-user route for the token's user", async () => {
    const d = await daemonOn('routes.sqlite');
    expect(d.logs.map((l) => String(l.msg))).toContainEqual(
      expect.stringMatching(
        /service "user_store" is not in enabled_plugins\.services, but .* needs it: loading it too/,
      ),
    );
    const created = await call(d, 'alice', 'POST', '/0.1/personal', {
      json: { firstname: 'Céline', lastname: 'Dupont', number: '+33 1 23 45 67 89' },
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect((await call(d, 'alice', 'GET', `/0.1/personal/${id}`)).body.firstname).toBe('Céline');
    expect((await call(d, 'bob', 'GET', `/0.1/personal/${id}`)).status).toBe(404);
    // Found by a lookup ignoring case and accents, and by a reverse lookup for the user of the URL.
    expect(await lookup(d, 'alice', 'CELINE')).toEqual([['Céline Dupont', '+33 1 23 45 67 89', false, true]]);
    expect(await lookup(d, 'bob', 'celine')).toEqual([]);
    const reverse = await call(
      d,
      'alice',
      'GET',
      `/0.1/directories/reverse/default/${USERS.alice.uuid}?exten=%2B33123456789`,
    );
    expect(reverse.body).toMatchObject({ display: 'Céline Dupont', source: 'personal', backend: 'personal' });
    // Favorites of the phone book and of the personal contacts, marked in lookups.
    expect((await call(d, 'alice', 'PUT', '/0.1/directories/favorites/phonebook/2')).status).toBe(204);
    expect((await call(d, 'alice', 'PUT', `/0.1/directories/favorites/personal/${id}`)).status).toBe(204);
    expect(await lookup(d, 'alice', 'al')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', true, false],
    ]);
    const favorites = await call(d, 'alice', 'GET', '/0.1/directories/favorites/default');
    expect(favorites.body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
      ['Alan Turing', '1002', true, false],
      ['Céline Dupont', '+33 1 23 45 67 89', true, true],
    ]);
    const personal = await call(d, 'alice', 'GET', '/0.1/directories/personal/default');
    expect(personal.body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
      ['Céline Dupont', '+33 1 23 45 67 89', true, true],
    ]);
    const imported = await call(d, 'alice', 'POST', '/0.1/personal/import', {
      body: Buffer.from([...Buffer.from('firstname,lastname\n'), 0xc9, 0x6d, 0x69, 0x6c, 0x65, 0x2c, 0x5a, 0x0a]),
      type: 'text/csv; charset=windows-1252',
    });
    expect([imported.status, imported.body.created[0].firstname]).toEqual([201, 'Émile']);
    const exported = await call(d, 'alice', 'GET', '/0.1/personal?format=text/csv');
    expect(exported.type).toBe('text/csv; charset=utf-8');
    expect(exported.body).toMatch(/^firstname,id,lastname,number\r\nCéline,/);
    expect((await call(d, 'alice', 'DELETE', `/0.1/directories/favorites/phonebook/2`)).status).toBe(204);
    expect((await call(d, 'alice', 'DELETE', `/0.1/directories/favorites/phonebook/2`)).body.reason).toEqual([
      'No such favorite: contact `2` of directory `phonebook`',
    ]);
    expect((await call(d, 'alice', 'DELETE', '/0.1/personal')).status).toBe(204);
    expect((await call(d, 'alice', 'GET', '/0.1/personal')).body).toEqual({ items: [] });
    expect((await call(d, null, 'GET', '/0.1/personal')).status).toBe(401);
  });

  it('lists every per-user route in the OpenAPI document', async () => {
    const d = await daemonOn('openapi.sqlite');
    const api = await call(d, null, 'GET', '/0.1/api/api.json');
    expect(Object.keys(api.body.paths)).toEqual(
      expect.arrayContaining([
        '/0.1/directories/favorites/{profile}',
        '/0.1/directories/favorites/{directory}/{contact}',
        '/0.1/directories/personal/{profile}',
        '/0.1/personal',
        '/0.1/personal/import',
        '/0.1/personal/{contact_id}',
      ]),
    );
  });

  it('keeps contacts and favorites across a restart', async () => {
    const first = await daemonOn('restart.sqlite');
    const { body } = await call(first, 'bob', 'POST', '/0.1/personal', { json: { firstname: 'Kept', number: '555' } });
    await call(first, 'bob', 'PUT', '/0.1/directories/favorites/phonebook/1');
    expect(await stop(first)).toBe(0);
    const second = await daemonOn('restart.sqlite');
    expect((await call(second, 'bob', 'GET', `/0.1/personal/${body.id}`)).body).toEqual(body);
    expect(await lookup(second, 'bob', 'alice')).toEqual([['Alice Martin', '1001', true, false]]);
  });

  it('loses nothing it answered 201 for when killed with SIGKILL', async () => {
    const first = await daemonOn('crash.sqlite');
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const res = await call(first, 'alice', 'POST', '/0.1/personal', { json: { firstname: `C${i}` } }).catch(
          () => undefined,
        );
        if (res?.status === 201) acknowledged.push(res.body.id);
      }
    })();
    await expect.poll(() => acknowledged.length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(50);
    await stop(first, 'SIGKILL');
    writing = false;
    await writer;
    const second = await daemonOn('crash.sqlite');
    const { body } = await call(second, 'alice', 'GET', '/0.1/personal');
    const stored = new Set(body.items.map((c: { id: string }) => c.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });

  it('starts with its store unreachable, answers 503 on per-user routes and lookups without it, then uses it once it can', async () => {
    // A file where the store's folder should be: the store cannot be opened.
    await writeFile(path.join(dir, 'blocked'), '');
    const d = await daemonOn('blocked/dird.sqlite');
    await d.waitForLog((l) => /user store unavailable/.test(String(l.msg)));
    const res = await call(d, 'alice', 'POST', '/0.1/personal', { json: { firstname: 'Later' } });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status_code: 503,
      reason: [expect.stringMatching(/^The user store is unavailable: /)],
    });
    const started = Date.now();
    expect(await lookup(d, 'alice', 'al')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', false, false],
    ]);
    expect(Date.now() - started).toBeLessThan(1500);
    await rm(path.join(dir, 'blocked'));
    await mkdir(path.join(dir, 'blocked'));
    await d.waitForLog((l) => /user store back in use/.test(String(l.msg)), 10_000);
    expect((await call(d, 'alice', 'POST', '/0.1/personal', { json: { firstname: 'Later' } })).status).toBe(201);
    expect(await lookup(d, 'alice', 'later')).toEqual([['Later', null, false, true]]);
  });
});

describe('a db_uri the daemon cannot use', () => {
  it('logs a config error naming the file and db_uri, leaves the per-user plugins out, and serves the rest', async () => {
    const d = await startUserDataDaemon({ dbUri: 'postgresql://asterisk:secret@localhost/asterisk' });
    running.push(d);
    const messages = d.logs.map((l) => String(l.msg));
    expect(messages).toContainEqual(
      expect.stringMatching(
        /Failed to load service `user_store`: \S+config\.yml: db_uri: PostgreSQL \(wazo-dird's store\) is not supported/,
      ),
    );
    expect(JSON.stringify(d.logs)).not.toContain('secret');
    expect((await call(d, 'alice', 'GET', '/0.1/personal')).status).toBe(404);
    expect(await lookup(d, 'alice', 'al')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', false, false],
    ]);
  });
});

describe('per-user data without authentication (a loopback daemon with no auth section)', () => {
  it('answers 401 on per-user routes saying what to configure, and lookups mark nothing and search no contacts', async () => {
    const d = await daemonOn('anonymous.sqlite', { auth: false });
    for (const [method, url] of [
      ['GET', '/0.1/personal'],
      ['POST', '/0.1/personal'],
      ['GET', '/0.1/directories/favorites/default'],
      ['PUT', '/0.1/directories/favorites/phonebook/1'],
      ['GET', '/0.1/directories/personal/default'],
    ]) {
      const res = await call(d, null, method, url, method === 'POST' ? { json: {} } : {});
      expect(res.status).toBe(401);
      expect(res.body.reason[0]).toMatch(/^This route needs an authenticated user: .*docs\/security\.md/);
    }
    expect(await lookup(d, null, 'al')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', false, false],
    ]);
  });
});
