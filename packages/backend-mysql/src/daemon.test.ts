import { csv } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import type { MariadbServer } from '@dird/test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queriesRunning, SLOW_QUERY, startCrm } from './test-support/fixture.js';

let server: MariadbServer;
let daemon: TestDaemon | undefined;

beforeAll(async () => {
  server = await startCrm();
});

afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

afterAll(async () => {
  await server?.stop();
});

const PHONEBOOK = csv(
  ['firstname', 'lastname', 'number'],
  [
    ['Alicia', 'Csv', '2001'],
    ['Bobby', 'Csv', '2002'],
  ],
);

/** The daemon on a profile of a mysql source `crm` (its block given) and a csv source `phonebook`. */
async function start(crm: Record<string, unknown>): Promise<TestDaemon> {
  daemon = await startTestDaemon({
    config: lookupConfig({
      backends: ['csv', 'mysql'],
      sources: {
        crm: { type: 'mysql', mysql_uri: server.uri('crm'), unique_column: 'id', ...crm },
        phonebook: { type: 'csv', file: 'phonebook.csv', searched_columns: ['firstname'] },
      },
      timeout: 1,
    }),
    files: { 'phonebook.csv': PHONEBOOK },
  });
  return daemon;
}

async function lookup(d: TestDaemon, term: string): Promise<{ source: string; values: unknown[] }[]> {
  const res = await d.get(`/0.1/directories/lookup/default?term=${encodeURIComponent(term)}`);
  expect(res.status).toBe(200);
  return res.body.results.map((r: any) => ({ source: r.source, values: r.column_values }));
}

describe('mysql backend in the daemon', () => {
  it('answers a lookup with the rows of a mysql source and of a csv source', async () => {
    const d = await start({ table: 'contacts', searched_columns: ['firstname', 'lastname'] });
    expect(await lookup(d, 'ali')).toEqual([
      { source: 'crm', values: ['Alice', "O'Hara", '1002'] },
      { source: 'phonebook', values: ['Alicia', 'Csv', '2001'] },
    ]);
    expect(await lookup(d, 'pép')).toEqual([{ source: 'crm', values: ['Pépé', 'Le Moko', '+33 1 23 45 67 89'] }]);
  });

  it('answers at the profile timeout with the csv results when the mysql query hangs, and stops that query', async () => {
    const d = await start({ query: SLOW_QUERY, searched_columns: ['firstname'], query_timeout: 30 });
    const started = Date.now();
    expect(await lookup(d, 'ali')).toEqual([{ source: 'phonebook', values: ['Alicia', 'Csv', '2001'] }]);
    // The profile timeout is 1 s; the margin only absorbs a slow machine.
    expect(Date.now() - started).toBeLessThan(4000);
    await expect.poll(() => queriesRunning(server), { timeout: 3000, interval: 50 }).toBe(0);
  });

  it('serves the csv source while MariaDB is down, and the mysql source again once it is back', async () => {
    const d = await start({ table: 'contacts', searched_columns: ['firstname'] });
    expect((await lookup(d, 'ali')).map((r) => r.source)).toEqual(['crm', 'phonebook']);
    await server.restart();
    expect((await lookup(d, 'ali')).map((r) => r.source)).toEqual(['crm', 'phonebook']);
    await server.halt();
    try {
      expect((await lookup(d, 'ali')).map((r) => r.source)).toEqual(['phonebook']);
    } finally {
      await server.start();
    }
    expect((await lookup(d, 'ali')).map((r) => r.source)).toEqual(['crm', 'phonebook']);
  });

  it('leaves out a mysql source whose config names a missing column, and serves the others', async () => {
    const d = await start({ table: 'contacts', searched_columns: ['firstname', 'nickname'] });
    const failed = await d.waitForLog(
      (l) => typeof l.msg === 'string' && l.msg.includes('Failed to load back-end `mysql`'),
    );
    expect(failed.msg).toContain('searched_columns: column "nickname" is not in the table');
    expect(await lookup(d, 'ali')).toEqual([{ source: 'phonebook', values: ['Alicia', 'Csv', '2001'] }]);
  });
});

/** The daemon with a reverse profile: the mysql source `crm` first, then the csv `phonebook`. */
async function startReverse(crm: Record<string, unknown>): Promise<TestDaemon> {
  const config = lookupConfig({
    backends: ['csv', 'mysql'],
    sources: {
      crm: {
        type: 'mysql',
        mysql_uri: server.uri('crm'),
        unique_column: 'id',
        first_matched_columns: ['number', 'mobile'],
        format_columns: { reverse: '{firstname} {lastname}' },
        ...crm,
      },
      phonebook: {
        type: 'csv',
        file: 'phonebook.csv',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
        format_columns: { reverse: '{firstname} {lastname}' },
      },
    },
  });
  config.enabled_plugins = { backends: ['csv', 'mysql'], services: ['lookup', 'reverse'], views: ['default_json'] };
  config.services = { reverse: { default: { sources: ['crm', 'phonebook'], timeout: 1, country_code: '33' } } };
  daemon = await startTestDaemon({
    config,
    files: {
      'phonebook.csv': csv(
        ['firstname', 'lastname', 'number'],
        [
          ['Alicia', 'Csv', '2001'],
          ['Also', 'Csv', '1002'],
        ],
      ),
    },
  });
  return daemon;
}

const reverse = async (d: TestDaemon, exten: string) =>
  (await d.get(`/0.1/directories/reverse/default/u1?exten=${encodeURIComponent(exten)}`)).body;

describe('mysql backend in reverse lookups through the daemon', () => {
  it('matches in either first-matched column, gives the first source in profile order, and nulls for no match', async () => {
    const d = await startReverse({ table: 'contacts' });
    expect(await reverse(d, '0612345678')).toMatchObject({ display: "Alice O'Hara", source: 'crm', backend: 'mysql' });
    expect(await reverse(d, '1002')).toMatchObject({ display: "Alice O'Hara", source: 'crm' });
    expect(await reverse(d, '2001')).toMatchObject({ display: 'Alicia Csv', source: 'phonebook' });
    expect(await reverse(d, '9999')).toEqual({ display: null, exten: '9999', fields: {}, source: null, backend: null });
    expect((await reverse(d, "1002' OR '1'='1")).source).toBeNull();
  });

  it('compares formatting-free numbers with normalize_numbers, national and international forms included', async () => {
    const d = await startReverse({ table: 'contacts', normalize_numbers: true });
    for (const exten of ['01 23 45 67 89', '0033123456789', '+33 1 23 45 67 89']) {
      expect((await reverse(d, exten)).display, exten).toBe('Pépé Le Moko');
    }
  });

  it('counts a source whose query fails on the server as no match, logs why, and answers with the next', async () => {
    // Valid when checked at load (no row read), fails on every run: the subquery returns more than one row.
    const failing =
      'SELECT c.id, c.firstname, c.lastname, c.mobile, (SELECT number FROM contacts) AS number FROM contacts c';
    const d = await startReverse({ query: failing });
    expect(await reverse(d, '1002')).toMatchObject({ display: 'Also Csv', source: 'phonebook', backend: 'csv' });
    await d.waitForLog((l) =>
      /source crm \(mysql\) counted as no match: An error occured in first_match: .*more than 1 row/i.test(
        String(l.msg),
      ),
    );
  });

  it('answers by the deadline with the next source when the mysql query hangs', async () => {
    const d = await startReverse({ query: SLOW_QUERY, query_timeout: 30 });
    expect(await reverse(d, '2001')).toMatchObject({ display: 'Alicia Csv', source: 'phonebook' });
    await d.waitForLog((l) => /source crm \(mysql\) counted as no match: timed out after 1000 ms/.test(String(l.msg)));
    await expect.poll(() => queriesRunning(server), { timeout: 3000, interval: 50 }).toBe(0);
  });
});
