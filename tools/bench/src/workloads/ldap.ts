import type { Bench } from '../bench.js';
import { benchContacts } from '../data/directory.js';
import { workset } from '../data/workset.js';
import type { LdapDirectConfig } from '../direct/ldapjs-client.js';
import { compareWithDirect, installed, LONG_TIMEOUT_S, testServerHelper } from './backend-comparison.js';
import { dirdConfig } from './configs.js';

/** 10,000 entries, as the issue asks; seeded apart from the CSV directories. */
const ENTRIES = { count: 10_000, seed: 3 };

/** One entry as `@dird/test-servers` loads it. */
interface LdifEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
}

/** What the benchmark needs of `startSlapd` (tools/test-servers/src/slapd.ts). */
type StartSlapd = (options: { entries?: Iterable<LdifEntry> }) => Promise<{
  readonly uri: string;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  stop(): Promise<void>;
}>;

/** The bench contacts as inetOrgPerson entries (the attributes of test-servers' `personEntries`). */
function* personEntries(base: string): Generator<LdifEntry> {
  for (const c of benchContacts(ENTRIES.count, ENTRIES.seed)) {
    yield {
      dn: `uid=p${c.id},${base}`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: `p${c.id}`,
        cn: `${c.firstname} ${c.lastname}`,
        givenName: c.firstname,
        sn: c.lastname,
        telephoneNumber: c.phone,
        ...(c.mobile ? { mobile: c.mobile } : {}),
        mail: c.email,
        o: c.company,
        ou: c.department,
        l: c.city,
      },
    };
  }
}

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
 * (same filter, same attributes, one bound connection each). Needs `startSlapd` in @dird/test-servers and
 * the `@dird/backend-ldap` package; skipped without them.
 */
export async function ldapWorkloads(bench: Bench): Promise<void> {
  const startSlapd = await testServerHelper<StartSlapd>('startSlapd');
  if (!startSlapd || !installed('@dird/backend-ldap')) {
    bench.skipped.push({ group: 'ldap', why: 'not in this tree (needs startSlapd and @dird/backend-ldap)' });
    process.stdout.write('  skipped: not in this tree\n');
    return;
  }
  const slapd = await startSlapd({ entries: personEntries('dc=example,dc=com') });
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
