import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { column, csv } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCsvService, type CsvService } from './csv-service.js';

let service: CsvService;
let storeDir: string;
let daemon: TestDaemon;
const TIMEOUT_S = 1;
const TOKEN = 'csv-ws-test-token-5f1e2d';
const AUTH = { 'X-Auth-Token': TOKEN };

beforeAll(async () => {
  service = await startCsvService();
  storeDir = await mkdtemp(path.join(os.tmpdir(), 'dird-csv-ws-store-'));
  const ws = (url: string, block: Record<string, unknown> = {}) => ({
    type: 'csv_ws',
    lookup_url: url,
    unique_column: 'id',
    searched_columns: ['firstname', 'lastname'],
    first_matched_columns: ['number', 'mobile'],
    format_columns: { name: '{firstname} {lastname}', phone: '{number}', reverse: '{firstname} {lastname}' },
    ...block,
  });
  const config = lookupConfig({
    backends: ['csv', 'csv_ws'],
    timeout: TIMEOUT_S,
    columns: [column('Name', 'name', 'name'), column('Number', 'phone', 'number'), column('Fav', 'fav', 'favorite')],
    profileSources: ['web', 'secure', 'local'],
    sources: {
      web: ws(`${service.http}/utf8/lookup`, { list_url: `${service.http}/latin1/list` }),
      // The CA file is named relative to the config file, which is where it is looked for.
      secure: ws(`${service.https}/latin1/lookup`, { verify_certificate: 'certs/ca.pem' }),
      // Its own timeout is far beyond the profile's: only the lookup's deadline can cut it.
      hanging: ws(`${service.http}/hang`, { timeout: 60 }),
      broken: ws(`${service.http}/broken`),
      local: {
        type: 'csv',
        file: 'local.csv',
        searched_columns: ['firstname'],
        first_matched_columns: ['number'],
        format_columns: { name: '{firstname} {lastname}', phone: '{number}', reverse: '{firstname} {lastname}' },
      },
    },
  }) as {
    enabled_plugins: Record<string, string[]>;
    services: Record<string, Record<string, unknown>>;
    views: { profile_to_display: Record<string, string> };
  };
  config.enabled_plugins.services = ['lookup', 'reverse', 'favorites'];
  config.services.favorites = { default: { sources: ['web', 'secure', 'local'] } };
  Object.assign(config, {
    db_uri: `sqlite:///${path.join(storeDir, 'users.db')}`,
    auth: { tokens: [{ token: TOKEN, user_uuid: 'a11ce000-0000-4000-8000-000000000001', acls: ['dird.#'] }] },
  });
  config.services.lookup.degraded = { sources: ['hanging', 'broken', 'local'], timeout: TIMEOUT_S };
  config.services.reverse = { default: { sources: ['hanging', 'broken', 'web', 'local'], timeout: TIMEOUT_S } };
  config.views.profile_to_display.degraded = 'display';
  daemon = await startTestDaemon({
    config,
    files: {
      'local.csv': csv(['firstname', 'lastname', 'number'], [['Alice', 'Local', '1111']]),
      'certs/ca.pem': await readFile(service.caFile, 'utf8'),
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await service?.close();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

async function lookup(profile: string, term: string) {
  const res = await daemon.get(`/0.1/directories/lookup/${profile}?term=${encodeURIComponent(term)}`, AUTH);
  expect(res.status).toBe(200);
  return (res.body.results as { column_values: string[]; source: string; relations: Record<string, unknown> }[]).map(
    (r) => `${r.source}:${r.column_values[0]}:${String(r.relations.source_entry_id)}`,
  );
}

describe('csv_ws sources through the daemon (behaviour reference §5.2)', () => {
  it('answer beside a CSV file: UTF-8 over HTTP, ISO-8859-1 over HTTPS with the CA file given', async () => {
    expect(daemon.logs.filter((l) => /unknown key|not installed/.test(String(l.msg)))).toEqual([]);
    expect(await lookup('default', 'ali')).toEqual([
      'web:Alice Alan:1',
      'secure:Alice Alan:1',
      'local:Alice Local:null',
    ]);
    expect(await lookup('default', 'hél')).toEqual(['web:Hélène Müller:2', 'secure:Hélène Müller:2']);
  });

  it('answer nothing for a 404 of the service', async () => {
    expect(await lookup('default', 'nobody')).toEqual([]);
  });

  it('leave out a failing and a hanging service: the lookup answers with the other source by its deadline', async () => {
    const started = performance.now();
    expect(await lookup('degraded', 'ali')).toEqual(['local:Alice Local:null']);
    // The hanging service costs the profile timeout (1 s) at most; the margin only absorbs a slow machine.
    expect(performance.now() - started).toBeLessThan(TIMEOUT_S * 1000 + 3000);
    await daemon.waitForLog((l) => /source hanging \(csv_ws\) dropped: timed out after 1000 ms/.test(String(l.msg)));
    await daemon.waitForLog((l) =>
      String(l.msg).includes(
        `source broken (csv_ws) dropped: An error occured in search: GET ${service.http}/broken answered 500`,
      ),
    );
  });

  it('answer reverse lookups with the first row whose number is exactly the one asked', async () => {
    const reverse = async (exten: string) =>
      (await daemon.get(`/0.1/directories/reverse/default/u1?exten=${encodeURIComponent(exten)}`, AUTH)).body;
    expect(await reverse('1111')).toMatchObject({ display: 'Alice Alan', source: 'web', backend: 'csv_ws' });
    expect(await reverse('0644444444')).toMatchObject({ display: 'Zoë Ünal', source: 'web' });
    expect(await reverse('9999')).toMatchObject({ display: null, source: null });
  });

  it('list favorites from list_url, by unique id, in the order of its answer', async () => {
    for (const id of ['4', '2']) {
      const put = await fetch(`${daemon.url}/0.1/directories/favorites/web/${id}`, { method: 'PUT', headers: AUTH });
      expect(put.status).toBe(204);
    }
    const res = await daemon.get('/0.1/directories/favorites/default', AUTH);
    expect(res.status).toBe(200);
    expect(
      res.body.results.map((r: { source: string; column_values: unknown[] }) => [r.source, ...r.column_values]),
    ).toEqual([
      ['web', 'Hélène Müller', '2222', true],
      ['web', 'Zoë Ünal', '4444', true],
    ]);
    // And marked in lookups.
    expect((await lookup('default', 'zo')).filter((r) => r.startsWith('web:'))).toEqual(['web:Zoë Ünal:4']);
    const found = await daemon.get('/0.1/directories/lookup/default?term=zo', AUTH);
    expect(found.body.results[0].column_values).toEqual(['Zoë Ünal', '4444', true]);
  });
});
