import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

let daemon: TestDaemon;

beforeAll(async () => {
  const config = lookupConfig({
    sources: {
      contacts: {
        type: 'csv',
        file: 'contacts.csv',
        unique_column: 'clientno',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
      },
    },
  });
  config.enabled_plugins = { ...(config.enabled_plugins as object), services: ['lookup', 'reverse'] };
  config.services = { ...(config.services as object), reverse: { default: { sources: ['contacts'] } } };
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

const errorShape = (status: number, reason: RegExp) => ({
  reason: [expect.stringMatching(reason)],
  timestamp: [expect.any(Number)],
  status_code: status,
});

describe('errors the router raises answer in the common error shape', () => {
  it('a path that does not decode (a raw %): 400', async () => {
    for (const url of ['/0.1/directories/lookup/%', '/0.1/directories/lookup/%zz?term=a']) {
      const res = await daemon.get(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.body, url).toEqual(errorShape(400, /malformed URL: .* does not decode: percent-encode % as %25/));
    }
  });

  it('a profile or user_uuid longer than 100 characters gets the normal answer', async () => {
    const profile = 'p'.repeat(150);
    const lookup = await daemon.get(`/0.1/directories/lookup/${profile}?term=ali`);
    expect(lookup.status).toBe(404);
    expect(lookup.body).toEqual(errorShape(404, new RegExp(`The profile \`${profile}\` does not exist`)));
    const headers = await daemon.get(`/0.1/directories/lookup/${profile}/headers`);
    expect(headers.status).toBe(404);
    expect(headers.body).toEqual(errorShape(404, /does not exist/));
    const reverse = await daemon.get(`/0.1/directories/reverse/default/${'u'.repeat(150)}?exten=5555551234`);
    expect(reverse.status, JSON.stringify(reverse.body)).toBe(200);
    expect(reverse.body).toMatchObject({ exten: '5555551234', source: 'contacts', fields: { firstname: 'Bob' } });
  });

  it('a parameter longer than the router accepts: 414', async () => {
    const res = await daemon.get(`/0.1/directories/lookup/${'p'.repeat(1500)}?term=ali`);
    expect(res.status).toBe(414);
    expect(res.body).toEqual(errorShape(414, /URL parameter too long in \/0\.1\/directories\/lookup\/p+…$/));
  });
});
