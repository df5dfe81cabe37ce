import { contactEntries, startSlapd } from '@dird/test-servers';
import type { Bench } from '../bench.js';
import { benchContacts } from '../data/directory.js';
import { workset } from '../data/workset.js';
import type { LdapDirectConfig } from '../direct/ldapjs-client.js';
import { compareWithDirect, LONG_TIMEOUT_S } from './backend-comparison.js';
import { dirdConfig } from './configs.js';

/** 10,000 entries, as the issue asks; seeded apart from the CSV directories. */
const ENTRIES = { count: 10_000, seed: 3 };

const SEARCHED = ['givenName', 'sn', 'o'];
const FORMAT = {
  name: '{givenName} {sn}',
  company: '{o}',
  phone: '{telephoneNumber}',
  mobile: '{mobile}',
  email: '{mail}',
  reverse: '{givenName} {sn}',
};

/**
 * LDAP: 10,000 entries in a real slapd, searched through dird's ldap backend and straight with ldapjs
 * (same filter, same attributes, one bound connection each).
 */
export async function ldapWorkloads(bench: Bench): Promise<void> {
  const slapd = await startSlapd({
    entries: contactEntries(benchContacts(ENTRIES.count, ENTRIES.seed), 'dc=example,dc=com'),
  });
  try {
    const set = await workset([ENTRIES]);
    const source = {
      type: 'ldap',
      ldap_uri: slapd.uri,
      ldap_base_dn: slapd.suffix,
      ldap_username: slapd.rootDn,
      ldap_password: slapd.rootPassword,
      ldap_timeout: LONG_TIMEOUT_S,
      unique_column: 'uid',
      searched_columns: SEARCHED,
      first_matched_columns: ['telephoneNumber', 'mobile'],
      format_columns: FORMAT,
    };
    const direct: LdapDirectConfig = {
      url: slapd.uri,
      bindDn: slapd.rootDn,
      password: slapd.rootPassword,
      baseDn: slapd.suffix,
      searchedAttributes: SEARCHED,
      fetchedAttributes: ['givenName', 'sn', 'o', 'telephoneNumber', 'mobile', 'mail', 'uid'],
    };
    await compareWithDirect(bench, {
      group: 'ldap',
      data: '10,000 entries in slapd',
      library: 'ldapjs',
      dirdConfig: dirdConfig({
        backends: ['ldap'],
        sources: { people: source },
        lookup: { default: { sources: ['people'], timeout: LONG_TIMEOUT_S } },
      }),
      terms: set.terms.map((t) => t.term),
      directModule: 'ldapjs-client.ts',
      directConfig: direct,
    });
  } finally {
    await slapd.stop();
  }
}
