import { generateContacts } from '@dird/datagen';
import { organizationalUnit, personEntries, startSlapd, type Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapSourcePlugin } from '../src/ldap-source-plugin.js';
import { call, loadSource, memoryLogger, PEOPLE, SUFFIX } from './fixtures.js';

const COUNT = 10_000;
let slapd: Slapd;
const sources: LdapSourcePlugin[] = [];

async function source(block: Record<string, unknown>, logger = memoryLogger()): Promise<LdapSourcePlugin> {
  const s = await loadSource(
    // Generous ldap_timeout: these tests are about sizes, on a machine that may be busy with other suites.
    {
      ldap_uri: slapd.uri,
      ldap_base_dn: SUFFIX,
      searched_columns: ['cn'],
      unique_column: 'entryUUID',
      ldap_timeout: 10,
      ...block,
    },
    logger,
  );
  sources.push(s);
  return s;
}

beforeAll(async () => {
  // Like Active Directory's MaxPageSize: plain searches stop at 100 entries, paged ones may read everything.
  slapd = await startSlapd({
    suffix: SUFFIX,
    entries: [organizationalUnit('people', SUFFIX), ...personEntries(COUNT, PEOPLE)],
    sizeLimit: 'size.soft=100 size.hard=100 size.prtotal=unlimited',
  });
});

afterAll(async () => {
  for (const s of sources) s.unload();
  await slapd?.stop();
});

describe(`a directory of ${COUNT} entries behind a server size limit of 100`, () => {
  it('returns what the server allows without paging, and says how to get the rest', async () => {
    const logger = memoryLogger();
    const dir = await source({}, logger);
    expect(await dir.search('', call())).toHaveLength(100);
    expect(logger.text()).toContain("the server's size limit cut a search at 100 entries; set ldap_page_size");
  });

  it('reads all of it with ldap_page_size, non-ASCII values intact', async () => {
    const dir = await source({ ldap_page_size: 500 });
    const all = await dir.search('', call());
    expect(all).toHaveLength(COUNT);
    expect(new Set(all.map((r) => r.relations.source_entry_id)).size).toBe(COUNT);
    const expected = [...generateContacts(COUNT, 1)].filter((c) => `${c.firstname} ${c.lastname}`.includes('é')).length;
    expect(all.filter((r) => String(r.fields.cn).includes('é')).length).toBe(expected);
  });

  it('stops paging once it has what the caller asked for', async () => {
    const logger = memoryLogger();
    const dir = await source({ ldap_page_size: 50 }, logger);
    expect(await dir.search('', call({ limit: 120 }))).toHaveLength(120);
    expect(await dir.search('e', call({ limit: 7 }))).toHaveLength(7);
    expect(logger.text()).not.toContain('size limit cut');
  });

  it('keeps more searches in flight than slapd lets an anonymous client queue, without losing one', async () => {
    // slapd closes an anonymous connection with more than 100 requests pending (conn_max_pending): searches
    // that scan the whole directory pile up on the server unless the source holds some back.
    const dir = await source({});
    const outcomes = await Promise.allSettled(Array.from({ length: 150 }, (_, i) => dir.search(`zz${i}`, call())));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  });

  it('serves concurrent paged searches (OpenLDAP keeps one paged search per connection)', async () => {
    const dir = await source({ ldap_page_size: 50 });
    const found = await Promise.all(['a', 'e', 'i', 'o', 'u'].map((t) => dir.search(t, call({ limit: 300 }))));
    expect(found.map((r) => r.length)).toEqual([300, 300, 300, 300, 300]);
  });

  it('finds one number exactly, and lists favorites by id, among all entries', async () => {
    const contacts = [...generateContacts(COUNT, 1)];
    const target = contacts[COUNT - 1];
    const dir = await source({ first_matched_columns: ['telephoneNumber'] });
    const match = await dir.firstMatch(target.phone, call());
    expect(match?.fields.uid).toBe(`p${target.id}`);
    const paged = await source({ ldap_page_size: 1000 });
    const ids = (await paged.search('', call())).slice(-50).map((r) => r.relations.source_entry_id!);
    expect((await dir.list(ids, call())).map((r) => r.relations.source_entry_id).sort()).toEqual([...ids].sort());
  });
});
