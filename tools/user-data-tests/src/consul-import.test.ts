import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { TestDaemon } from '@dird/dird/testkit';
import { importConsulCommand } from '@dird/service-user-store';
import { createUserStoreDatabase, startConsulKv, startMariadb, type ConsulKv } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, lookup, startUserDataDaemon, USERS } from './daemons.js';

// What xivo-dird 15.x/16.x left in Consul for two users: Alice's two personal contacts (one with a
// non-ASCII value and a percent-encoded attribute name) and two favorites (one of her contacts, one of the
// phone book), Bob's one contact; a folder key and a key of something else beside them.
const ALICE = USERS.alice.uuid;
const BOB = USERS.bob.uuid;
const C1 = '3f0ec1a2-5e1b-4c71-9d55-0b8b9a5f0c11';
const C2 = '8d7a9b60-2f3c-4f0e-a1d2-6c5e4b3a2f10';
const C3 = 'c3c3c3c3-0000-4000-8000-000000000003';
const KEYS: Record<string, string | null> = {
  'xivo/private/': null,
  [`xivo/private/${ALICE}/contacts/personal/${C1}/id`]: C1,
  [`xivo/private/${ALICE}/contacts/personal/${C1}/firstname`]: 'Céline',
  [`xivo/private/${ALICE}/contacts/personal/${C1}/lastname`]: 'Dupont',
  [`xivo/private/${ALICE}/contacts/personal/${C1}/number`]: '+33 1 23 45 67 89',
  [`xivo/private/${ALICE}/contacts/personal/${C2}/id`]: C2,
  [`xivo/private/${ALICE}/contacts/personal/${C2}/firstname`]: 'Zoé',
  [`xivo/private/${ALICE}/contacts/personal/${C2}/company%20name`]: 'Acme & Co',
  [`xivo/private/${ALICE}/contacts/favorites/personal/${C1}`]: C1,
  [`xivo/private/${ALICE}/contacts/favorites/phonebook/2`]: '2',
  [`xivo/private/${BOB}/contacts/personal/${C3}/id`]: C3,
  [`xivo/private/${BOB}/contacts/personal/${C3}/firstname`]: 'Bruno',
  [`xivo/private/${BOB}/settings/language`]: 'fr',
};
const CONSUL_TOKEN = 'consul-master-4b1f9e';

let consul: ConsulKv;
let dir: string;
let daemon: TestDaemon | undefined;

beforeAll(async () => {
  consul = await startConsulKv(KEYS, CONSUL_TOKEN);
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-consul-import-'));
  await writeFile(path.join(dir, 'token'), `${CONSUL_TOKEN}\n`);
});

afterAll(async () => {
  await daemon?.stop();
  await consul?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the command's function, and returns its exit code and what it wrote. */
async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await importConsulCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

const dbUri = () => `sqlite:///${path.join(dir, 'users.sqlite')}`;

describe("dird-import-consul: xivo-dird's personal contacts and favorites, from Consul into dird's store", () => {
  it('counts without writing on a dry run, and refuses a bad call with its usage', async () => {
    const dry = await run(['--db-uri', dbUri(), '--consul', consul.http, '--dry-run'], {
      CONSUL_HTTP_TOKEN: CONSUL_TOKEN,
    });
    expect(dry.code, dry.err.join('\n')).toBe(0);
    expect(dry.out).toEqual([
      'users: 2 (dry run: nothing written)',
      'personal contacts: 3 to import (those the store has already are left)',
      'favorites: 2 to set',
    ]);
    // Not even the store's file is made.
    expect(existsSync(path.join(dir, 'users.sqlite'))).toBe(false);
    expect(dry.err).toEqual([expect.stringMatching(/^1 keys under xivo\/private\/ are neither .*settings\/language$/)]);
    expect((await run(['--consul', consul.http])).code).toBe(2);
    expect((await run(['--db-uri', dbUri(), '--timeout', 'soon'])).err[0]).toMatch(/--timeout soon: a number/);
  });

  it('says why when Consul refuses the token, or is not there', async () => {
    const refused = await run(['--db-uri', dbUri(), '--consul', consul.http]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`GET ${consul.http}/v1/kv/xivo/private/ answered 403`);
    const nobody = await run(['--db-uri', dbUri(), '--consul', 'http://127.0.0.1:9', '--timeout', '5']);
    expect(nobody.code).toBe(1);
    expect(nobody.err.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('imports over HTTPS with the CA given, keeping ids; run again, it adds nothing', async () => {
    const args = ['--db-uri', dbUri(), '--consul', consul.https, '--consul-ca', consul.caFile];
    const first = await run([...args, '--consul-token-file', path.join(dir, 'token')]);
    expect(first.code, first.err.join('\n')).toBe(0);
    expect(first.out).toEqual(['users: 2', 'personal contacts: 3 added, 0 already there', 'favorites: 2 set']);
    const again = await run([...args, '--consul-token-file', path.join(dir, 'token')]);
    expect(again.out).toEqual(['users: 2', 'personal contacts: 0 added, 3 already there', 'favorites: 2 set']);
    // The token reaches no output.
    expect(JSON.stringify([first, again])).not.toContain(CONSUL_TOKEN);
  });

  it('leaves the daemon serving each user their contacts, with their ids, and their favorites', async () => {
    daemon = await startUserDataDaemon({ dbUri: dbUri() });
    const mine = await call(daemon, 'alice', 'GET', '/0.1/personal');
    expect(mine.status).toBe(200);
    expect(
      mine.body.items.map((c: Record<string, string>) => [c.id, c.firstname, c.lastname ?? null, c['company name']]),
    ).toEqual(
      expect.arrayContaining([
        [C1, 'Céline', 'Dupont', undefined],
        [C2, 'Zoé', null, 'Acme & Co'],
      ]),
    );
    expect(mine.body.items).toHaveLength(2);
    expect((await call(daemon, 'bob', 'GET', '/0.1/personal')).body.items.map((c: { id: string }) => c.id)).toEqual([
      C3,
    ]);
    // Found by lookups, flagged as favorites, listed as favorites with the phone book's contact.
    expect(await lookup(daemon, 'alice', 'celine')).toEqual([['Céline Dupont', '+33 1 23 45 67 89', true, true]]);
    const favorites = await call(daemon, 'alice', 'GET', '/0.1/directories/favorites/default');
    expect(favorites.body.results.map((r: { column_values: unknown[] }) => r.column_values[0]).sort()).toEqual([
      'Alan Turing',
      'Céline Dupont',
    ]);
  });

  it('runs as the dird-import-consul command', async () => {
    const require = createRequire(import.meta.url);
    const bin = path.join(
      path.dirname(require.resolve('@dird/service-user-store/package.json')),
      'src',
      'import-consul-bin.ts',
    );
    const child = spawn(process.execPath, [
      '--import',
      require.resolve('tsx'),
      '--conditions=@dird/source',
      bin,
      '--help',
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: dird-import-consul --db-uri URI/);
  });
});

describe('dird-import-consul into MariaDB', () => {
  it('imports the same way, once, and the daemon on that database serves it', async () => {
    const server = await startMariadb();
    let onMariadb: TestDaemon | undefined;
    try {
      const dbUri = await createUserStoreDatabase(server, 'dird_import');
      const args = ['--db-uri', dbUri, '--consul', consul.http, '--consul-token-file', path.join(dir, 'token')];
      const first = await run(args);
      expect(first.code, first.err.join('\n')).toBe(0);
      expect(first.out).toEqual(['users: 2', 'personal contacts: 3 added, 0 already there', 'favorites: 2 set']);
      expect((await run(args)).out[1]).toBe('personal contacts: 0 added, 3 already there');
      // Nothing twice: the password of db_uri reaches no output either.
      expect(await server.sql('SELECT COUNT(*) FROM dird_personal_contact', 'dird_import')).toEqual([['3']]);
      expect(JSON.stringify(first)).not.toContain(new URL(dbUri).password);
      onMariadb = await startUserDataDaemon({ dbUri });
      expect(await lookup(onMariadb, 'alice', 'zoe')).toEqual([['Zoé', null, false, true]]);
      expect((await call(onMariadb, 'alice', 'GET', '/0.1/personal')).body.items).toHaveLength(2);
    } finally {
      await onMariadb?.stop();
      await server.stop();
    }
  });
});
