import { connect } from 'node:net';
import { column } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV, TEST_PLUGINS } from './helpers.js';

let daemon: TestDaemon;

beforeAll(async () => {
  const config = lookupConfig({
    backends: ['csv', 'broken', 'broken_lookup', 'slow'],
    sources: {
      my_csv: {
        type: 'csv',
        file: 'contacts.csv',
        unique_column: 'clientno',
        searched_columns: ['firstname', 'lastname'],
        format_columns: { name: '{firstname} {lastname}' },
      },
      second_csv: { type: 'csv', file: 'second.csv', unique_column: 'id', searched_columns: ['firstname'] },
      hanging: { type: 'slow', delay: -1 },
      failing: { type: 'broken_lookup' },
      cannot_load: { type: 'broken' },
    },
    profileSources: ['second_csv', 'hanging', 'failing', 'cannot_load', 'my_csv'],
    timeout: 0.5,
    columns: [
      column('Firstname', 'firstname'),
      column('Lastname', 'lastname'),
      column('Number', 'number', 'number', { default: 'none' }),
      column(null, 'favorite', 'favorite'),
    ],
    extra: { plugin_paths: [TEST_PLUGINS] },
  });
  // A second profile over the same file, answering at most 3 results.
  const services = config.services as { lookup: Record<string, unknown> };
  services.lookup.capped = { sources: ['my_csv'], max_results: 3 };
  (config.views as { profile_to_display: Record<string, string> }).profile_to_display.capped = 'display';
  daemon = await startTestDaemon({
    files: { 'contacts.csv': CONTACTS_CSV, 'second.csv': 'id,firstname,lastname,number\n10,Alien,Zed,999\n' },
    config,
  });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

describe('GET /0.1/directories/lookup/{profile}', () => {
  it('answers the xivo-dird shape, grouped by the profile source order, with what finished by the deadline', async () => {
    const started = Date.now();
    const { status, body, headers } = await daemon.get('/0.1/directories/lookup/default?term=ali');
    const elapsed = Date.now() - started;
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toEqual({
      column_headers: ['Firstname', 'Lastname', 'Number', null],
      column_types: [null, null, 'number', 'favorite'],
      term: 'ali',
      results: [
        {
          column_values: ['Alien', 'Zed', '999', false],
          relations: {
            xivo_id: null,
            agent_id: null,
            user_id: null,
            user_uuid: null,
            endpoint_id: null,
            source_entry_id: '10',
          },
          source: 'second_csv',
          backend: 'csv',
        },
        expect.objectContaining({ column_values: ['Alice', 'AAA', '5555555555', false], source: 'my_csv' }),
        expect.objectContaining({ column_values: ['Alicia', 'Alvarez', '2222', false], source: 'my_csv' }),
      ],
    });
    // The hanging source costs the lookup its timeout (0.5 s), not more.
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5000);
  });

  it('logs each dropped source with its name, and tells the hanging one to stop', async () => {
    await daemon.get('/0.1/directories/lookup/default?term=bob');
    await daemon.waitForLog((l) => /source hanging \(slow\) dropped: timed out after 500 ms/.test(String(l.msg)));
    await daemon.waitForLog((l) =>
      /source failing \(broken_lookup\) dropped: An error occured in search: This backend is broken/.test(
        String(l.msg),
      ),
    );
    await daemon.waitForLog((l) => l.msg === 'slow source hanging told to stop');
  });

  it('keeps serving when a source fails to load, and says which one and why', async () => {
    await daemon.waitForLog((l) =>
      /Failed to load back-end `broken` with config `cannot_load`.*BROKEN/.test(String(l.msg)),
    );
    const { body } = await daemon.get('/0.1/directories/lookup/default?term=pew');
    expect(body.results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual(['Pépé']);
  });

  it('matches accents and case both ways, and an empty term matches everything', async () => {
    for (const term of ['pep', 'PÉP', 'pé']) {
      const { body } = await daemon.get(`/0.1/directories/lookup/default?term=${encodeURIComponent(term)}`);
      expect(body.results).toHaveLength(1);
    }
    const { body } = await daemon.get('/0.1/directories/lookup/default?term=');
    expect(body.results).toHaveLength(5);
    expect(body.term).toBe('');
  });

  it('pages with limit and offset over the merged list', async () => {
    const page = async (q: string) =>
      (await daemon.get(`/0.1/directories/lookup/default?term=&${q}`)).body.results.map(
        (r: { column_values: unknown[] }) => r.column_values[0],
      );
    expect(await page('limit=2')).toEqual(['Alien', 'Alice']);
    expect(await page('limit=2&offset=2')).toEqual(['Bob', 'Pépé']);
    expect(await page('offset=4')).toEqual(['Alicia']);
    expect(await page('limit=0')).toEqual([]);
  });

  it('answers at most the profile max_results, a larger limit included, and logs the cut', async () => {
    const firstnames = async (q: string) =>
      (await daemon.get(`/0.1/directories/lookup/capped?${q}`)).body.results.map(
        (r: { column_values: unknown[] }) => r.column_values[0],
      );
    expect(await firstnames('term=')).toEqual(['Alice', 'Bob', 'Pépé']);
    expect(await firstnames('term=&limit=100')).toEqual(['Alice', 'Bob', 'Pépé']);
    expect(await firstnames('term=&offset=3')).toEqual(['Alicia']);
    await daemon.waitForLog((l) => /lookup in profile capped: answer cut at max_results \(3\)/.test(String(l.msg)));
  });

  it('answers 400 with a reason for a missing term or a bad limit, 404 for an unknown profile, in one error shape', async () => {
    const cases: [string, number, RegExp][] = [
      ['/0.1/directories/lookup/default', 400, /term is missing/],
      ['/0.1/directories/lookup/default?term=a&limit=abc', 400, /limit must be integer/],
      ['/0.1/directories/lookup/default?term=a&offset=-1', 400, /offset must be >= 0/],
      ['/0.1/directories/lookup/unknown?term=a', 404, /The profile `unknown` does not exist/],
      ['/0.1/directories/nothing-here', 404, /No such resource/],
    ];
    for (const [url, status, reason] of cases) {
      const res = await daemon.get(url);
      expect(res.status, url).toBe(status);
      expect(res.body).toEqual({
        reason: [expect.stringMatching(reason)],
        timestamp: [expect.any(Number)],
        status_code: status,
      });
    }
  });
});

describe('malformed requests', () => {
  it('answers 400 in the error shape, saying how to fix a URL with raw non-ASCII bytes', async () => {
    const { port } = new URL(daemon.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(Buffer.from('GET /0.1/directories/lookup/default?term=zoé HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')),
      );
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (c) => (data += c));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.split('\r\n\r\n')[1]);
    expect(body).toEqual({
      reason: [expect.stringMatching(/percent-encode non-ASCII/)],
      timestamp: [expect.any(Number)],
      status_code: 400,
    });
  });
});

describe('GET /0.1/directories/lookup/{profile}/headers', () => {
  it('answers the display headers and types, 404 for an unknown profile', async () => {
    expect((await daemon.get('/0.1/directories/lookup/default/headers')).body).toEqual({
      column_headers: ['Firstname', 'Lastname', 'Number', null],
      column_types: [null, null, 'number', 'favorite'],
    });
    const missing = await daemon.get('/0.1/directories/lookup/other/headers');
    expect(missing.status).toBe(404);
    expect(missing.body.reason).toEqual(['The profile `other` does not exist']);
  });
});

describe('the OpenAPI document', () => {
  it('is served at /0.1/api/api.yml (and api.json) and describes the routes', async () => {
    const yml = await daemon.get('/0.1/api/api.yml');
    expect(yml.status).toBe(200);
    expect(yml.headers.get('content-type')).toMatch(/yaml/);
    expect(yml.body).toMatch(/openapi: 3\.0\.3/);
    expect(yml.body).toMatch(/\/0\.1\/directories\/lookup\/\{profile\}:/);
    const json = await daemon.get('/0.1/api/api.json');
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/0.1/directories/lookup/{profile}', '/0.1/directories/lookup/{profile}/headers']),
    );
  });
});
