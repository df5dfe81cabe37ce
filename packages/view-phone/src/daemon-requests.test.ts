import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS, get, getDocument, phoneConfig, phonePath, USER } from './test-support/daemon.js';
import { child, childrenNamed, descendants, parseXml, textOf } from './test-support/xml-tree.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config: phoneConfig() });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

const LOOKUPS = ['cisco', 'aastra', 'polycom', 'snom', 'thomson', 'yealink', 'htek', 'gigaset'];
const INPUTS = ['cisco', 'aastra', 'polycom', 'snom'];
const typeOf = (vendor: string) => (vendor === 'polycom' ? 'text/html; charset=utf-8' : 'text/xml; charset=utf-8');

describe('URLs written into the documents', () => {
  it('replace only the first `menu` or `input`: a profile named menu or input keeps its name', async () => {
    const menu = await getDocument(daemon, phonePath('menu', 'cisco', '', 'menu'));
    expect(textOf(child(menu.root, 'MenuItem'), 'URL')).toBe(
      `${daemon.url}/0.1/directories/input/menu/${USER}/cisco?xivo_user_uuid=${USER}`,
    );
    const input = await getDocument(daemon, phonePath('input', 'cisco', '', 'input'));
    expect(textOf(input.root, 'URL')).toBe(
      `${daemon.url}/0.1/directories/lookup/input/${USER}/cisco?xivo_user_uuid=${USER}`,
    );
    const lookup = await getDocument(daemon, phonePath('lookup', 'cisco', '?term=&limit=20', 'menu'));
    const next = childrenNamed(lookup.root, 'SoftKeyItem').find((k) => textOf(k, 'Name') === 'NextPage');
    expect(textOf(next!, 'URL')).toBe(
      `${daemon.url}/0.1/directories/lookup/menu/${USER}/cisco?xivo_user_uuid=${USER}&term=&limit=20&offset=20`,
    );
  });

  it('start from the Proxy-URL header, as it is, when a proxy sets it', async () => {
    const proxy = { 'Proxy-URL': 'https://phones.example.com/dir?site=a&b=<1>' };
    const menu = await getDocument(daemon, phonePath('menu', 'cisco'), proxy);
    expect(textOf(child(menu.root, 'MenuItem'), 'URL')).toBe(`${proxy['Proxy-URL']}&xivo_user_uuid=${USER}`);
    const polycom = await getDocument(daemon, phonePath('input', 'polycom'), proxy, typeOf('polycom'));
    expect(descendants(polycom.root, 'form')[0].attributes.action).toBe(proxy['Proxy-URL']);
    const snom = await getDocument(daemon, phonePath('lookup', 'snom', '?term=&offset=16'), {
      'Proxy-URL': 'http://proxy/snom',
    });
    expect(textOf(child(snom.root, 'SoftKeyItem'), 'URL')).toBe(
      `http://proxy/snom?xivo_user_uuid=${USER}&term=&limit=16&offset=0`,
    );
  });

  it('carry a term holding &, < and spaces percent-encoded, so that the next page searches the same', async () => {
    const term = '& <so';
    const root = (await getDocument(daemon, phonePath('lookup', 'cisco', `?limit=1&term=${encodeURIComponent(term)}`)))
      .root;
    expect(textOf(child(root, 'DirectoryEntry'), 'Name')).toBe('Bob & <Sons>');
    const next = new URL(
      textOf(
        childrenNamed(root, 'SoftKeyItem').find((k) => textOf(k, 'Name') === 'NextPage')!,
        'URL',
      ),
    );
    expect(next.searchParams.get('term')).toBe(term);
    const second = (await getDocument(daemon, next.pathname + next.search)).root;
    expect(textOf(child(second, 'DirectoryEntry'), 'Name')).toBe('Bob & <Sons> (Mobile)');
  });
});

describe('escaping', () => {
  it.each(LOOKUPS)(
    '%s: a contact named `Bob & <Sons>` leaves a well-formed document holding that name',
    async (vendor) => {
      const query = vendor === 'gigaset' ? '?set_first=sons' : '?term=sons';
      const answer = await get(daemon, phonePath('lookup', vendor, query));
      expect(answer.status).toBe(200);
      expect(answer.type).toBe(typeOf(vendor));
      expect(answer.body).not.toContain('<Sons>');
      expect(parseXml(answer.body).root.text).toContain('Bob & <Sons> (Mobile)');
    },
  );
});

describe('Accept-Language', () => {
  it('translates the fixed strings into French, by q-value', async () => {
    const fr = { 'Accept-Language': 'de;q=0.9, fr-FR;q=0.8, en;q=0.1' };
    const menu = await getDocument(daemon, phonePath('menu', 'cisco'), fr);
    expect(textOf(child(menu.root, 'MenuItem'), 'Name')).toBe('Répertoire XiVO');
    const input = await getDocument(daemon, phonePath('input', 'cisco'), fr);
    expect([textOf(input.root, 'Title'), textOf(input.root, 'Prompt')]).toEqual(['Recherche XiVO', 'Nom ou numéro']);
    const page = await getDocument(daemon, phonePath('lookup', 'cisco', '?term=&offset=4'), fr);
    expect(childrenNamed(page.root, 'SoftKeyItem').map((k) => textOf(k, 'Name'))).toEqual([
      'Appeler',
      'PagePréc',
      'Quitter',
      'PageSuiv',
    ]);
    const aastra = await getDocument(daemon, phonePath('lookup', 'aastra', '?term=&offset=4'), fr);
    const prompts = childrenNamed(aastra.root, 'MenuItem').map((m) => textOf(m, 'Prompt'));
    expect([prompts[0], prompts.at(-1)]).toEqual(['Page Précédente', 'Page Suivante']);
    const polycom = await getDocument(daemon, phonePath('input', 'polycom'), fr, typeOf('polycom'));
    expect(descendants(polycom.root, 'input')[2].attributes.value).toBe('Rechercher');
    for (const vendor of ['cisco', 'snom', 'thomson', 'yealink', 'htek']) {
      const none = await getDocument(daemon, phonePath('lookup', vendor, '?term=nobody'), fr);
      expect(textOf(child(none.root, 'DirectoryEntry'), 'Name')).toBe('Aucune entrée');
    }
    const english = await getDocument(daemon, phonePath('lookup', 'yealink', '?term=nobody'), {
      'Accept-Language': 'fr;q=0, ja',
    });
    expect(textOf(child(english.root, 'DirectoryEntry'), 'Name')).toBe('No entries');
  });
});

describe('errors', () => {
  it.each([
    ['', 'term is missing'],
    ['?term=a&limit=-1', 'limit must be >= 0'],
    ['?term=a&limit=ten', 'limit must be integer'],
    ['?term=a&offset=-3', 'offset must be >= 0'],
    ['?term=a&offset=1.5', 'offset must be integer'],
  ])('lookup%s: 400 in the common error shape (%s)', async (query, reason) => {
    for (const vendor of LOOKUPS.filter((v) => v !== 'gigaset')) {
      const answer = await get(daemon, phonePath('lookup', vendor, query));
      expect(answer.status).toBe(400);
      expect(answer.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.body)).toMatchObject({ reason: [reason], status_code: 400 });
    }
  });

  it('gigaset: 400 for a bad count or first', async () => {
    for (const query of ['?count=-1', '?first=0', '?first=x']) {
      expect((await get(daemon, phonePath('lookup', 'gigaset', query))).status).toBe(400);
    }
  });

  it('404 with the dird error body for a phone profile that does not exist, on every route', async () => {
    const paths = [
      phonePath('menu', 'cisco', '', 'nope'),
      ...INPUTS.map((v) => phonePath('input', v, '', 'nope')),
      ...LOOKUPS.map((v) => phonePath('lookup', v, '?term=a', 'nope')),
    ];
    for (const path of paths) {
      const answer = await get(daemon, path);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: ['The profile `nope` does not exist'],
        status_code: 404,
      });
    }
  });

  it('routes a vendor did not have answer the host 404 in JSON', async () => {
    for (const path of [
      phonePath('menu', 'snom'),
      phonePath('input', 'yealink'),
      phonePath('lookup', 'nokia', '?term='),
    ]) {
      const answer = await get(daemon, path);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body).reason[0]).toMatch(/^No such resource/);
    }
  });

  it('limit=0 gives an empty page that links nowhere (xivo-dird linked it to itself)', async () => {
    const root = (await getDocument(daemon, phonePath('lookup', 'cisco', '?term=&limit=0&offset=4'))).root;
    expect(childrenNamed(root, 'SoftKeyItem')).toEqual([]);
    expect(textOf(child(root, 'DirectoryEntry'), 'Name')).toBe('No entries');
  });

  it('the OpenAPI document describes the phone routes, their query and their document type', async () => {
    const { body } = await daemon.get('/0.1/api/api.json');
    const cisco = body.paths['/0.1/directories/lookup/{profile}/{xivo_user_uuid}/cisco'].get;
    expect(cisco.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['term', 'limit', 'offset', 'profile', 'xivo_user_uuid']),
    );
    expect(Object.keys(cisco.responses['200'].content)).toEqual(['text/xml']);
    expect(
      body.paths['/0.1/directories/input/{profile}/{xivo_user_uuid}/polycom'].get.responses['200'].content,
    ).toHaveProperty('text/html');
    expect(
      body.paths['/0.1/directories/lookup/{profile}/{xivo_user_uuid}/gigaset'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(expect.arrayContaining(['set_first', 'count', 'first']));
  });

  it('the JSON lookup of the same profile still answers beside the phone views', async () => {
    const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=sons');
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
  });
});
