import { readFile } from 'node:fs/promises';
import { column, csv } from '@dird/core/testkit';
import { lookupConfig, lookupResults, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONEBOOK_PATH, startWebiPhonebook, WEBI_PASSWORD, WEBI_USER, type WebiPhonebook } from '@dird/test-servers';

let webi: WebiPhonebook;
let daemon: TestDaemon;
const TIMEOUT_S = 1;
const TOKEN = 'phonebook-test-token-0b7d2e';
const AUTH = { 'X-Auth-Token': TOKEN };

beforeAll(async () => {
  webi = await startWebiPhonebook();
  // As xivo-confgen wrote a XiVO 15.x phonebook source, with the numbers a reverse lookup compares.
  const phonebook = (url: string, block: Record<string, unknown> = {}) => ({
    type: 'phonebook',
    phonebook_url: url,
    searched_columns: ['phonebook.firstname', 'phonebook.lastname'],
    first_matched_columns: ['phonebooknumber.office.number', 'phonebooknumber.mobile.number'],
    format_columns: {
      name: '{phonebook.firstname} {phonebook.lastname}',
      number: '{phonebooknumber.office.number}',
      mobile: '{phonebooknumber.mobile.number}',
      company: '{phonebook.society}',
      nickname: '{phonebook.nickname}',
      reverse: '{phonebook.displayname}',
    },
    ...block,
  });
  const config = lookupConfig({
    backends: ['csv', 'phonebook'],
    timeout: TIMEOUT_S,
    columns: [
      column('Name', 'name', 'name'),
      column('Number', 'number', 'number'),
      column('Mobile', 'mobile', 'callable'),
      column('Company', 'company'),
      // A path a template reads, but no column of the result.
      column('Raw', 'phonebook.firstname'),
    ],
    profileSources: ['xivo_phonebook', 'secure', 'local'],
    sources: {
      xivo_phonebook: phonebook(`${webi.http}${PHONEBOOK_PATH}`),
      // HTTPS with the CA named relative to the config file, and HTTP Basic credentials.
      secure: phonebook(`${webi.https}/secured${PHONEBOOK_PATH}`, {
        verify_certificate: 'ca.pem',
        phonebook_username: WEBI_USER,
        phonebook_password: WEBI_PASSWORD,
      }),
      // Its own timeout is far beyond the profile's: only the lookup's deadline can cut it.
      hanging: phonebook(`${webi.http}/hang${PHONEBOOK_PATH}`, { phonebook_timeout: 60 }),
      broken: phonebook(`${webi.http}/broken${PHONEBOOK_PATH}`),
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
  config.enabled_plugins.services = ['lookup', 'reverse'];
  Object.assign(config, {
    auth: { tokens: [{ token: TOKEN, user_uuid: 'a11ce000-0000-4000-8000-000000000001', acls: ['dird.#'] }] },
  });
  config.services.lookup.degraded = { sources: ['hanging', 'broken', 'local'], timeout: TIMEOUT_S };
  config.services.reverse = {
    default: { sources: ['hanging', 'broken', 'xivo_phonebook', 'local'], timeout: TIMEOUT_S, country_code: '33' },
  };
  config.views.profile_to_display.degraded = 'display';
  daemon = await startTestDaemon({
    config,
    files: {
      'local.csv': csv(['firstname', 'lastname', 'number'], [['Alice', 'Local', '1111']]),
      'ca.pem': await readFile(webi.caFile, 'utf8'),
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await webi?.close();
});

const lookup = (profile: string, term: string) => lookupResults(daemon, profile, term, AUTH);

const searches = (prefix = '') =>
  webi.requests.filter((r) => r.url.pathname === `${prefix}${PHONEBOOK_PATH}`).map((r) => r.url.searchParams);

describe('phonebook sources through the daemon (behaviour reference §5.5)', () => {
  it('answer lookups with the contacts the web interface finds, holding their format columns only', async () => {
    expect(daemon.logs.filter((l) => /unknown key|not installed/.test(String(l.msg)))).toEqual([]);
    const results = await lookup('default', 'ali');
    expect(results.map((r) => [r.source, ...r.column_values])).toEqual([
      ['xivo_phonebook', 'Alice Alan', '0478000001', '0611111111', 'Avencall', null],
      ['secure', 'Alice Alan', '0478000001', '0611111111', 'Avencall', null],
      ['local', 'Alice Local', '1111', null, null, null],
    ]);
    // No unique id; and the raw `phonebook.firstname` that the name is made of is not a field of the result.
    expect(results[0]).toMatchObject({ backend: 'phonebook', relations: { source_entry_id: null } });
    // The web interface does the matching: a contact found by her company is a result; none found is a 204.
    expect((await lookup('default', 'acme')).map((r) => [r.source, r.column_values[0], r.column_values[1]])).toEqual([
      ['xivo_phonebook', 'Bob Barker', null],
      ['secure', 'Bob Barker', null],
    ]);
    expect(await lookup('default', 'nobody')).toEqual([]);
  });

  it('ask as xivo-dird asked: act=search, the term encoded, HTTP Basic when both credentials are given', async () => {
    await lookup('default', 'a&act=list#x');
    expect([...searches().at(-1)!]).toEqual([
      ['act', 'search'],
      ['search', 'a&act=list#x'],
    ]);
    const secured = webi.requests.filter((r) => r.url.pathname === `/secured${PHONEBOOK_PATH}`).at(-1)!;
    expect(secured.headers.authorization).toBe(
      `Basic ${Buffer.from(`${WEBI_USER}:${WEBI_PASSWORD}`).toString('base64')}`,
    );
    expect(searches().every((q) => q.get('act') === 'search')).toBe(true);
    expect(webi.requests.filter((r) => r.url.pathname === PHONEBOOK_PATH).every((r) => !r.headers.authorization)).toBe(
      true,
    );
    // The password reaches neither the logs nor /0.1/config.
    expect(JSON.stringify(daemon.logs)).not.toContain(WEBI_PASSWORD);
    const config = await daemon.get('/0.1/config', AUTH);
    expect(JSON.stringify(config.body)).not.toContain(WEBI_PASSWORD);
  });

  it('warn once about a path the contacts lack, never about a number a contact has not', async () => {
    await lookup('default', 'bob');
    await lookup('default', 'hél');
    const warnings = daemon.logs.map((l) => String(l.msg)).filter((m) => m.includes('have no "'));
    // Once per source: xivo_phonebook and secure.
    expect(warnings).toEqual([
      expect.stringContaining('the phonebook\'s contacts have no "phonebook.nickname"'),
      expect.stringContaining('the phonebook\'s contacts have no "phonebook.nickname"'),
    ]);
  });

  it('answer reverse lookups with the first contact where a first matched path is the number', async () => {
    const reverse = async (exten: string) =>
      (await daemon.get(`/0.1/directories/reverse/default/u1?exten=${encodeURIComponent(exten)}`, AUTH)).body;
    expect(await reverse('0611111111')).toMatchObject({
      display: 'Alice Alan',
      source: 'xivo_phonebook',
      backend: 'phonebook',
    });
    expect(await reverse('0478000002')).toMatchObject({ display: 'Hélène Müller', source: 'xivo_phonebook' });
    // A caller shown in international form: the phonebook is searched for each spelling, the national one finds her.
    expect(await reverse('+33 4 78 00 00 02')).toMatchObject({ display: 'Hélène Müller', source: 'xivo_phonebook' });
    expect(
      searches()
        .slice(-4)
        .map((q) => q.get('search')),
    ).toEqual(expect.arrayContaining(['+33 4 78 00 00 02', '+33478000002', '0033478000002', '0478000002']));
    // The web interface finds 047800000 in every office number: only the exact number is a match.
    expect(await reverse('047800000')).toMatchObject({ display: null, source: null });
  });

  it('leave out a failing and a hanging web interface: the lookup answers with the other source by its deadline', async () => {
    const started = performance.now();
    expect((await lookup('degraded', 'ali')).map((r) => r.source)).toEqual(['local']);
    // The hanging server costs the profile timeout (1 s) at most; the margin only absorbs a slow machine.
    expect(performance.now() - started).toBeLessThan(TIMEOUT_S * 1000 + 3000);
    await daemon.waitForLog((l) => /source hanging \(phonebook\) dropped: timed out after 1000 ms/.test(String(l.msg)));
    await daemon.waitForLog((l) => String(l.msg).includes(`GET ${webi.http}/broken${PHONEBOOK_PATH} answered 500`));
  });
});
