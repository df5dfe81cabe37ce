import { describe, expect, it } from 'vitest';
import { parseXivoPrivate } from './consul-import.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe("parseXivoPrivate: xivo-dird's keys under xivo/private/", () => {
  it('reads contact attributes (UTF-8, the id from the key) and favorites by source, percent-decoding path parts', () => {
    const { users, ignoredKeys } = parseXivoPrivate([
      { Key: 'xivo/private/', Value: null },
      { Key: 'xivo/private/u1/contacts/personal/c1/id', Value: b64('ignored: the key names it') },
      { Key: 'xivo/private/u1/contacts/personal/c1/firstname', Value: b64('Zoë') },
      { Key: 'xivo/private/u1/contacts/personal/c1/job%2Ftitle', Value: b64('a/b') },
      { Key: 'xivo/private/u1/contacts/personal/c1/empty', Value: null },
      { Key: 'xivo/private/u1/contacts/favorites/my%20csv/42', Value: b64('42') },
      { Key: 'xivo/private/u2/contacts/personal/c9/__proto__', Value: b64('kept as an attribute') },
    ]);
    expect(ignoredKeys).toEqual([]);
    expect(Object.entries(users.get('u1')!.contacts.get('c1')!)).toEqual([
      ['firstname', 'Zoë'],
      ['job/title', 'a/b'],
      ['empty', ''],
    ]);
    expect(users.get('u1')!.favorites).toEqual([{ source: 'my csv', contactId: '42' }]);
    expect(Object.entries(users.get('u2')!.contacts.get('c9')!)).toEqual([['__proto__', 'kept as an attribute']]);
  });

  it('leaves every other key, naming it: other kinds, other depths, bad percent-encoding, other prefixes', () => {
    const keys = [
      'xivo/private/u1/settings/lang',
      'xivo/private/u1/contacts/other/a/b',
      'xivo/private/u1/contacts/personal/c1',
      'xivo/private/u1/contacts/personal/c1/a/b',
      'xivo/private/u1/contacts/personal/c%ZZ/a',
      'xivo/public/x',
    ];
    const { users, ignoredKeys } = parseXivoPrivate(keys.map((Key) => ({ Key, Value: b64('v') })));
    expect(ignoredKeys).toEqual(keys);
    expect(users.size).toBe(0);
  });
});
