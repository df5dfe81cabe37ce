import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_REASON } from '../src/index.js';
import { startHarness, USER_HEADER, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const as = (user: string | null) => (user === null ? {} : { [USER_HEADER]: user });
const request = (method: 'GET' | 'PUT' | 'DELETE', url: string, user: string | null = 'alice') =>
  h.app.inject({ method, url, headers: as(user) });
const lookup = async (term: string, user: string | null = 'alice', profile = 'default') => {
  const res = await request('GET', `/0.1/directories/lookup/${profile}?term=${term}`, user);
  expect(res.statusCode).toBe(200);
  return res.json().results.map((r: { column_values: unknown[] }) => r.column_values);
};

describe('favorites through default_json', () => {
  it('marks the favorites of the user in every lookup, and only theirs', async () => {
    expect((await request('PUT', '/0.1/directories/favorites/phonebook/2')).statusCode).toBe(204);
    const put = await request('PUT', '/0.1/directories/favorites/phonebook/2');
    expect([put.statusCode, put.body]).toEqual([204, '']);
    expect(await lookup('al')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', true, false],
    ]);
    expect(await lookup('al', 'bob')).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', false, false],
    ]);
    // No user (no authentication): nothing is marked.
    expect(await lookup('al', null)).toEqual([
      ['Alice Martin', '1001', false, false],
      ['Alan Turing', '1002', false, false],
    ]);
    expect(await lookup('al', 'alice', 'plain')).toEqual([['Alice Martin'], ['Alan Turing']]);
  });

  it('lists the favorites of a profile, each marked true', async () => {
    await request('PUT', '/0.1/directories/favorites/phonebook/3');
    const res = await request('GET', '/0.1/directories/favorites/default');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      column_headers: ['Name', 'Number', 'Favorite', 'Personal'],
      column_types: ['name', 'number', 'favorite', 'personal'],
      results: [
        expect.objectContaining({ column_values: ['Alan Turing', '1002', true, false], source: 'phonebook' }),
        expect.objectContaining({ column_values: ['Bob Morane', '1003', true, false], source: 'phonebook' }),
      ],
    });
    expect((await request('GET', '/0.1/directories/favorites/default', 'bob')).json().results).toEqual([]);
  });

  it('unmarks a favorite, and answers 404 naming what is not a favorite', async () => {
    expect((await request('DELETE', '/0.1/directories/favorites/phonebook/3')).statusCode).toBe(204);
    const again = await request('DELETE', '/0.1/directories/favorites/phonebook/3');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({
      reason: ['No such favorite: contact `3` of directory `phonebook`'],
      timestamp: [expect.any(Number)],
      status_code: 404,
    });
    // Alice's favorite is not Bob's to remove: it does not exist for him.
    expect((await request('DELETE', '/0.1/directories/favorites/phonebook/2', 'bob')).statusCode).toBe(404);
    expect((await lookup('alan'))[0][2]).toBe(true);
  });

  it('answers 404 naming an unknown profile', async () => {
    const res = await request('GET', '/0.1/directories/favorites/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().reason).toEqual(['The profile `nope` does not exist']);
  });

  it('answers 401 to a request without a user, saying what to configure', async () => {
    for (const [method, url] of [
      ['GET', '/0.1/directories/favorites/default'],
      ['PUT', '/0.1/directories/favorites/phonebook/1'],
      ['DELETE', '/0.1/directories/favorites/phonebook/1'],
      ['GET', '/0.1/directories/personal/default'],
    ] as const) {
      const res = await request(method, url, null);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ reason: [ANONYMOUS_REASON], status_code: 401 });
    }
    expect(ANONYMOUS_REASON).toMatch(/auth section of the config, see docs\/security\.md/);
  });

  it('marks personal contacts found by a lookup, and lists them with a profile display', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/0.1/personal',
      headers: as('alice'),
      payload: { firstname: 'Alberto', lastname: 'Personal', number: '2001' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    await request('PUT', `/0.1/directories/favorites/personal/${id}`);
    expect(await lookup('alb')).toEqual([['Alberto Personal', '2001', true, true]]);
    expect(await lookup('alb', 'bob')).toEqual([]);
    const list = await request('GET', '/0.1/directories/personal/default');
    expect(list.statusCode).toBe(200);
    expect(list.json().results).toEqual([
      expect.objectContaining({ column_values: ['Alberto Personal', '2001', true, true], source: 'personal' }),
    ]);
    expect((await request('GET', '/0.1/directories/personal/default', 'bob')).json().results).toEqual([]);
    expect((await request('GET', '/0.1/directories/personal/nope')).statusCode).toBe(404);
  });

  it('answers lookups without the favorite flags and the personal source while the store is down, and 503 on the rest', async () => {
    await h.store.stop();
    try {
      expect(await lookup('al')).toEqual([
        ['Alice Martin', '1001', false, false],
        ['Alan Turing', '1002', false, false],
      ]);
      expect(h.logger.text()).toMatch(/favorites not marked: The user store is unavailable/);
      for (const [method, url] of [
        ['GET', '/0.1/directories/favorites/default'],
        ['PUT', '/0.1/directories/favorites/phonebook/1'],
        ['GET', '/0.1/directories/personal/default'],
      ] as const) {
        const res = await request(method, url);
        expect(res.statusCode).toBe(503);
        expect(res.json().reason[0]).toMatch(/^The user store is unavailable/);
      }
    } finally {
      await h.store.start();
    }
    expect(await lookup('alan')).toEqual([['Alan Turing', '1002', true, false]]);
  });
});
