import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { startWazoAuth, type WazoAuthMock } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONEBOOK, userDataConfig } from './daemons.js';

// Every route dird serves, with every bundled view enabled, checked against a real HTTP server standing in
// for wazo-auth: the scope each request asks is exactly the route's ACL of reference §7.1, the request's path
// values in it with `.` replaced by `_`. A token without that ACL is refused.

const TOKEN = 'e7c3d5f1-0000-4000-8000-00000000acl1';
const USER = 'u.1';

/** Method, path (with its query), and the ACL the route must ask for. */
const ROUTES: [string, string, string][] = [
  ['GET', '/0.1/directories/lookup/default?term=a', 'dird.directories.lookup.default.read'],
  ['GET', '/0.1/directories/lookup/default/headers', 'dird.directories.lookup.default.headers.read'],
  ['GET', `/0.1/directories/reverse/default/${USER}?exten=1`, 'dird.directories.reverse.default.u_1.read'],
  ['GET', '/0.1/directories/favorites/default', 'dird.directories.favorites.default.read'],
  ['PUT', '/0.1/directories/favorites/phone.book/1', 'dird.directories.favorites.phone_book.1.update'],
  ['DELETE', '/0.1/directories/favorites/phone.book/1', 'dird.directories.favorites.phone_book.1.delete'],
  ['GET', '/0.1/directories/personal/default', 'dird.directories.personal.default.read'],
  ['GET', '/0.1/personal', 'dird.personal.read'],
  ['POST', '/0.1/personal', 'dird.personal.create'],
  ['DELETE', '/0.1/personal', 'dird.personal.delete'],
  ['GET', '/0.1/personal/abc.d', 'dird.personal.abc_d.read'],
  ['PUT', '/0.1/personal/abc.d', 'dird.personal.abc_d.update'],
  ['DELETE', '/0.1/personal/abc.d', 'dird.personal.abc_d.delete'],
  ['POST', '/0.1/personal/import', 'dird.personal.import.create'],
  ['GET', `/0.1/directories/menu/default/${USER}/cisco`, 'dird.directories.menu.default.u_1.read'],
  ['GET', `/0.1/directories/input/default/${USER}/cisco`, 'dird.directories.input.default.u_1.read'],
  ['GET', `/0.1/directories/lookup/default/${USER}/cisco?term=a`, 'dird.directories.lookup.default.u_1.read'],
];

let auth: WazoAuthMock;
let daemon: TestDaemon;
let dir: string;

beforeAll(async () => {
  auth = await startWazoAuth({
    tokens: { [TOKEN]: { auth_id: 'a11ce000-0000-4000-8000-00000000000a', acl: ['dird.#'] } },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-acl-'));
  const config = userDataConfig({ dbUri: `sqlite:///${path.join(dir, 'dird.sqlite')}` }) as Record<string, any>;
  config.auth = { ...auth.authConfig(), cache_ttl: 0 };
  config.enabled_plugins.views.push('cisco_view');
  config.views.displays_phone = { phone: { name: ['name'], number: [{ field: ['number'] }] } };
  config.views.profile_to_display_phone = { default: 'phone' };
  daemon = await startTestDaemon({ config, files: { 'phonebook.csv': PHONEBOOK } });
});

afterAll(async () => {
  expect(await daemon?.stop()).toBe(0);
  await auth?.close();
  await rm(dir, { recursive: true, force: true });
});

const send = (method: string, url: string, token = TOKEN) =>
  fetch(daemon.url + url, {
    method,
    headers: {
      'X-Auth-Token': token,
      ...(method === 'POST' || method === 'PUT' ? { 'content-type': 'application/json' } : {}),
    },
    body: method === 'POST' || method === 'PUT' ? '{}' : undefined,
    signal: AbortSignal.timeout(10_000),
  });

describe('every route, checked against wazo-auth', () => {
  it('asks exactly its ACL of reference §7.1, path values with . replaced by _', async () => {
    for (const [method, url, acl] of ROUTES) {
      auth.clearRequests();
      const res = await send(method, url);
      await res.arrayBuffer();
      expect(res.status, `${method} ${url}`).not.toBe(401);
      const scopes = auth.requests.filter((r) => r.method === 'HEAD').map((r) => r.scope);
      expect(scopes, `${method} ${url}`).toEqual([acl]);
    }
  });

  it('refuses every route to a token without its ACL, in the common shape', async () => {
    auth.setToken('narrow-token', { auth_id: 'someone', acl: ['dird.directories.lookup.other.read'] });
    for (const [method, url] of ROUTES) {
      const res = await send(method, url, 'narrow-token');
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(await res.json()).toMatchObject({ reason: ['Unauthorized'], status_code: 401 });
    }
  });
});
