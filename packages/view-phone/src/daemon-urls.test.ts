import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS, getDocument, localPath, phoneConfig, phonePath, USER } from './test-support/daemon.js';
import {
  child,
  childrenNamed,
  descendants,
  textOf,
  type XmlDocument,
  type XmlElement,
} from './test-support/xml-tree.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config: phoneConfig() });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

const typeOf = (vendor: string) => (vendor === 'polycom' ? 'text/html; charset=utf-8' : 'text/xml; charset=utf-8');

/** Every route that writes URLs, and the step its URLs lead to (a lookup page: both neighbours). */
const ROUTES: [step: string, vendor: string, query: string, next: string][] = [
  ['menu', 'cisco', '', 'input'],
  ...['cisco', 'aastra', 'polycom', 'snom'].map((v): [string, string, string, string] => ['input', v, '', 'lookup']),
  ...['cisco', 'aastra', 'polycom', 'snom'].map((v): [string, string, string, string] => [
    'lookup',
    v,
    '?term=&limit=5&offset=5',
    'lookup',
  ]),
];

/** The URLs a document sends the phone to (soft keys and dial links left out). */
function urlsIn(doc: XmlDocument): string[] {
  const all = (e: XmlElement): XmlElement[] => [e, ...e.children.flatMap(all)];
  const out: string[] = [];
  for (const e of all(doc.root)) {
    if ((e.name === 'URL' || e.name === 'URI') && /^https?:/.test(e.text.trim())) out.push(e.text.trim());
    if (e.attributes.href && !e.attributes.href.startsWith('tel://')) out.push(e.attributes.href);
    if (e.attributes.action) out.push(e.attributes.action);
  }
  return out;
}

describe('the URLs a phone is sent to', () => {
  it.each(ROUTES)(
    '%s/%s%s: this daemon, the next step, the same profile and user',
    async (step, vendor, query, next) => {
      for (const profile of ['default', 'menu', 'input']) {
        const doc = await getDocument(daemon, phonePath(step, vendor, query, profile), {}, typeOf(vendor));
        const urls = urlsIn(doc);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) {
          const path = localPath(daemon, url);
          expect(path.startsWith(`/0.1/directories/${next}/${profile}/${USER}/${vendor}`)).toBe(true);
          // Polycom's form carries the user in a hidden field, the others in the URL.
          if (!(vendor === 'polycom' && step === 'input'))
            expect(new URL(url).searchParams.get('xivo_user_uuid')).toBe(USER);
        }
      }
    },
  );

  it.each(ROUTES)('%s/%s%s: start from the Proxy-URL header, as it is', async (step, vendor, query) => {
    const proxy = 'https://phones.example.com/dir?site=a&b=<1>';
    const doc = await getDocument(daemon, phonePath(step, vendor, query), { 'Proxy-URL': proxy }, typeOf(vendor));
    const urls = urlsIn(doc);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(proxy)).toBe(true);
  });

  it('page with the same term, limit and user, the term percent-encoded (&, < and spaces)', async () => {
    const term = '& <so';
    const first = (await getDocument(daemon, phonePath('lookup', 'cisco', `?limit=1&term=${encodeURIComponent(term)}`)))
      .root;
    expect(textOf(child(first, 'DirectoryEntry'), 'Name')).toBe('Bob & <Sons>');
    const key = childrenNamed(first, 'SoftKeyItem').find((k) => textOf(k, 'Name') === 'NextPage')!;
    const next = new URL(textOf(key, 'URL'));
    expect(Object.fromEntries(next.searchParams)).toEqual({ xivo_user_uuid: USER, term, limit: '1', offset: '1' });
    const second = (await getDocument(daemon, localPath(daemon, next.href))).root;
    expect(textOf(child(second, 'DirectoryEntry'), 'Name')).toBe('Bob & <Sons> (Mobile)');
  });
});

describe('French', () => {
  const fr = { 'Accept-Language': 'de;q=0.9, fr-FR;q=0.8, en;q=0.1' };

  it.each(['cisco', 'aastra', 'snom', 'polycom'])('%s: the input screen', async (vendor) => {
    const doc = await getDocument(daemon, phonePath('input', vendor), fr, typeOf(vendor));
    const title = vendor === 'polycom' ? descendants(doc.root, 'title')[0] : child(doc.root, 'Title');
    expect(title.text.trim()).toBe('Recherche XiVO');
    const prompt = vendor === 'polycom' ? descendants(doc.root, 'label')[0].text : textOf(doc.root, 'Prompt');
    expect(prompt).toBe(vendor === 'cisco' ? 'Nom ou numéro' : 'Nom ou numéro:');
  });

  it('the paging keys and links', async () => {
    const query = '?term=&offset=4';
    const cisco = await getDocument(daemon, phonePath('lookup', 'cisco', query), fr);
    expect(childrenNamed(cisco.root, 'SoftKeyItem').map((k) => textOf(k, 'Name'))).toEqual([
      'Appeler',
      'PagePréc',
      'Quitter',
      'PageSuiv',
    ]);
    const snom = await getDocument(daemon, phonePath('lookup', 'snom', query), fr);
    expect(childrenNamed(snom.root, 'SoftKeyItem').map((k) => textOf(k, 'Label'))).toEqual(['PagePréc', 'PageSuiv']);
    const aastra = await getDocument(daemon, phonePath('lookup', 'aastra', query), fr);
    const prompts = childrenNamed(aastra.root, 'MenuItem').map((m) => textOf(m, 'Prompt'));
    expect([prompts[0], prompts.at(-1)]).toEqual(['Page Précédente', 'Page Suivante']);
    const polycom = await getDocument(daemon, phonePath('lookup', 'polycom', query), fr, typeOf('polycom'));
    const links = descendants(polycom.root, 'a').filter((a) => !a.attributes.href.startsWith('tel://'));
    expect(links.map((a) => a.text)).toEqual(['Page Précédente', 'Page Suivante']);
  });

  it('"No entries", and English again when French is refused', async () => {
    for (const vendor of ['cisco', 'snom', 'thomson', 'yealink', 'htek', 'aastra', 'polycom']) {
      const doc = await getDocument(daemon, phonePath('lookup', vendor, '?term=nobody'), fr, typeOf(vendor));
      expect(doc.root.text).toContain('Aucune entrée');
    }
    const english = await getDocument(daemon, phonePath('lookup', 'yealink', '?term=nobody'), {
      'Accept-Language': 'fr;q=0, ja',
    });
    expect(textOf(child(english.root, 'DirectoryEntry'), 'Name')).toBe('No entries');
  });
});
