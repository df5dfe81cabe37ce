import { createHash } from 'node:crypto';
import { column } from '@dird/core/testkit';
import { startWazoAuth } from '@dird/test-servers';
import { lookupConfig, runDaemon, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV, TEST_PLUGINS } from './helpers.js';

// Authentication through the real daemon, with the test verifier `test_tokens` (apps/dird/test/plugins): the
// ACL of every route, 401 and 503 in the common shape before any validation, the identity reaching the
// sources, tokens kept out of logs, and the secure-by-default start rules. The wazo-auth and static verifiers
// are tested in their own packages.

const SECRET = 'tok-3f9a1c6e-secret';
const LIMITED = 'tok-limited-to-default';
const USER = 'c3b6a6e2-0000-4000-8000-000000000001';

const baseConfig = (auth?: Record<string, unknown>) => {
  const config = lookupConfig({
    backends: ['csv', 'store_backed'],
    sources: {
      my_csv: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] },
      memo: { type: 'store_backed' },
    },
    profileSources: ['memo', 'my_csv'],
    columns: [column('Name', 'name'), column('Firstname', 'firstname'), column('Asked by', 'asked_by')],
    extra: { plugin_paths: [TEST_PLUGINS], ...(auth ? { auth } : {}) },
  });
  Object.assign(config.enabled_plugins as object, {
    services: ['lookup', 'reverse', 'memo_store'],
    views: ['default_json', 'headers_view', 'host_probe'],
  });
  Object.assign(config.services as object, {
    memo_store: { entries: ['Alina Memo'] },
    reverse: { default: { sources: ['memo'] } },
    lookup: { default: { sources: ['memo', 'my_csv'] }, other: { sources: ['my_csv'] } },
  });
  (config.views as { profile_to_display: Record<string, string> }).profile_to_display.other = 'display';
  return config;
};

const tokens = {
  [SECRET]: { user: USER, acls: ['dird.#'] },
  [LIMITED]: { user: 'limited-user', acls: ['dird.directories.lookup.default.read'] },
};

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({
    files: { 'contacts.csv': CONTACTS_CSV },
    config: { ...baseConfig({ type: 'test_tokens', tokens }), log_level: 'debug' },
  });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
  // Never a token in a log line, debug included.
  expect(JSON.stringify(daemon.logs)).not.toContain(SECRET);
  expect(JSON.stringify(daemon.logs)).not.toContain(LIMITED);
});

const get = async (path: string, token?: string) => {
  const res = await fetch(daemon.url + path, { headers: token ? { 'X-Auth-Token': token } : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: JSON.parse(text) };
};

const asked = () =>
  daemon.logs.filter((l) => String(l.msg).startsWith('asked for ')).map((l) => String(l.msg).slice(10));

describe('a route that requires an ACL', () => {
  it('answers 401 in the common shape without a token, with a garbage one, or with one lacking the ACL', async () => {
    for (const token of [undefined, 'garbage', LIMITED]) {
      const { status, type, body } = await get('/0.1/directories/lookup/other?term=ali', token);
      expect(status, String(token)).toBe(401);
      expect(type).toBe('application/json; charset=utf-8');
      expect(body).toMatchObject({ reason: ['Unauthorized'], status_code: 401 });
      expect(body.timestamp).toEqual([expect.any(Number)]);
    }
  });

  it('checks the token before the arguments: no token and no term is 401, a valid token and no term 400', async () => {
    expect((await get('/0.1/directories/lookup/default')).status).toBe(401);
    expect((await get('/0.1/directories/lookup/default', SECRET)).status).toBe(400);
  });

  it('serves a token granting the ACL, for that profile only', async () => {
    expect((await get('/0.1/directories/lookup/default?term=ali', LIMITED)).status).toBe(200);
    expect((await get('/0.1/directories/lookup/other?term=ali', LIMITED)).status).toBe(401);
    expect((await get('/0.1/directories/lookup/default/headers', LIMITED)).status).toBe(401);
    expect((await get('/0.1/directories/lookup/default/headers', SECRET)).status).toBe(200);
  });

  it('asks the verifier for the exact ACL of each route, path values with . replaced by _', async () => {
    await get('/0.1/directories/lookup/default?term=x', SECRET);
    await get('/0.1/directories/lookup/default/headers', SECRET);
    await get(`/0.1/directories/reverse/default/${USER}?exten=1`, SECRET);
    await get('/0.1/directories/reverse/my.profile/a.b.c?exten=1', SECRET);
    await get('/0.1/test/secret/x.y', SECRET);
    // Log lines reach the test through the daemon's stdout: wait for the last one.
    await daemon.waitForLog((l) => l.msg === 'asked for dird.test.secret.x_y');
    expect(asked().slice(-5)).toEqual([
      'dird.directories.lookup.default.read',
      'dird.directories.lookup.default.headers.read',
      `dird.directories.reverse.default.${USER}.read`,
      'dird.directories.reverse.my_profile.a_b_c.read',
      'dird.test.secret.x_y',
    ]);
  });

  it("hands the token's user to the sources", async () => {
    const { body } = await get('/0.1/directories/lookup/default?term=Memo', SECRET);
    expect(body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
      ['Alina Memo', null, USER],
    ]);
  });

  it('answers 401 in the common shape even on a view that answers its own errors otherwise', async () => {
    const { status, body } = await get('/0.1/test/secret/x');
    expect(status).toBe(401);
    expect(body).toMatchObject({ reason: ['Unauthorized'], status_code: 401 });
  });

  it('leaves public routes open: the API description', async () => {
    const res = await fetch(`${daemon.url}/0.1/api/api.yml`);
    expect(res.status).toBe(200);
    await res.text();
  });
});

describe('a verifier that cannot tell', () => {
  it('answers 503 Authentication server unreachable, in the common shape', async () => {
    const down = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: baseConfig({ type: 'test_tokens', tokens, down: true }),
    });
    try {
      const res = await fetch(`${down.url}/0.1/directories/lookup/default?term=ali`, {
        headers: { 'X-Auth-Token': SECRET },
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ reason: ['Authentication server unreachable'], status_code: 503 });
      expect(JSON.stringify(down.logs)).not.toContain(SECRET);
    } finally {
      expect(await down.stop()).toBe(0);
    }
  });
});

describe('secure by default', () => {
  it('refuses to listen beyond this machine without an auth section, naming rest_api.listen and auth', async () => {
    const config = baseConfig();
    const run = await runDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: { ...config, rest_api: { listen: '0.0.0.0', port: 0 } },
    });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /config\.yml: rest_api\.listen and auth: the API would listen on 0\.0\.0\.0, beyond this machine, with no authentication/,
    );
  });

  it('serves without tokens on loopback when no auth section is given, and says so once at start', async () => {
    const open = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config: baseConfig() });
    try {
      expect((await open.get('/0.1/directories/lookup/default?term=ali')).status).toBe(200);
      const warnings = open.logs.filter((l) => /no authentication \(no auth section\)/.test(String(l.msg)));
      expect(warnings).toHaveLength(1);
    } finally {
      expect(await open.stop()).toBe(0);
    }
  });

  it('serves open beyond this machine only with auth.enabled: false, warning about it', async () => {
    const config = baseConfig({ enabled: false, host: 'auth.example.com' });
    const open = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: { ...config, rest_api: { listen: '0.0.0.0', port: 0 } },
    });
    try {
      expect(open.logs.map((l) => String(l.msg))).toContainEqual(
        expect.stringMatching(
          /auth\.enabled is false: the directory is served without tokens to anyone who can reach 0\.0\.0\.0/,
        ),
      );
      const res = await fetch(open.url.replace('0.0.0.0', '127.0.0.1') + '/0.1/directories/lookup/default?term=ali');
      expect(res.status).toBe(200);
      await res.text();
    } finally {
      expect(await open.stop()).toBe(0);
    }
  });

  it('refuses to start when the verifier the config names is not installed, naming auth.type', async () => {
    const run = await runDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: baseConfig({ type: 'kerberos' }),
    });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toMatch(/config\.yml: auth: token verifier "kerberos": auth "kerberos" is not installed/);
  });

  it('refuses an auth section that does not say how tokens are checked', async () => {
    const run = await runDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config: baseConfig({ port: 9497 }) });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(/config\.yml: auth: say how tokens are checked: auth\.host/);
  });
});

describe('the bundled verifiers through the daemon', () => {
  it('wazo: checks each request against a wazo-auth server (a real HTTP server standing in for it)', async () => {
    const auth = await startWazoAuth({
      tokens: {
        [SECRET]: { auth_id: 'auth-id-1', xivo_user_uuid: USER, acl: ['dird.directories.lookup.default.read'] },
      },
    });
    const wazo = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: { ...baseConfig({ ...auth.authConfig(), cache_ttl: 0 }), log_level: 'debug' },
    });
    try {
      const ok = await fetch(`${wazo.url}/0.1/directories/lookup/default?term=Memo`, {
        headers: { 'X-Auth-Token': SECRET },
      });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { results: { column_values: unknown[] }[] };
      expect(body.results[0].column_values).toEqual(['Alina Memo', null, USER]);
      const other = await fetch(`${wazo.url}/0.1/directories/lookup/other?term=x`, {
        headers: { 'X-Auth-Token': SECRET },
      });
      expect(other.status).toBe(401);
      await other.text();
      expect(auth.requests.filter((r) => r.method === 'HEAD').map((r) => r.scope)).toEqual([
        'dird.directories.lookup.default.read',
        'dird.directories.lookup.other.read',
      ]);
      await auth.stop();
      const down = await fetch(`${wazo.url}/0.1/directories/lookup/default?term=x`, {
        headers: { 'X-Auth-Token': SECRET },
      });
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ reason: ['Authentication server unreachable'] });
      expect(JSON.stringify(wazo.logs)).not.toContain(SECRET);
    } finally {
      expect(await wazo.stop()).toBe(0);
      await auth.close();
    }
  });

  it('static: tokens listed in the config by their SHA-256, with ACL patterns', async () => {
    const sha256 = createHash('sha256').update(SECRET).digest('hex');
    const config = baseConfig({
      tokens: [{ token_sha256: sha256, user_uuid: USER, acls: ['dird.directories.*.default.read'] }],
    });
    const local = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
    try {
      const asUser = (path: string) => fetch(local.url + path, { headers: { 'X-Auth-Token': SECRET } });
      const ok = await asUser('/0.1/directories/lookup/default?term=Memo');
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { results: { column_values: unknown[] }[] }).results[0].column_values).toEqual([
        'Alina Memo',
        null,
        USER,
      ]);
      const headers = await asUser('/0.1/directories/lookup/default/headers');
      expect(headers.status).toBe(401);
      await headers.text();
    } finally {
      expect(await local.stop()).toBe(0);
    }
  });

  it('static: a mistake in a token entry stops the start naming the file and the key', async () => {
    const run = await runDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: baseConfig({ tokens: [{ token_sha256: 'not-a-hash', user_uuid: USER, acls: [] }] }),
    });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(/config\.yml: auth\.tokens\.0\.token_sha256/);
  });
});
