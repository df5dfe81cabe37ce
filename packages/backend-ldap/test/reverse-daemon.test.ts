import { blackHole, csv } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import type { Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, QUEBEC, startCompanySlapd } from './fixtures.js';

let slapd: Slapd;
let hole: Awaited<ReturnType<typeof blackHole>>;
let daemon: TestDaemon;

beforeAll(async () => {
  slapd = await startCompanySlapd();
  hole = await blackHole();
  const ldap = (base: string, block: Record<string, unknown> = {}) => ({
    type: 'ldap',
    ldap_uri: slapd.uri,
    ldap_base_dn: base,
    unique_column: 'uid',
    searched_columns: ['cn'],
    first_matched_columns: ['telephoneNumber', 'mobile'],
    format_columns: { reverse: '{givenName} {sn}' },
    ...block,
  });
  const config = lookupConfig({
    backends: ['csv', 'ldap'],
    sources: {
      people: ldap(PEOPLE),
      quebec: ldap(QUEBEC),
      // Its own timeouts are far beyond the profile's: only the reverse service's deadline can cut it.
      hanging: ldap(PEOPLE, { ldap_uri: `ldap://127.0.0.1:${hole.port}`, ldap_network_timeout: 30, ldap_timeout: 30 }),
      wrong: ldap(PEOPLE, { ldap_username: slapd.rootDn, ldap_password: 'not the password' }),
      local: {
        type: 'csv',
        file: 'local.csv',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
        format_columns: { reverse: '{firstname} {lastname}' },
      },
    },
    profileSources: ['local'],
  });
  config.enabled_plugins = { backends: ['csv', 'ldap'], services: ['lookup', 'reverse'], views: ['default_json'] };
  config.services = {
    reverse: {
      default: { sources: ['hanging', 'wrong', 'people', 'quebec', 'local'], timeout: 1, country_code: '33' },
      csv_first: { sources: ['local', 'people'], timeout: 1 },
    },
  };
  daemon = await startTestDaemon({
    config,
    files: { 'local.csv': csv(['firstname', 'lastname', 'number'], [['Local', 'Alice', '1111']]) },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await hole?.close();
  await slapd?.stop();
});

const reverse = async (profile: string, exten: string) =>
  (await daemon.get(`/0.1/directories/reverse/${profile}/u1?exten=${encodeURIComponent(exten)}`)).body;

describe('ldap sources in reverse lookups through the daemon', () => {
  it('answers by the deadline past a hanging and a rejecting source, with the first in profile order that matched', async () => {
    const started = Date.now();
    expect(await reverse('default', '1111')).toMatchObject({
      display: 'Alice Wonderland',
      source: 'people',
      backend: 'ldap',
    });
    // The hanging server costs the profile timeout (1 s) at most; the margin only absorbs a slow machine.
    expect(Date.now() - started).toBeLessThan(4000);
    await daemon.waitForLog((l) =>
      /source hanging \(ldap\) counted as no match: timed out after 1000 ms/.test(String(l.msg)),
    );
    expect((await reverse('csv_first', '1111')).source).toBe('local');
  });

  it('matches the second first-matched column, and national forms with country_code', async () => {
    expect(await reverse('default', '+33611111111')).toMatchObject({ display: 'Alice Wonderland' });
    expect(await reverse('default', '06 11 11 11 11')).toMatchObject({ display: 'Alice Wonderland' });
    expect((await reverse('default', '+15145550103')).fields).toMatchObject({
      givenName: 'François',
      reverse: 'François Charlé',
    });
  });

  it('lets the server ignore spaces in stored numbers (telephoneNumber matching)', async () => {
    expect(await reverse('default', '+15145550003')).toMatchObject({ display: 'François Charlé', source: 'quebec' });
  });

  it('answers nulls for no match, and for filter syntax in the number', async () => {
    for (const exten of ['9999', '*)(uid=*', '1111)(|(uid=*']) {
      expect(await reverse('default', exten)).toEqual({
        display: null,
        exten,
        fields: {},
        source: null,
        backend: null,
      });
    }
  });

  it('stops on SIGTERM while a connection to the hanging server is still being attempted', async () => {
    // The hanging source's network timeout is 30 s: its first attempt, made at load, is still waiting.
    // Unloading the source must stop it, rather than leave the process running on its socket and timer.
    expect(await daemon.stop()).toBe(0);
    expect(daemon.logs.map((l) => String(l.msg))).not.toContainEqual(expect.stringMatching(/still running/));
  });
});
