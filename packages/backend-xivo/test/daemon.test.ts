import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { column, csv } from '@dird/core/testkit';
import { lookupConfig, lookupResults, startTestDaemon, type LookupResult, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFD_TOKEN, startConfd, XIVO_UUID, type ConfdServer } from '@dird/test-servers';

let confd: ConfdServer;
let storeDir: string;
let daemon: TestDaemon;
const TIMEOUT_S = 1;
const TOKEN = 'xivo-test-token-3c9e1b';
const AUTH = { 'X-Auth-Token': TOKEN };

beforeAll(async () => {
  confd = await startConfd();
  storeDir = await mkdtemp(path.join(os.tmpdir(), 'dird-xivo-store-'));
  // XiVO's shipped sources.d/xivo_users.yml, with the names and numbers the display shows.
  const xivo = (confdConfig: Record<string, unknown>, block: Record<string, unknown> = {}) => ({
    type: 'xivo',
    unique_column: 'id',
    searched_columns: ['firstname', 'lastname'],
    first_matched_columns: ['number', 'mobile'],
    format_columns: {
      number: '{exten}',
      mobile: '{mobile_phone_number}',
      name: '{firstname} {lastname}',
      reverse: '{firstname} {lastname}',
    },
    confd_config: { https: false, host: '127.0.0.1', port: confd.httpPort, version: '1.1', timeout: 4, ...confdConfig },
    ...block,
  });
  const config = lookupConfig({
    backends: ['csv', 'xivo'],
    timeout: TIMEOUT_S,
    columns: [column('Name', 'name', 'name'), column('Number', 'number', 'number'), column('Fav', 'fav', 'favorite')],
    profileSources: ['xivo_users', 'secure', 'local'],
    sources: {
      xivo_users: xivo({}),
      // HTTPS with the CA named relative to the config file, a token, a path prefix and extra parameters.
      secure: xivo(
        { https: true, port: confd.httpsPort, prefix: '/secured', token: CONFD_TOKEN, verify_certificate: 'ca.pem' },
        { extra_search_params: { recurse: true, view: 'summary' } },
      ),
      // Its own timeout is far beyond the profile's: only the lookup's deadline can cut it.
      hanging: xivo({ prefix: '/hang', timeout: 60 }),
      broken: xivo({ prefix: '/broken' }),
      notjson: xivo({ prefix: '/notjson' }),
      local: {
        type: 'csv',
        file: 'local.csv',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
        format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
      },
    },
  }) as {
    enabled_plugins: Record<string, string[]>;
    services: Record<string, Record<string, unknown>>;
    views: { profile_to_display: Record<string, string> };
  };
  config.enabled_plugins.services = ['lookup', 'reverse', 'favorites'];
  config.services.favorites = { default: { sources: ['xivo_users', 'local'] } };
  Object.assign(config, {
    db_uri: `sqlite:///${path.join(storeDir, 'users.db')}`,
    auth: { tokens: [{ token: TOKEN, user_uuid: 'a11ce000-0000-4000-8000-000000000001', acls: ['dird.#'] }] },
  });
  config.services.lookup.degraded = { sources: ['hanging', 'broken', 'notjson', 'local'], timeout: TIMEOUT_S };
  config.services.reverse = {
    default: { sources: ['hanging', 'broken', 'xivo_users', 'local'], timeout: TIMEOUT_S, country_code: '33' },
  };
  config.views.profile_to_display.degraded = 'display';
  daemon = await startTestDaemon({
    config,
    files: {
      'local.csv': csv(['firstname', 'lastname', 'number'], [['Alice', 'Local', '1111']]),
      'ca.pem': await readFile(confd.caFile, 'utf8'),
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await confd?.close();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

const lookup = (profile: string, term: string) => lookupResults(daemon, profile, term, AUTH);

const names = (results: LookupResult[]) => results.map((r) => `${r.source}:${String(r.column_values[0])}`);
const usersAsked = (prefix = '') =>
  confd.requests.filter((r) => r.url.pathname === `${prefix}/1.1/users`).map((r) => r.url.searchParams);

describe('xivo sources through the daemon (behaviour reference §5.6)', () => {
  it("answer lookups with the XiVO's users, formatted, with their PBX links", async () => {
    expect(daemon.logs.filter((l) => /unknown key|not installed/.test(String(l.msg)))).toEqual([]);
    const results = await lookup('default', 'ali');
    expect(names(results)).toEqual(['xivo_users:Alice Alan', 'secure:Alice Alan', 'local:Alice Local']);
    expect(results[0]).toMatchObject({
      backend: 'xivo',
      column_values: ['Alice Alan', '1001', false],
      relations: {
        xivo_id: XIVO_UUID,
        user_id: 1,
        user_uuid: 'u-0001',
        agent_id: 21,
        endpoint_id: 11,
        source_entry_id: '1',
      },
    });
    // Accents are matched as typed by confd, then ignoring case and accents here.
    expect(names(await lookup('default', 'HÉL'))).toEqual(['xivo_users:Hélène Müller', 'secure:Hélène Müller']);
    // confd finds Alice by her extension, which is not a searched column: she is left out.
    expect(names(await lookup('default', '1001'))).toEqual([]);
    expect(usersAsked().at(-1)?.get('search')).toBe('1001');
  });

  it('say at start whether confd answers, without waiting for it', async () => {
    const base = `http://127.0.0.1:${confd.httpPort}`;
    await daemon.waitForLog((l) => String(l.msg) === `confd at ${base}/1.1/ answers: XiVO ${XIVO_UUID}`);
    await daemon.waitForLog((l) =>
      String(l.msg).startsWith(
        `confd at ${base}/notjson/1.1/ does not answer yet (GET ${base}/notjson/1.1/infos: the answer is not JSON`,
      ),
    );
  });

  it('ask confd the way it expects: the directory view, the term encoded, extra parameters and token sent', async () => {
    await lookup('default', 'a&search=b#c');
    const plain = usersAsked().at(-1)!;
    expect([...plain]).toEqual([
      ['view', 'directory'],
      ['search', 'a&search=b#c'],
    ]);
    const secured = confd.requests.filter((r) => r.url.pathname === '/secured/1.1/users').at(-1)!;
    // extra_search_params cannot replace the view dird asks for.
    expect([...secured.url.searchParams]).toEqual([
      ['recurse', 'true'],
      ['view', 'directory'],
      ['search', 'a&search=b#c'],
    ]);
    expect(secured.headers['x-auth-token']).toBe(CONFD_TOKEN);
    expect(confd.requests.filter((r) => r.url.pathname === '/1.1/users').every((r) => !r.headers['x-auth-token'])).toBe(
      true,
    );
    // The XiVO's uuid is asked once, and the token never reaches a log line.
    expect(confd.requests.filter((r) => r.url.pathname === '/1.1/infos')).toHaveLength(1);
    expect(JSON.stringify(daemon.logs)).not.toContain(CONFD_TOKEN);
  });

  it('hide the confd token from /0.1/config', async () => {
    const res = await daemon.get('/0.1/config', AUTH);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(CONFD_TOKEN);
    expect(res.body.sources.secure.confd_config.host).toBe('127.0.0.1');
  });

  it('leave out a failing, a hanging and a non-confd server: the lookup answers with the others by its deadline', async () => {
    const started = performance.now();
    expect(names(await lookup('degraded', 'ali'))).toEqual(['local:Alice Local']);
    // The hanging server costs the profile timeout (1 s) at most; the margin only absorbs a slow machine.
    expect(performance.now() - started).toBeLessThan(TIMEOUT_S * 1000 + 3000);
    await daemon.waitForLog((l) => /source hanging \(xivo\) dropped: timed out after 1000 ms/.test(String(l.msg)));
    await daemon.waitForLog((l) =>
      String(l.msg).includes(`GET http://127.0.0.1:${confd.httpPort}/broken/1.1/users answered 500`),
    );
    await daemon.waitForLog((l) => /notjson\/1\.1\/.*the answer is not JSON/.test(String(l.msg)));
    // And the operators see it.
    const status = await daemon.get('/0.1/status', AUTH);
    expect(status.body.sources.broken.status).toBe('failing');
    expect(JSON.stringify(status.body.sources.broken)).toContain('answered 500');
    expect(status.body.sources.xivo_users.status).toBe('ok');
  });

  it('answer reverse lookups with the user whose formatted number is one of the spellings of the one asked', async () => {
    const reverse = async (exten: string) =>
      (await daemon.get(`/0.1/directories/reverse/default/u1?exten=${encodeURIComponent(exten)}`, AUTH)).body;
    expect(await reverse('1002')).toMatchObject({ display: 'Hélène Müller', source: 'xivo_users', backend: 'xivo' });
    expect(await reverse('+33611111111')).toMatchObject({ display: 'Alice Alan', source: 'xivo_users' });
    // Stored as +33…, calling as 06…: confd is searched for each spelling of the number.
    expect(await reverse('06 11 11 11 11')).toMatchObject({ display: 'Alice Alan', source: 'xivo_users' });
    // confd finds 100 in 1001, 1002 and 1003: only the exact number is a match.
    expect(await reverse('100')).toMatchObject({ display: null, source: null });
  });

  it('list favorites by user id, and mark them in lookups', async () => {
    const put = await fetch(`${daemon.url}/0.1/directories/favorites/xivo_users/3`, { method: 'PUT', headers: AUTH });
    expect(put.status).toBe(204);
    const res = await daemon.get('/0.1/directories/favorites/default', AUTH);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: LookupResult) => [r.source, ...r.column_values])).toEqual([
      ['xivo_users', 'François Charlé', '1003', true],
    ]);
    // The whole list was read: no search parameter.
    expect(usersAsked().some((q) => !q.has('search'))).toBe(true);
    const found = await lookup('default', 'fran');
    expect(found.map((r) => [r.source, r.column_values[2]])).toEqual([
      ['xivo_users', true],
      ['secure', false],
    ]);
  });
});
