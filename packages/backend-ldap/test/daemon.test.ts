import { blackHole, column, csv, freePort, loadPluginThroughRegistry } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import type { Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LdapConfigSchema } from '../src/config.js';
import { QUEBEC, startCompanySlapd } from './fixtures.js';

let slapd: Slapd;
let hole: Awaited<ReturnType<typeof blackHole>>;
let daemon: TestDaemon;
const TIMEOUT_S = 1;

const LOCAL_CSV = csv(
  ['id', 'firstname', 'lastname', 'number'],
  [
    ['1', 'Charles', 'Charlé', '1001'],
    ['2', 'Alice', 'Local', '1002'],
  ],
);

beforeAll(async () => {
  slapd = await startCompanySlapd();
  hole = await blackHole();
  const ldap = (block: Record<string, unknown>) => ({
    type: 'ldap',
    ldap_base_dn: QUEBEC,
    searched_columns: ['cn', 'telephoneNumber'],
    unique_column: 'entryUUID',
    format_columns: { name: '{givenName} {sn}', phone: '{telephoneNumber}' },
    ...block,
  });
  const config = lookupConfig({
    backends: ['csv', 'ldap'],
    timeout: TIMEOUT_S,
    profileSources: ['quebec', 'local'],
    columns: [column('Name', 'name', 'name'), column('Number', 'phone', 'number')],
    sources: {
      quebec: ldap({ ldap_uri: slapd.uri, ldap_custom_filter: '(l=Québec)' }),
      hanging: ldap({ ldap_uri: `ldap://127.0.0.1:${hole.port}` }),
      down: ldap({ ldap_uri: `ldap://127.0.0.1:${await freePort()}` }),
      wrong: ldap({ ldap_uri: slapd.uri, ldap_username: slapd.rootDn, ldap_password: 'not the password' }),
      local: {
        type: 'csv',
        file: 'local.csv',
        unique_column: 'id',
        searched_columns: ['firstname', 'lastname'],
        format_columns: { name: '{firstname} {lastname}', phone: '{number}' },
      },
    },
  }) as { services: { lookup: Record<string, unknown> }; views: { profile_to_display: Record<string, string> } };
  config.services.lookup.degraded = { sources: ['hanging', 'down', 'wrong', 'local'], timeout: TIMEOUT_S };
  config.views.profile_to_display.degraded = 'display';
  daemon = await startTestDaemon({ config, files: { 'local.csv': LOCAL_CSV } });
});

afterAll(async () => {
  await daemon?.stop();
  await hole?.close();
  await slapd?.stop();
});

async function lookup(profile: string, term: string) {
  const started = performance.now();
  const res = await daemon.get(`/0.1/directories/lookup/${profile}?term=${encodeURIComponent(term)}`);
  expect(res.status).toBe(200);
  const rows = (
    res.body.results as { column_values: string[]; source: string; relations: Record<string, unknown> }[]
  ).map((r) => ({
    source: r.source,
    name: r.column_values[0],
    phone: r.column_values[1],
    id: r.relations.source_entry_id,
  }));
  return { rows, ms: performance.now() - started };
}

const bySource = (rows: { source: string; name: string }[], source: string) =>
  rows
    .filter((r) => r.source === source)
    .map((r) => r.name)
    .sort();

describe('lookup through the daemon (behaviour reference §5.3)', () => {
  it('searches the LDAP source, within its custom filter and base DN, beside the CSV source', async () => {
    const { rows } = await lookup('default', 'charlé');
    expect(bySource(rows, 'quebec')).toEqual(['François Charlé']);
    expect(bySource(rows, 'local')).toEqual(['Charles Charlé']);
    const francois = rows.find((r) => r.source === 'quebec')!;
    expect(francois.phone).toBe('+1 514 555 0003');
    expect(francois.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('matches numbers too, and everything under the custom filter for an empty term', async () => {
    expect(bySource((await lookup('default', '5555')).rows, 'quebec')).toEqual(['Jacques Côté']);
    expect(bySource((await lookup('default', '')).rows, 'quebec')).toEqual(['François Charlé', 'Jacques Côté']);
  });

  it('finds nothing in LDAP for a term made of filter syntax', async () => {
    for (const term of ['*)(uid=*', '*', ')(|(l=*)']) {
      expect(bySource((await lookup('default', term)).rows, 'quebec')).toEqual([]);
    }
  });
});

describe('LDAP sources that fail', () => {
  it('answer with the other sources when hanging, refusing or rejecting the bind, within the timeout', async () => {
    const { rows, ms } = await lookup('degraded', 'alice');
    expect(rows.map((r) => `${r.source}:${r.name}`)).toEqual(['local:Alice Local']);
    expect(ms).toBeLessThan(TIMEOUT_S * 1000 + 1000);
    const warnings = daemon.logs.filter((l) => l.source && String(l.msg).startsWith('cannot use LDAP server'));
    const why = Object.fromEntries(warnings.map((l) => [l.source, String(l.msg)]));
    expect(why.hanging).toContain('no answer to the bind in time (ldap_network_timeout: 300 ms)');
    expect(why.down).toContain('ECONNREFUSED');
    expect(why.wrong).toContain('bind failed: invalidCredentials');
  });

  it('answer at the profile timeout when the server stops answering searches, and recover', async () => {
    expect(bySource((await lookup('default', 'charlé')).rows, 'quebec')).toEqual(['François Charlé']);
    await slapd.freeze();
    try {
      const { rows, ms } = await lookup('default', 'charlé');
      expect(rows.map((r) => r.source)).toEqual(['local']);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 50);
      expect(ms).toBeLessThan(TIMEOUT_S * 1000 + 1000);
    } finally {
      slapd.thaw();
    }
    await daemon.waitForLog((l) => String(l.msg).includes('source quebec (ldap) dropped: timed out'));
    expect(bySource((await lookup('default', 'charlé')).rows, 'quebec')).toEqual(['François Charlé']);
  });

  it('reconnect by themselves when slapd restarts', async () => {
    await slapd.restart();
    expect(bySource((await lookup('default', 'charlé')).rows, 'quebec')).toEqual(['François Charlé']);
  });
});

describe('packaging', () => {
  it('is found by the registry from its package.json, as backend "ldap"', async () => {
    const { cls } = await loadPluginThroughRegistry<{ configSchema: unknown; name: string }>('backend', 'ldap');
    expect(cls.name).toBe('LdapSourcePlugin');
    expect(cls.configSchema).toBe(LdapConfigSchema);
  });
});
