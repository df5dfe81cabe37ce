import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS, getDocument, localPath, phoneConfig, phonePath, USER } from './test-support/daemon.js';
import { child, childrenNamed, descendants, textOf, type XmlElement } from './test-support/xml-tree.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config: phoneConfig() });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

/** Every entry, sorted by (name, number): what the pages must add up to. */
const ALL = [
  ...Array.from({ length: 20 }, (_, i) => ({ name: `Agent ${String(i + 1).padStart(2, '0')}`, number: `10${i + 10}` })),
  { name: 'Bob & <Sons>', number: '0033123456789' },
  { name: 'Bob & <Sons> (Mobile)', number: '0612345678' },
];

const directoryEntries = (root: XmlElement) =>
  childrenNamed(root, 'DirectoryEntry').map((e) => ({ name: textOf(e, 'Name'), number: textOf(e, 'Telephone') }));

/** Follows a vendor's next-page links from the first page: each page's entries, and the links of each. */
async function walk<P extends { entries: { name: string; number: string }[]; next?: string; previous?: string }>(
  first: string,
  read: (root: XmlElement) => P,
  type?: string,
): Promise<P[]> {
  const pages: P[] = [];
  let path: string | undefined = first;
  while (path !== undefined && pages.length < 10) {
    const page = read((await getDocument(daemon, path, {}, type)).root);
    pages.push(page);
    path = page.next === undefined ? undefined : localPath(daemon, page.next);
  }
  return pages;
}

describe('Cisco', () => {
  it('menu leads to the input screen, which leads to the lookup, for the same user', async () => {
    const menu = await getDocument(daemon, phonePath('menu', 'cisco'));
    expect(menu.declaration).toEqual({ version: '1.0', encoding: 'UTF-8' });
    expect(menu.root.name).toBe('CiscoIPPhoneMenu');
    const item = child(menu.root, 'MenuItem');
    expect(textOf(item, 'Name')).toBe('XiVO Directory');
    const inputUrl = textOf(item, 'URL');
    expect(inputUrl).toBe(`${daemon.url}${phonePath('input', 'cisco')}?xivo_user_uuid=${USER}`);
    const input = (await getDocument(daemon, localPath(daemon, inputUrl))).root;
    expect(input.name).toBe('CiscoIPPhoneInput');
    expect(textOf(input, 'Title')).toBe('XiVO Search');
    expect(textOf(input, 'Prompt')).toBe('Name or number');
    expect(textOf(input, 'URL')).toBe(`${daemon.url}${phonePath('lookup', 'cisco')}?xivo_user_uuid=${USER}`);
    const field = child(input, 'InputItem');
    expect(textOf(field, 'QueryStringParam')).toBe('term');
    expect(textOf(field, 'InputFlags')).toBe('A');
  });

  it('pages 16 entries at a time with Dial/PrevPage/Exit/NextPage soft keys, normalised and escaped', async () => {
    const pages = await walk(phonePath('lookup', 'cisco', '?term='), (root) => {
      expect(root.name).toBe('CiscoIPPhoneDirectory');
      const keys = childrenNamed(root, 'SoftKeyItem').map((k) => ({
        name: textOf(k, 'Name'),
        url: textOf(k, 'URL'),
        position: textOf(k, 'Position'),
      }));
      const url = (name: string) => keys.find((k) => k.name === name)?.url;
      return { entries: directoryEntries(root), next: url('NextPage'), previous: url('PrevPage'), keys };
    });
    expect(pages.map((p) => p.entries.length)).toEqual([16, 6]);
    expect(pages.flatMap((p) => p.entries)).toEqual(ALL);
    const [first, last] = pages;
    expect(first.keys.map((k) => `${k.position}:${k.name}`)).toEqual(['1:Dial', '3:Exit', '4:NextPage']);
    expect(last.keys.map((k) => `${k.position}:${k.name}:${k.url}`)).toEqual([
      '1:Dial:SoftKey:Dial',
      `2:PrevPage:${daemon.url}${phonePath('lookup', 'cisco')}?xivo_user_uuid=${USER}&term=&limit=16&offset=0`,
      '3:Exit:SoftKey:Exit',
    ]);
  });

  it('gives no soft keys when everything fits, and a single "No entries" when nothing matches', async () => {
    const one = (await getDocument(daemon, phonePath('lookup', 'cisco', '?term=07'))).root;
    expect(directoryEntries(one)).toEqual([{ name: 'Agent 07', number: '1016' }]);
    expect(childrenNamed(one, 'SoftKeyItem')).toEqual([]);
    const none = (await getDocument(daemon, phonePath('lookup', 'cisco', '?term=nobody'))).root;
    expect(directoryEntries(none)).toEqual([{ name: 'No entries', number: '' }]);
  });
});

describe('Aastra', () => {
  it('input screen, then pages of menu items dialling each number', async () => {
    const input = (await getDocument(daemon, phonePath('input', 'aastra'))).root;
    expect(input.name).toBe('AastraIPPhoneInputScreen');
    expect(input.attributes).toMatchObject({ type: 'string', editable: 'yes' });
    expect(textOf(input, 'Prompt')).toBe('Name or number:');
    expect(textOf(input, 'Parameter')).toBe('term');
    const url = textOf(input, 'URL');
    expect(url).toBe(`${daemon.url}${phonePath('lookup', 'aastra')}?xivo_user_uuid=${USER}`);
    const pages = await walk(`${localPath(daemon, url)}&term=`, (root) => {
      expect(root.name).toBe('AastraIPPhoneTextMenu');
      expect(root.attributes).toMatchObject({ style: 'none', destroyOnExit: 'yes' });
      const items = childrenNamed(root, 'MenuItem').map((m) => ({
        prompt: textOf(m, 'Prompt'),
        uri: textOf(m, 'URI'),
      }));
      const link = (prompt: string) => items.find((i) => i.prompt === prompt)?.uri;
      const entries = items
        .filter((i) => i.uri.startsWith('Dial:'))
        .map((i) => ({ name: i.prompt, number: i.uri.slice('Dial:'.length) }));
      return { entries, next: link('Next Page'), previous: link('Previous Page'), items };
    });
    expect(pages.flatMap((p) => p.entries)).toEqual(ALL);
    expect(pages[0].items.at(-1)?.prompt).toBe('Next Page');
    expect(pages[1].items[0].prompt).toBe('Previous Page');
  });
});

describe('Polycom', () => {
  const HTML = 'text/html; charset=utf-8';

  it('serves an HTML 4.01 search form whose action is the lookup', async () => {
    const doc = await getDocument(daemon, phonePath('input', 'polycom'), {}, HTML);
    expect(doc.doctype).toContain('-//W3C//DTD HTML 4.01 Transitional//EN');
    expect(doc.root.name).toBe('html');
    expect(textOf(child(doc.root, 'head'), 'title')).toBe('XiVO Search');
    const form = descendants(doc.root, 'form')[0];
    expect(form.attributes).toMatchObject({
      action: `${daemon.url}${phonePath('lookup', 'polycom')}`,
      method: 'get',
      'accept-charset': 'utf-8',
    });
    const inputs = descendants(form, 'input').map((i) => i.attributes);
    expect(inputs).toEqual([
      { type: 'text', name: 'term', id: 'it-term' },
      { type: 'hidden', name: 'xivo_user_uuid', value: USER },
      { type: 'submit', value: 'Search' },
    ]);
    expect(descendants(form, 'label')[0]).toMatchObject({ attributes: { for: 'it-term' }, text: 'Name or number:' });
  });

  it('lists tel:// links, with previous and next page links', async () => {
    const pages = await walk(
      phonePath('lookup', 'polycom', '?term='),
      (root) => {
        const items = descendants(child(child(root, 'body'), 'ol'), 'li');
        const links = items.map((li) => descendants(li, 'a')[0]).filter((a) => a !== undefined);
        const entries = links
          .filter((a) => a.attributes.href.startsWith('tel://'))
          .map((a) => ({ name: a.text, number: a.attributes.href.slice('tel://'.length) }));
        const page = (text: string) => links.find((a) => a.text === text)?.attributes.href;
        return { entries, next: page('Next Page'), previous: page('Previous Page') };
      },
      HTML,
    );
    expect(pages.flatMap((p) => p.entries)).toEqual(ALL);
    expect(pages[1].previous).toContain('offset=0');
  });
});

describe('Snom', () => {
  it('input screen, then pages with F2/F4 paging keys', async () => {
    const input = (await getDocument(daemon, phonePath('input', 'snom'))).root;
    expect(input.name).toBe('SnomIPPhoneInput');
    expect(textOf(input, 'Prompt')).toBe('Name or number:');
    expect(textOf(child(input, 'InputItem'), 'QueryStringParam')).toBe('term');
    const pages = await walk(phonePath('lookup', 'snom', '?term='), (root) => {
      expect(root.name).toBe('SnomIPPhoneDirectory');
      const keys = childrenNamed(root, 'SoftKeyItem').map((k) => ({
        label: textOf(k, 'Label'),
        url: textOf(k, 'URL'),
        key: textOf(k, 'Name'),
      }));
      const key = (name: string) => keys.find((k) => k.key === name)?.url;
      return { entries: directoryEntries(root), next: key('F4'), previous: key('F2'), keys };
    });
    expect(pages.flatMap((p) => p.entries)).toEqual(ALL);
    expect(pages[0].keys.map((k) => `${k.key}:${k.label}`)).toEqual(['F4:NextPage']);
    expect(pages[1].keys.map((k) => `${k.key}:${k.label}`)).toEqual(['F2:PrevPage']);
  });
});

describe('Thomson, Yealink and Htek', () => {
  it('Thomson: 8 entries dialled as Dial:N, without paging links', async () => {
    const root = (await getDocument(daemon, phonePath('lookup', 'thomson', '?term='))).root;
    expect(root.name).toBe('ThomsonPhoneBook');
    expect(directoryEntries(root)).toEqual(ALL.slice(0, 8).map((e) => ({ ...e, number: `Dial:${e.number}` })));
    expect(root.children.every((c) => c.name === 'DirectoryEntry')).toBe(true);
    const second = (await getDocument(daemon, phonePath('lookup', 'thomson', '?term=&offset=8'))).root;
    expect(directoryEntries(second)[0]).toEqual({ name: 'Agent 09', number: 'Dial:1018' });
  });

  it.each([
    ['yealink', 'YealinkIPPhoneDirectory'],
    ['htek', 'PhoneDirectory'],
  ])('%s: every entry in one document unless limited', async (vendor, root) => {
    const all = (await getDocument(daemon, phonePath('lookup', vendor, '?term='))).root;
    expect(all.name).toBe(root);
    expect(directoryEntries(all)).toEqual(ALL);
    const page = (await getDocument(daemon, phonePath('lookup', vendor, '?term=&limit=2&offset=20'))).root;
    expect(directoryEntries(page)).toEqual(ALL.slice(20));
    const none = (await getDocument(daemon, phonePath('lookup', vendor, '?term=nobody'))).root;
    expect(directoryEntries(none)).toEqual([{ name: 'No entries', number: '' }]);
  });
});

describe('Gigaset', () => {
  it("answers the phone book search protocol's list, from `first` (1-based) for `count` entries", async () => {
    const read = async (query: string) => (await getDocument(daemon, phonePath('lookup', 'gigaset', query))).root;
    const list = await read('?set_first=*&first=17&count=4');
    expect(list.name).toBe('list');
    expect(list.attributes).toEqual({ response: 'get_list', type: 'pr', total: '22', first: '17', last: '20' });
    const entries = childrenNamed(list, 'entry').map((e) => ({
      id: e.attributes.id,
      name: textOf(e, 'ln'),
      number: textOf(e, 'hm'),
    }));
    expect(entries).toEqual(ALL.slice(16, 20).map((e, i) => ({ id: String(17 + i), ...e })));
    expect(childrenNamed(await read(''), 'entry')).toHaveLength(22);
    expect((await read('?set_first=bob')).attributes).toMatchObject({ total: '2', first: '1', last: '2' });
    const none = await read('?set_first=nobody');
    expect(none.attributes).toEqual({ response: 'get_list', type: 'pr', total: '0' });
    expect(none.children).toEqual([]);
  });
});
