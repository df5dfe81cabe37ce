import { organizationalUnit, startSlapd, type LdifEntry, type Slapd } from '@dird/test-servers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapSourcePlugin } from '../src/ldap-source-plugin.js';
import { call, loadSource, SUFFIX } from './fixtures.js';

const BASE = `ou=odd,${SUFFIX}`;

/** Characters that mean something in a filter, with letters of both cases and non-ASCII ones (no blanks: LDAP folds them). */
const ALPHABET = ['a', 'B', 'c', 'é', 'É', '*', '(', ')', '\\', '%', 'Q', '_', '!', '1', '.', '&', '|', '=', '~', '😀'];
const text = (min: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength: min, maxLength: 6 }).map((p) => p.join(''));

/** The surnames in the directory: generated once, with a fixed seed, so that failures replay. */
const SURNAMES = [...new Set(fc.sample(text(1), { numRuns: 60, seed: 42 }))];

let slapd: Slapd;
const sources: LdapSourcePlugin[] = [];

const fold = (s: string) => s.toLowerCase();
const expected = (term: string) => SURNAMES.filter((sn) => fold(sn).includes(fold(term))).sort();
const found = async (source: LdapSourcePlugin, term: string) =>
  (await source.search(term, call())).map((r) => String(r.fields.sn)).sort();

beforeAll(async () => {
  const entries: LdifEntry[] = [
    organizationalUnit('odd', SUFFIX),
    ...SURNAMES.map((sn, i) => ({
      dn: `uid=p${i},${BASE}`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: `p${i}`,
        cn: `p${i}`,
        sn,
      },
    })),
  ];
  slapd = await startSlapd({ suffix: SUFFIX, entries });
});

afterAll(async () => {
  for (const s of sources) s.unload();
  await slapd?.stop();
});

async function source(block: Record<string, unknown>): Promise<LdapSourcePlugin> {
  const s = await loadSource({ ldap_uri: slapd.uri, ldap_base_dn: BASE, ...block });
  sources.push(s);
  return s;
}

describe('LDAP search terms match literally on a real slapd (property)', () => {
  it('finds exactly the entries whose searched column contains the term, whatever the term holds', async () => {
    const generated = await source({ searched_columns: ['sn'] });
    const custom = await source({ ldap_custom_filter: '(&(objectClass=person)(sn=*%Q*))' });
    // Terms drawn from the surnames themselves too, so that matches are frequent.
    const term = fc.oneof(
      text(0),
      fc.constantFrom(...SURNAMES),
      fc.constantFrom(...SURNAMES).map((s) => [...s].slice(1, 3).join('')),
    );
    await fc.assert(
      fc.asyncProperty(term, async (t) => {
        const want = expected(t);
        expect(await found(generated, t)).toEqual(want);
        expect(await found(custom, t)).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});
