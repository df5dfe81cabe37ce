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

  it('a parameter longer than the router accepts (256 characters): 400', async () => {
    const res = await daemon.get(`/0.1/directories/lookup/${'p'.repeat(257)}?term=ali`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      errorShape(400, /URL parameter too long \(at most 256 characters\) in \/0\.1\/directories\/lookup\/p+…$/),
    );
  });
});

describe('bounds on what a client sends', () => {
  it('a term or an exten longer than 256 characters: 400 naming it', async () => {
    const lookup = await daemon.get(`/0.1/directories/lookup/default?term=${'a'.repeat(257)}`);
    expect(lookup.status).toBe(400);
    expect(lookup.body).toEqual(errorShape(400, /^term must NOT have more than 256 characters$/));
    expect((await daemon.get(`/0.1/directories/lookup/default?term=${'a'.repeat(256)}`)).status).toBe(200);
    const reverse = await daemon.get(`/0.1/directories/reverse/default/me?exten=${'1'.repeat(257)}`);
    expect(reverse.status).toBe(400);
    expect(reverse.body).toEqual(errorShape(400, /^exten must NOT have more than 256 characters$/));
  });

  it('headers over 16 KiB in all: 431 in the common shape, and the daemon serves on', async () => {
    const res = await fetch(`${daemon.url}/0.1/directories/lookup/default?term=ali`, {
      headers: { 'X-Padding': 'x'.repeat(17 * 1024) },
    });
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual(errorShape(431, /^request headers too large \(at most 16384 bytes in all\)$/));
    expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).status).toBe(200);
  });
});

describe('rest_api.rate_limit', () => {
  it('is off by default, and when on gives each client its burst, then 429 with Retry-After', async () => {
    const config = lookupConfig({
      sources: { contacts: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
    });
    const limited = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: { ...config, rest_api: { rate_limit: { enabled: true, requests_per_second: 0.5, burst: 3 } } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.get('/0.1/directories/lookup/default?term=ali')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.get('/0.1/directories/lookup/default?term=ali');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(refused.body).toEqual(
        errorShape(
          429,
          /^Too many requests: at most 0\.5 a second \(bursts of 3\) from one client; see rest_api\.rate_limit$/,
        ),
      );
    } finally {
      expect(await limited.stop()).toBe(0);
    }
    // The daemon of the other tests has no limit: far more than 3 requests in a row were served.
    for (let i = 0; i < 10; i++)
      expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).status).toBe(200);
  });
});
