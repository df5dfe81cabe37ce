import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PLUGINS } from './helpers.js';

let daemon: TestDaemon;

const FIRST = [
  'clientno,firstname,lastname,number,mobile',
  '1,Alice,Alan,1111,11112',
  '2,Paul,Durand,01.23.45.67.89,',
  '',
].join('\n');
const SECOND = [
  'id,firstname,lastname,number,mobile',
  '7,Other,Match,9999,1111',
  '8,Zoé,Dubois,+33 6 11 22 33 44,',
  '9,"Zoë ""Zo""",Mart\\in,0477889900,',
  '',
].join('\n');
const csv = (file: string, unique: string) => ({
  type: 'csv',
  file,
  unique_column: unique,
  searched_columns: ['firstname'],
  first_matched_columns: ['number', 'mobile'],
  format_columns: { reverse: '{firstname} {lastname}' },
});

beforeAll(async () => {
  const config = lookupConfig({
    backends: ['csv', 'slow', 'broken_lookup'],
    sources: {
      first_csv: csv('first.csv', 'clientno'),
      second_csv: csv('second.csv', 'id'),
      fast_other: { type: 'slow', delay: 0, results: [{ firstname: 'Fast', number: '1111', reverse: 'Fast One' }] },
      slow_first: {
        type: 'slow',
        delay: 0.3,
        results: [{ firstname: 'Slow', number: '1111', reverse: 'Slow Winner' }],
      },
      hanging: { type: 'slow', delay: -1 },
      failing: { type: 'broken_lookup' },
    },
    profileSources: ['first_csv'],
    extra: { plugin_paths: [TEST_PLUGINS] },
  });
  config.enabled_plugins = { ...(config.enabled_plugins as object), services: ['lookup', 'reverse'] };
  config.services = {
    ...(config.services as object),
    reverse: {
      default: {
        sources: ['hanging', 'failing', 'first_csv', 'second_csv', 'fast_other'],
        timeout: 0.5,
        country_code: '33',
      },
      plain: { sources: ['second_csv', 'first_csv'] },
      // The first source answers 0.3 s after the second (a CSV, at once): it still wins.
      slow_wins: { sources: ['slow_first', 'first_csv'], timeout: 5 },
      // The first source matches at once: no waiting for the hanging one, whatever the deadline.
      no_wait: { sources: ['first_csv', 'hanging'], timeout: 20 },
    },
  };
  daemon = await startTestDaemon({ files: { 'first.csv': FIRST, 'second.csv': SECOND }, config });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

const reverse = (profile: string, exten: string) =>
  daemon.get(
    `/0.1/directories/reverse/${profile}/d2a5b1d6-0000-4000-8000-000000000001?exten=${encodeURIComponent(exten)}`,
  );

describe('GET /0.1/directories/reverse/{profile}/{user_uuid}?exten=', () => {
  it('answers the first source in profile order that matched, with every field', async () => {
    const { status, body, headers } = await reverse('default', '1111');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toEqual({
      display: 'Alice Alan',
      exten: '1111',
      source: 'first_csv',
      backend: 'csv',
      fields: {
        clientno: '1',
        firstname: 'Alice',
        lastname: 'Alan',
        number: '1111',
        mobile: '11112',
        reverse: 'Alice Alan',
      },
    });
    // The hanging and failing sources (first in the profile) count as no match.
    await daemon.waitForLog((l) =>
      /source hanging \(slow\) counted as no match: timed out after 500 ms/.test(String(l.msg)),
    );
    await daemon.waitForLog((l) =>
      /source failing \(broken_lookup\) counted as no match: An error occured in first_match/.test(String(l.msg)),
    );
  });

  it("writes the answer's text as JSON.stringify would: keys in order, values escaped", async () => {
    // A CSV match is written from the row's values, not from an object (docs/benchmarks.md, finding 26).
    const path = '/0.1/directories/reverse/plain/d2a5b1d6-0000-4000-8000-000000000001?exten=04%2077%2088%2099%2000';
    const text = await (await fetch(`${daemon.url}${path}`)).text();
    expect(text).toBe(
      JSON.stringify({
        display: 'Zoë "Zo" Mart\\in',
        exten: '04 77 88 99 00',
        fields: {
          id: '9',
          firstname: 'Zoë "Zo"',
          lastname: 'Mart\\in',
          number: '0477889900',
          mobile: '',
          reverse: 'Zoë "Zo" Mart\\in',
        },
        source: 'second_csv',
        backend: 'csv',
      }),
    );
  });

  it('counts a source it no longer needs (an earlier one matched) as cancelled: not timed out, not failing', async () => {
    const calls = async (outcome: string) => {
      const text = await (await fetch(`${daemon.url}/metrics`)).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('dird_source_calls_total{') &&
            l.includes('source="hanging"') &&
            l.includes('call="firstMatch"') &&
            l.includes(`outcome="${outcome}"`),
        );
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    const [cancelled, timedOut] = [await calls('cancelled'), await calls('timed_out')];
    // no_wait: first_csv matches at once; the hanging source after it is told to stop.
    expect((await reverse('no_wait', '1111')).body).toMatchObject({ source: 'first_csv', display: 'Alice Alan' });
    await expect.poll(() => calls('cancelled')).toBe(cancelled + 1);
    expect(await calls('timed_out')).toBe(timedOut);
    expect(daemon.logs.some((l) => /reverse lookup in profile no_wait/.test(String(l.msg)))).toBe(false);
  });

  it('is deterministic: the same number gives the same contact every time', async () => {
    const sources = new Set<string>();
    for (let i = 0; i < 5; i++) sources.add((await reverse('default', '1111')).body.source);
    expect([...sources]).toEqual(['first_csv']);
    expect((await reverse('plain', '1111')).body).toMatchObject({ source: 'second_csv', display: 'Other Match' });
  });

  it('waits for a slower source that comes first in the profile, rather than taking the fastest answer', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await reverse('slow_wins', '1111')).body).toMatchObject({ source: 'slow_first', display: 'Slow Winner' });
    }
  });

  it('answers as soon as the first source in order matched, without waiting for a hanging one', async () => {
    const started = Date.now();
    expect((await reverse('no_wait', '1111')).body).toMatchObject({ source: 'first_csv', display: 'Alice Alan' });
    // The deadline is 20 s: an answer within a few seconds can only come from not waiting for it.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('finds a match in the second first-matched column', async () => {
    expect((await reverse('default', '11112')).body).toMatchObject({ display: 'Alice Alan', source: 'first_csv' });
  });

  it('matches numbers as people write them: formatting ignored, national and international forms with country_code', async () => {
    for (const exten of ['01 23 45 67 89', '+33 1 23 45 67 89', '0033123456789', '(01) 23-45-67-89']) {
      expect((await reverse('default', exten)).body.display, exten).toBe('Paul Durand');
    }
    expect((await reverse('default', '06.11.22.33.44')).body.display).toBe('Zoé Dubois');
    // The profile without country settings only ignores formatting.
    expect((await reverse('plain', '0123456789')).body.display).toBe('Paul Durand');
    expect((await reverse('plain', '+33123456789')).body.display).toBeNull();
  });

  it('does not find a contact by the digits inside a caller id that is not a number (SIP URI, e-mail)', async () => {
    expect((await reverse('default', 'x1111y')).body.display).toBeNull();
    expect((await reverse('default', 'sip:1111@pbx.example')).body.display).toBeNull();
    expect((await reverse('default', '1111')).body.display).toBe('Alice Alan');
  });

  it('answers 200 with nulls when nothing matches, or for an unknown profile', async () => {
    for (const profile of ['default', 'unknown']) {
      const { status, body, headers } = await reverse(profile, '0000');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(body).toEqual({ display: null, exten: '0000', fields: {}, source: null, backend: null });
    }
  });

  it('answers 400 in the error shape without exten', async () => {
    const { status, body } = await daemon.get('/0.1/directories/reverse/default/u1');
    expect(status).toBe(400);
    expect(body).toEqual({ reason: ['exten is missing'], timestamp: [expect.any(Number)], status_code: 400 });
  });
});
