import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, USER_HEADER, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  await h.store.purgeContacts('alice');
  await h.store.purgeContacts('bob');
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Send {
  user?: string | null;
  json?: unknown;
  body?: string | Buffer;
  type?: string;
}

function send(method: Method, url: string, { user = 'alice', json, body, type }: Send = {}) {
  const headers: Record<string, string> = user === null ? {} : { [USER_HEADER]: user };
  if (type !== undefined) headers['content-type'] = type;
  if (json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return h.app.inject({ method, url, headers, payload: JSON.stringify(json) });
  }
  return h.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body }) });
}

const create = async (fields: Record<string, string>, user = 'alice') => {
  const res = await send('POST', '/0.1/personal', { json: fields, user });
  expect(res.statusCode).toBe(201);
  return res.json() as Record<string, string>;
};

describe('personal_view: one contact at a time', () => {
  it('creates (201, with the id it gives), reads, replaces whole (200) and deletes (204) a contact', async () => {
    const created = await create({ firstname: 'Alice', lastname: 'Aaa', id: 'mine', '%': '?', '#': '' });
    expect(created).toEqual({ firstname: 'Alice', lastname: 'Aaa', '%': '?', '#': '', id: expect.any(String) });
    expect(created.id).not.toBe('mine');
    const url = `/0.1/personal/${created.id}`;
    expect((await send('GET', url)).json()).toEqual(created);
    const replaced = await send('PUT', url, { json: { firstname: 'Alicia' } });
    expect([replaced.statusCode, replaced.json()]).toEqual([200, { firstname: 'Alicia', id: created.id }]);
    expect((await send('GET', url)).json()).toEqual({ firstname: 'Alicia', id: created.id });
    const deleted = await send('DELETE', url);
    expect([deleted.statusCode, deleted.body]).toEqual([204, '']);
    const gone = await send('GET', url);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({
      reason: [`No such personal contact: \`${created.id}\``],
      timestamp: [expect.any(Number)],
      status_code: 404,
    });
  });

  it("answers another user's contact as unknown, on every route", async () => {
    const { id } = await create({ firstname: 'Bob' }, 'bob');
    for (const [method, json] of [['GET'], ['PUT', { firstname: 'Mallory' }], ['DELETE']] as const) {
      const res = await send(method, `/0.1/personal/${id}`, { json });
      expect(res.statusCode).toBe(404);
      expect(res.json().reason).toEqual([`No such personal contact: \`${id}\``]);
    }
    expect((await send('GET', `/0.1/personal/${id}`, { user: 'bob' })).json().firstname).toBe('Bob');
  });

  it('answers 400 listing every rule broken, checked before the contact is looked for', async () => {
    const res = await send('POST', '/0.1/personal', { json: { '/a': 'x', 'a..b': 1, é: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().reason).toEqual([
      'all values must be strings',
      '.. is forbidden in keys',
      'key must not start with /',
      'key must contain only ASCII characters',
    ]);
    expect((await send('PUT', '/0.1/personal/unknown', { json: { '.': 'x' } })).json().reason).toEqual([
      'key `.` is invalid',
    ]);
    expect((await send('PUT', '/0.1/personal/unknown', { json: { a: 'x' } })).statusCode).toBe(404);
  });

  it('answers 400 for a body that is not a JSON object, and reads a body without a content type as JSON', async () => {
    for (const payload of ['[]', '"text"', '42', 'null']) {
      const res = await send('POST', '/0.1/personal', { body: payload, type: 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(res.json().reason).toEqual(['the body must be a JSON object of attribute names to string values']);
    }
    expect((await send('POST', '/0.1/personal', { body: '{"a":', type: 'application/json' })).statusCode).toBe(400);
    expect((await send('POST', '/0.1/personal')).statusCode).toBe(400);
    const untyped = await send('POST', '/0.1/personal', { body: '{"firstname":"Untyped"}' });
    expect([untyped.statusCode, untyped.json().firstname]).toEqual([201, 'Untyped']);
    const proto = await send('POST', '/0.1/personal', { body: '{"__proto__":{"x":"y"}}', type: 'application/json' });
    expect(proto.statusCode).toBe(400);
  });

  it('answers 415 for a contact sent as something else than JSON, and 413 past 64 KiB', async () => {
    const csv = await send('POST', '/0.1/personal', { body: 'a,b\n1,2\n', type: 'text/csv' });
    expect([csv.statusCode, csv.json().reason]).toEqual([415, ['a contact is sent as application/json, not text/csv']]);
    const big = await send('POST', '/0.1/personal', { json: { notes: 'x'.repeat(70_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({
      status_code: 413,
      reason: ['the body is larger than this route takes (65536 bytes)'],
    });
  });

  it('refuses every route to a request without a user (401)', async () => {
    for (const [method, url] of [
      ['GET', '/0.1/personal'],
      ['POST', '/0.1/personal'],
      ['DELETE', '/0.1/personal'],
      ['POST', '/0.1/personal/import'],
      ['GET', '/0.1/personal/x'],
      ['PUT', '/0.1/personal/x'],
      ['DELETE', '/0.1/personal/x'],
    ] as const) {
      const res = await send(method, url, {
        user: null,
        ...(method === 'GET' || method === 'DELETE' ? {} : { json: {} }),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().reason[0]).toMatch(/^This route needs an authenticated user/);
    }
  });
});

describe('personal_view: every contact', () => {
  it('lists them as JSON, exports them as CSV (sorted header, CRLF), and 204 when there are none', async () => {
    const empty = await send('GET', '/0.1/personal?format=text/csv');
    expect([empty.statusCode, empty.body]).toEqual([204, '']);
    expect((await send('GET', '/0.1/personal')).json()).toEqual({ items: [] });
    const a = await create({ lastname: 'Aaa', firstname: 'Alice' });
    const b = await create({ firstname: 'Bob, "the" builder', number: '1234' });
    await create({ firstname: 'Other' }, 'bob');
    expect((await send('GET', '/0.1/personal')).json()).toEqual({ items: [a, b] });
    const csv = await send('GET', '/0.1/personal?format=text/csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe(
      `firstname,id,lastname,number\r\nAlice,${a.id},Aaa,\r\n"Bob, ""the"" builder",${b.id},,1234\r\n`,
    );
    // The request's own content type wins over the parameter, as in xivo-dird.
    expect((await send('GET', '/0.1/personal', { type: 'text/csv' })).body).toBe(csv.body);
    expect(
      (await send('GET', '/0.1/personal?format=text/csv', { type: 'application/json' })).json().items,
    ).toHaveLength(2);
  });

  it("purges the user's contacts, and only theirs", async () => {
    await create({ firstname: 'A' });
    await create({ firstname: 'B' }, 'bob');
    const res = await send('DELETE', '/0.1/personal');
    expect([res.statusCode, res.body]).toEqual([204, '']);
    expect((await send('GET', '/0.1/personal')).json().items).toEqual([]);
    expect((await send('GET', '/0.1/personal', { user: 'bob' })).json().items).toHaveLength(1);
  });
});

describe('personal_view: CSV import', () => {
  const importCsv = (body: string | Buffer, type = 'text/csv') => send('POST', '/0.1/personal/import', { body, type });

  it('creates the valid lines (201) and reports the others by physical line', async () => {
    const res = await importCsv('firstname,lastname,number\r\nAlice,A,1\r\n\r\nBob\r\nÉve,E,3\r\nx,y,z,w\r\n');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      created: [
        { firstname: 'Alice', lastname: 'A', number: '1', id: expect.any(String) },
        { firstname: 'Éve', lastname: 'E', number: '3', id: expect.any(String) },
      ],
      failed: [
        { line: 4, errors: ['missing fields'] },
        { line: 6, errors: ['too many fields'] },
      ],
    });
    expect((await send('GET', '/0.1/personal')).json().items.map((c: { firstname: string }) => c.firstname)).toEqual([
      'Alice',
      'Éve',
    ]);
  });

  it('answers 400 when nothing is created: the failures as objects, or "No contact found"', async () => {
    const failed = await importCsv('firstname,/bad\nA,1\nB\n');
    expect(failed.statusCode).toBe(400);
    expect(failed.json().reason).toEqual([
      { line: 2, errors: ['key must not start with /'] },
      { line: 3, errors: ['missing fields'] },
    ]);
    for (const body of ['', 'firstname,lastname\r\n']) {
      const res = await importCsv(body);
      expect([res.statusCode, res.json().reason]).toEqual([400, ['No contact found']]);
    }
  });

  it('decodes the body with the charset of its content type, UTF-8 by default, and says when it does not decode', async () => {
    const cp1252 = Buffer.from([...Buffer.from('firstname\n'), 0x43, 0xe9, 0x6c, 0x69, 0x6e, 0x65, 0x0a]);
    const wrong = await importCsv(cp1252);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().reason).toEqual([
      'the body is not valid utf-8 (line 2): send the charset it is written in (Content-Type: text/csv; charset=windows-1252, for instance)',
    ]);
    const right = await importCsv(cp1252, 'text/csv; charset=cp1252');
    expect([right.statusCode, right.json().created[0].firstname]).toEqual([201, 'Céline']);
    const utf8 = await importCsv(Buffer.from('firstname\nZoë\n'), 'text/csv; charset="UTF-8"');
    expect(utf8.json().created[0].firstname).toBe('Zoë');
    const unknown = await importCsv('firstname\nx\n', 'text/csv; charset=klingon');
    expect([unknown.statusCode, unknown.json().reason]).toEqual([
      400,
      ['unknown charset klingon: give one such as utf-8 or windows-1252'],
    ]);
  });

  it('answers 415 for JSON sent to the import, and 413 past 16 MiB', async () => {
    expect((await send('POST', '/0.1/personal/import', { json: { a: 'b' } })).statusCode).toBe(415);
    const huge = await importCsv(`firstname\n${'x\n'.repeat(8.5 * 1024 * 1024)}`);
    expect(huge.statusCode).toBe(413);
  });
});
