import type { Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LdapSourcePlugin } from '../src/ldap-source-plugin.js';
import { call, GUIDS, loadSource, memoryLogger, PEOPLE, QUEBEC, startCompanySlapd, SUFFIX } from './fixtures.js';

let slapd: Slapd;
const sources: LdapSourcePlugin[] = [];

async function source(block: Record<string, unknown>, logger = memoryLogger()): Promise<LdapSourcePlugin> {
  const s = await loadSource({ ldap_uri: slapd.uri, ldap_base_dn: SUFFIX, ...block }, logger);
  sources.push(s);
  return s;
}

const names = async (results: Promise<{ fields: Record<string, unknown> }[]>) =>
  (await results).map((r) => r.fields.cn ?? r.fields.name).sort();

beforeAll(async () => {
  slapd = await startCompanySlapd();
});

afterAll(async () => {
  for (const s of sources) s.unload();
  await slapd?.stop();
});

describe('search against OpenLDAP', () => {
  it('finds non-ASCII terms in non-ASCII data (ç, é), with the server matching case', async () => {
    const dir = await source({ searched_columns: ['cn'] });
    expect(await names(dir.search('ç', call()))).toEqual(['François Charlé']);
    expect(await names(dir.search('CHARLÉ', call()))).toEqual(['Bob Charlé', 'François Charlé']);
    expect(await names(dir.search('é', call()))).toEqual([
      'Bob Charlé',
      'François Charlé',
      'Jacques Côté',
      'Éloïse Tremblay',
    ]);
  });

  it('ORs the searched columns', async () => {
    const dir = await source({ searched_columns: ['cn', 'l'] });
    expect(await names(dir.search('québec', call()))).toEqual(['François Charlé', 'Jacques Côté']);
  });

  it('ANDs the custom filter, non-ASCII values included, with the generated filter', async () => {
    const dir = await source({ searched_columns: ['cn', 'telephoneNumber'], ldap_custom_filter: '(l=Québec)' });
    expect(await names(dir.search('charlé', call()))).toEqual(['François Charlé']);
    const custom = await source({ ldap_custom_filter: '(&(l=Montréal)(|(cn=*%Q*)(sn=%Q*)))' });
    expect(await names(custom.search('ï', call()))).toEqual(['Éloïse Tremblay']);
    expect(await names(custom.search('Trem', call()))).toEqual(['Éloïse Tremblay']);
  });

  it('loads a custom filter written over several lines (a YAML block), blanks after "(" included', async () => {
    const block = '(&\n  (objectClass=inetOrgPerson)\n\t(l=Québec)\r\n  ( |\n    (cn=*%Q*)\n    (sn=%Q*)\n  )\n)\n';
    const multiLine = await source({ ldap_custom_filter: block });
    expect(await names(multiLine.search('charlé', call()))).toEqual(['François Charlé']);
    const spaced = await source({ searched_columns: ['cn'], ldap_custom_filter: '( &(l=Montréal))' });
    expect(await names(spaced.search('', call()))).toEqual(['Éloïse Tremblay']);
  });

  it('searches under a non-ASCII base DN', async () => {
    const dir = await source({ ldap_base_dn: QUEBEC, searched_columns: ['cn'] });
    expect(await names(dir.search('', call()))).toEqual(['François Charlé', 'Jacques Côté', 'Éloïse Tremblay']);
  });

  it('matches every entry having the column for an empty term', async () => {
    const dir = await source({ ldap_base_dn: PEOPLE, searched_columns: ['cn'] });
    expect(await names(dir.search('', call()))).toEqual(['Alice Wonderland', 'Bob Charlé', 'Weird (star) *name*']);
  });

  it('treats filter syntax in the term as text: it matches only entries holding that text', async () => {
    const dir = await source({ searched_columns: ['cn'], ldap_custom_filter: '(|(sn=%Q)(l=%Q))' });
    expect(await names(dir.search('*)(uid=*', call()))).toEqual([]);
    expect(await names(dir.search('x)(|(objectClass=*', call()))).toEqual([]);
    const plain = await source({ searched_columns: ['cn'] });
    expect(await names(plain.search('*', call()))).toEqual(['Weird (star) *name*']);
    expect(await names(plain.search('(star)', call()))).toEqual(['Weird (star) *name*']);
    expect(await names(plain.search('\\2a', call()))).toEqual([]);
  });

  it('honours the limit hint and ldap_size_limit', async () => {
    const dir = await source({ searched_columns: ['cn'] });
    expect(await dir.search('', call({ limit: 2 }))).toHaveLength(2);
    const capped = await source({ searched_columns: ['cn'], ldap_size_limit: 3 });
    expect(await capped.search('', call())).toHaveLength(3);
    expect(await capped.search('', call({ limit: 10 }))).toHaveLength(3);
  });

  it('fetches only what the templates and the unique column need, keyed with the config spelling', async () => {
    const dir = await source({
      searched_columns: ['cn'],
      unique_column: 'entryuuid',
      format_columns: { name: '{givenname} {sn}', phone: '{telephoneNumber}' },
    });
    const [result] = await dir.search('françois', call());
    expect(Object.keys(result.fields).sort()).toEqual([
      'entryuuid',
      'givenname',
      'name',
      'phone',
      'sn',
      'telephoneNumber',
    ]);
    expect(result.fields).toMatchObject({ name: 'François Charlé', phone: '+1 514 555 0003' });
    expect(result.relations.source_entry_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keys the unique column by unique_column's spelling when a template spells it otherwise", async () => {
    const dir = await source({
      searched_columns: ['cn'],
      unique_column: 'entryUUID',
      format_columns: { name: '{cn}', id: '{entryuuid}' },
    });
    const [result] = await dir.search('françois', call());
    expect(result.relations.source_entry_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.fields.entryUUID).toBe(result.relations.source_entry_id);
    expect(result.fields.id).toBe(result.relations.source_entry_id);
    expect(await names(dir.list([result.relations.source_entry_id!], call()))).toEqual(['François Charlé']);
  });

  it('skips empty names in searched_columns and first_matched_columns, as the csv and mysql backends do', async () => {
    const dir = await source({ searched_columns: ['', 'cn'], first_matched_columns: ['telephoneNumber', ''] });
    expect(await names(dir.search('alice', call()))).toEqual(['Alice Wonderland']);
    expect((await dir.firstMatch('2222', call()))?.fields.cn).toBe('Bob Charlé');
    const custom = await source({
      searched_columns: [''],
      first_matched_columns: [''],
      ldap_custom_filter: '(l=Lyon)',
    });
    expect(await names(custom.search('', call()))).toEqual(['Bob Charlé']);
    expect(await custom.firstMatch('2222', call())).toBeNull();
  });

  it('returns every user attribute (first value) when there are no templates', async () => {
    const dir = await source({ searched_columns: ['cn'], unique_column: 'entryUUID' });
    const [result] = await dir.search('alice', call());
    expect(result.fields).toMatchObject({ cn: 'Alice Wonderland', telephoneNumber: '1111', l: 'Paris', uid: 'alice' });
    expect(result.fields.objectClass).toBe('top');
    expect(result.relations.source_entry_id).toBe(result.fields.entryUUID);
  });

  it('sees entries added to the directory at the next search (nothing is cached)', async () => {
    const dir = await source({ searched_columns: ['cn'] });
    expect(await names(dir.search('zoé', call()))).toEqual([]);
    await slapd.add([
      {
        dn: `uid=zoe,${SUFFIX}`,
        attributes: { objectClass: ['inetOrgPerson'], uid: 'zoe', cn: 'Zoé Nouvelle', sn: 'Nouvelle' },
      },
    ]);
    expect(await names(dir.search('zoé', call()))).toEqual(['Zoé Nouvelle']);
  });

  it('runs many searches at once on one connection', async () => {
    const logger = memoryLogger();
    const dir = await source({ searched_columns: ['cn'] }, logger);
    const terms = Array.from({ length: 40 }, (_, i) => ['ç', 'alice', 'côté', 'wonder'][i % 4]);
    const found = await Promise.all(terms.map((t) => dir.search(t, call())));
    expect(found.map((r) => r.length)).toEqual(terms.map(() => 1));
    expect(logger.entries.filter((e) => e.msg.startsWith('connected to'))).toHaveLength(1);
  });
});

describe('errors from the server', () => {
  it('fails a search with the result name, e.g. a base DN that does not exist', async () => {
    const dir = await source({ ldap_base_dn: `ou=nowhere,${SUFFIX}`, searched_columns: ['cn'] });
    await expect(dir.search('a', call())).rejects.toThrow('search failed: noSuchObject');
  });
});

describe('firstMatch', () => {
  it('returns the entry whose first-matched column equals one of the spellings, by the server rules', async () => {
    const dir = await source({ first_matched_columns: ['telephoneNumber', 'mobile'], searched_columns: ['cn'] });
    expect((await dir.firstMatch('4444', call()))?.fields.cn).toBe('Éloïse Tremblay');
    // telephoneNumberMatch ignores spaces: "+1 514 555 0003" equals "+15145550003".
    expect(
      (await dir.firstMatch('0015145550003', call({ candidates: ['0015145550003', '+15145550003'] })))?.fields.cn,
    ).toBe('François Charlé');
    expect(await dir.firstMatch('44', call())).toBeNull();
  });

  it('matches an exten with filter syntax only literally', async () => {
    const dir = await source({ first_matched_columns: ['sn', 'telephoneNumber'], searched_columns: ['cn'] });
    expect((await dir.firstMatch('(star) *name*', call()))?.fields.cn).toBe('Weird (star) *name*');
    expect(await dir.firstMatch('*', call())).toBeNull();
    expect(await dir.firstMatch('1*', call())).toBeNull();
    expect(await dir.firstMatch('*)(uid=*', call())).toBeNull();
  });

  it('stays within the custom filter', async () => {
    const dir = await source({
      first_matched_columns: ['telephoneNumber'],
      searched_columns: ['cn'],
      ldap_custom_filter: '(l=Québec)',
    });
    expect(await dir.firstMatch('4444', call())).toBeNull();
    expect((await dir.firstMatch('5555', call()))?.fields.cn).toBe('Jacques Côté');
  });
});

describe('list (favorites)', () => {
  it('finds entries back by their string unique id, and nothing for an injection attempt', async () => {
    const dir = await source({ searched_columns: ['cn'], unique_column: 'entryUUID' });
    const ids = (await dir.search('charlé', call())).map((r) => r.relations.source_entry_id!);
    expect(ids).toHaveLength(2);
    expect(await names(dir.list(ids, call()))).toEqual(['Bob Charlé', 'François Charlé']);
    expect(await dir.list(['*)(uid=*'], call())).toEqual([]);
    expect(await dir.list(['*'], call())).toEqual([]);
    expect(await dir.list([], call())).toEqual([]);
  });

  it('shows a binary objectGUID as UUID text and finds it back from that text', async () => {
    const dir = await source({
      ldap_base_dn: QUEBEC,
      searched_columns: ['cn'],
      unique_column: 'objectGUID',
      unique_column_format: 'binary_uuid',
      format_columns: { name: '{cn}' },
    });
    const [francois] = await dir.search('françois', call());
    expect(francois.relations.source_entry_id).toBe(GUIDS.francois);
    expect(francois.fields.objectGUID).toBe(GUIDS.francois);
    expect(await names(dir.list([GUIDS.jacques, GUIDS.eloise.toUpperCase()], call()))).toEqual([
      'Jacques Côté',
      'Éloïse Tremblay',
    ]);
    expect(await dir.list(['not-a-uuid', '*'], call())).toEqual([]);
  });
});
