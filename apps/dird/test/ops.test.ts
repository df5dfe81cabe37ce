import { column, freePort } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

// The host's operations routes through the real daemon: /0.1/status (a healthy CSV source, an LDAP source on a
// closed port, a file that cannot be read, a backend not installed, a MySQL user store that is down),
// /metrics (Prometheus text: counters that move with lookups, routes labelled by pattern), /0.1/config (every
// secret redacted), each refused without the ACL when auth is on; and secrets never in the logs.

const ADMIN = 'tok-ops-admin-8c1f2e';
const LOOKUP_ONLY = 'tok-ops-lookup-only-77aa';
const LDAP_SECRET = 'ldap-pw-4bd1e0';
const DB_SECRET = 'db-pw-91f3c2';
const USER = 'c3b6a6e2-0000-4000-8000-0000000000aa';
const REDACTED = '********';

const tokens = [
  {
    token: ADMIN,
    user_uuid: USER,
    acls: ['dird.status.read', 'dird.config.read', 'dird.metrics.read', 'dird.directories.lookup.#'],
  },
  { token: LOOKUP_ONLY, user_uuid: 'u-2', acls: ['dird.directories.lookup.default.read'] },
];

/** A config of the healthy CSV source, plus `sources` and `extra`. */
function config(sources: Record<string, Record<string, unknown>>, extra: Record<string, unknown>) {
  const c = lookupConfig({
    backends: ['csv', 'ldap', 'nosuch'],
    sources: { my_csv: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] }, ...sources },
    profileSources: ['my_csv', ...Object.keys(sources).filter((s) => s === 'down_ldap')],
    columns: [column('Firstname', 'firstname'), column('Number', 'number', 'number')],
    timeout: 3,
    extra,
  });
  return c;
}

let troubled: TestDaemon;
let healthy: TestDaemon;

beforeAll(async () => {
  const [ldapPort, dbPort] = [await freePort(), await freePort()];
  const troubledConfig = config(
    {
      down_ldap: {
        type: 'ldap',
        ldap_uri: `ldap://127.0.0.1:${ldapPort}`,
        ldap_base_dn: 'dc=example,dc=com',
        ldap_username: 'cn=admin,dc=example,dc=com',
        ldap_password: LDAP_SECRET,
        searched_columns: ['cn'],
      },
      unreadable_csv: { type: 'csv', file: 'missing.csv', searched_columns: ['firstname'] },
      gone: { type: 'nosuch' },
    },
    {
      auth: { type: 'static', tokens },
      db_uri: `mysql://dird:${DB_SECRET}@127.0.0.1:${dbPort}/dird`,
      log_level: 'debug',
    },
  );
  (troubledConfig.enabled_plugins as { services: string[] }).services = ['lookup', 'user_store'];
  const healthyConfig = config(
    {},
    { auth: { type: 'static', tokens }, metrics: { public: true }, db_uri: 'sqlite:///store.sqlite' },
  );
  (healthyConfig.enabled_plugins as { services: string[] }).services = ['lookup', 'user_store'];
  // A migrated xivo-dird config may enable a plugin dird does not provide: expected, so the daemon is still ok.
  (healthyConfig.enabled_plugins as { backends: string[] }).backends = ['csv', 'sample'];
  [troubled, healthy] = await Promise.all([
    startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config: troubledConfig }),
    startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config: healthyConfig }),
  ]);
});

afterAll(async () => {
  const logs = JSON.stringify([...(troubled?.logs ?? []), ...(healthy?.logs ?? [])]);
  expect(await troubled?.stop()).toBe(0);
  expect(await healthy?.stop()).toBe(0);
  for (const secret of [ADMIN, LOOKUP_ONLY, LDAP_SECRET, DB_SECRET]) expect(logs).not.toContain(secret);
});

const as = (token: string) => ({ 'X-Auth-Token': token });

/** The samples of a Prometheus text answer, by `name{labels}` as written. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The value of the sample of `name` whose labels include every one of `labels`. */
function sample(all: Map<string, number>, name: string, labels: Record<string, string>): number | undefined {
  for (const [key, value] of all) {
    if (!key.startsWith(`${name}{`) && key !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) return value;
  }
  return undefined;
}

async function scrape(daemon: TestDaemon, headers = as(ADMIN)): Promise<Map<string, number>> {
  const res = await daemon.get('/metrics', headers);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return samples(res.body as string);
}

describe('access: each route needs its ACL when auth is on', () => {
  const routes = [
    ['/0.1/status', 'dird.status.read'],
    ['/0.1/config', 'dird.config.read'],
    ['/metrics', 'dird.metrics.read'],
  ];
  for (const [route, acl] of routes) {
    it(`${route}: 401 without a token, with a garbage one, or one lacking ${acl}; 200 with it`, async () => {
      for (const headers of [undefined, as('garbage'), as(LOOKUP_ONLY)]) {
        const res = await troubled.get(route, headers);
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.body).toMatchObject({ reason: ['Unauthorized'], status_code: 401 });
      }
      expect((await troubled.get(route, as(ADMIN))).status).toBe(200);
    });
  }

  it('with metrics.public, /metrics answers without a token while status and config still need theirs', async () => {
    expect((await healthy.get('/metrics')).status).toBe(200);
    expect((await healthy.get('/0.1/status')).status).toBe(401);
    expect((await healthy.get('/0.1/config')).status).toBe(401);
  });
});

describe('GET /0.1/status', () => {
  it('a daemon whose every part works is ok (a xivo-dird plugin dird does not provide left aside)', async () => {
    await healthy.get('/0.1/directories/lookup/default?term=ali', as(ADMIN));
    const { status, body } = await healthy.get('/0.1/status', as(ADMIN));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      rest_api: { status: 'ok' },
      sources: { my_csv: { backend: 'csv', state: 'loaded', status: 'ok' } },
      plugins: {
        backends: { csv: { state: 'loaded' }, sample: { state: 'not_installed' } },
        services: { lookup: { state: 'loaded' } },
        views: { default_json: { state: 'loaded' } },
      },
      auth: { type: 'static', state: 'loaded', status: 'ok' },
    });
    expect(body.version).toEqual(expect.any(String));
    expect(Date.parse(body.started_at)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(body.sources.my_csv.last_success)).toBeGreaterThanOrEqual(Date.parse(body.started_at));
    expect(body.sources.my_csv.last_failure).toBeUndefined();
    expect(body.user_store).toMatchObject({ state: 'loaded', status: 'ok' });
    expect(body.user_store.target).toMatch(/^sqlite .*store\.sqlite$/);
    expect(body.user_store.last_failure).toBeUndefined();
  });

  it('names each part that fails, and why: a source whose server is down, a file, a plugin, the store', async () => {
    const before = Date.now();
    const lookup = await troubled.get('/0.1/directories/lookup/default?term=ali', as(ADMIN));
    // The lookup still answers from the CSV source.
    expect(lookup.status).toBe(200);
    expect(lookup.body.results.length).toBeGreaterThan(0);
    const { status, body } = await troubled.get('/0.1/status', as(ADMIN));
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.sources.my_csv).toMatchObject({ backend: 'csv', state: 'loaded', status: 'ok' });
    expect(body.sources.down_ldap).toMatchObject({ backend: 'ldap', state: 'loaded', status: 'failing' });
    const failure = body.sources.down_ldap.last_failure;
    expect(Date.parse(failure.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(failure.reason).toMatch(/search (failed|timed out)/);
    expect(body.sources.unreadable_csv).toMatchObject({ state: 'loaded', status: 'failing' });
    expect(body.sources.unreadable_csv.last_failure.reason).toContain('missing.csv');
    expect(body.sources.gone).toMatchObject({ backend: 'nosuch', state: 'skipped' });
    expect(body.plugins.backends.nosuch).toMatchObject({
      state: 'not_installed',
      code: 'DIRD_ERR_PLUGIN_NOT_INSTALLED',
    });
    expect(body.user_store).toMatchObject({ state: 'loaded', status: 'failing' });
    expect(body.user_store.target).toContain('127.0.0.1');
    expect(body.user_store.last_failure.reason).toEqual(expect.any(String));
    expect(body.auth).toMatchObject({ type: 'static', state: 'loaded', status: 'ok' });
    expect(JSON.stringify(body)).not.toContain(DB_SECRET);
    expect(JSON.stringify(body)).not.toContain(LDAP_SECRET);
  });
});

describe('GET /metrics', () => {
  it('counts source calls by outcome and requests by route pattern and status, as lookups happen', async () => {
    const before = await scrape(troubled);
    const lookups = 3;
    for (let i = 0; i < lookups; i++) {
      expect((await troubled.get(`/0.1/directories/lookup/default?term=ali${i}`, as(ADMIN))).status).toBe(200);
    }
    const after = await scrape(troubled);
    const moved = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(moved('dird_source_calls_total', { source: 'my_csv', call: 'search', outcome: 'answered' })).toBe(lookups);
    expect(
      moved('dird_source_calls_total', { source: 'down_ldap', call: 'search', outcome: 'failed' }) +
        moved('dird_source_calls_total', { source: 'down_ldap', call: 'search', outcome: 'timed_out' }),
    ).toBe(lookups);
    expect(moved('dird_source_call_duration_seconds_count', { source: 'my_csv', call: 'search' })).toBe(lookups);
    const route = { method: 'GET', route: '/0.1/directories/lookup/:profile' };
    expect(moved('dird_http_requests_total', { ...route, status: '200' })).toBe(lookups);
    expect(moved('dird_http_request_duration_seconds_count', route)).toBe(lookups);
    expect(sample(after, 'dird_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(
      sample(after, 'dird_http_request_duration_seconds_count', route),
    );
    // The scrape before was counted too, under its own route.
    expect(sample(after, 'dird_http_requests_total', { route: '/metrics', status: '200' })).toBeGreaterThan(0);
    // The route label is the pattern: nothing a client typed.
    expect([...after.keys()].join('\n')).not.toMatch(/ali\d|term=/);
  });

  it('labels an unknown URL `unmatched`, and a refused request by its status', async () => {
    const before = await scrape(troubled);
    await troubled.get('/no/such/place/12345', as(ADMIN));
    await troubled.get('/0.1/status');
    const after = await scrape(troubled);
    const moved = (labels: Record<string, string>) =>
      (sample(after, 'dird_http_requests_total', labels) ?? 0) -
      (sample(before, 'dird_http_requests_total', labels) ?? 0);
    expect(moved({ route: 'unmatched', status: '404' })).toBe(1);
    expect(moved({ route: '/0.1/status', status: '401' })).toBe(1);
    expect([...after.keys()].join('\n')).not.toContain('12345');
  });

  it("reports each CSV source's rows and failed reads, the build, and Node's process metrics", async () => {
    const all = await scrape(troubled);
    expect(sample(all, 'dird_source_rows', { source: 'my_csv', backend: 'csv' })).toBe(4);
    expect(sample(all, 'dird_source_reload_failures_total', { source: 'unreadable_csv' })).toBe(1);
    expect(sample(all, 'dird_build_info', {})).toBe(1);
    expect(sample(all, 'process_cpu_seconds_total', {})).toBeGreaterThan(0);
    expect(sample(all, 'nodejs_heap_size_used_bytes', {})).toBeGreaterThan(0);
  });
});

describe('GET /0.1/config', () => {
  it('answers the merged config with every secret redacted', async () => {
    const { status, body } = await troubled.get('/0.1/config', as(ADMIN));
    expect(status).toBe(200);
    expect(body.sources.down_ldap).toMatchObject({
      ldap_password: REDACTED,
      ldap_username: 'cn=admin,dc=example,dc=com',
      ldap_uri: expect.stringMatching(/^ldap:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(body.db_uri).toMatch(new RegExp(`^mysql://dird:\\*{8}@127\\.0\\.0\\.1:\\d+/dird$`));
    expect(body.auth.tokens[0]).toEqual({ ...tokens[0], token: REDACTED });
    expect(body.services.lookup.default.sources).toEqual(['my_csv', 'down_ldap']);
    // Defaults applied by the daemon are shown too.
    expect(body.rest_api.listen).toBe('127.0.0.1');
    expect(body.metrics).toEqual({ public: false });
    const text = JSON.stringify(body);
    for (const secret of [ADMIN, LOOKUP_ONLY, LDAP_SECRET, DB_SECRET]) expect(text).not.toContain(secret);
  });
});
