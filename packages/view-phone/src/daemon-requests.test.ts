import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS, get, getDocument, phoneConfig, phonePath } from './test-support/daemon.js';
import { child, childrenNamed, parseXml, textOf } from './test-support/xml-tree.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config: phoneConfig() });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
});

const LOOKUPS = ['cisco', 'aastra', 'polycom', 'snom', 'thomson', 'yealink', 'htek', 'gigaset'];
const INPUTS = ['cisco', 'aastra', 'polycom', 'snom'];
const typeOf = (vendor: string) => (vendor === 'polycom' ? 'text/html; charset=utf-8' : 'text/xml; charset=utf-8');

describe('escaping', () => {
  it.each(LOOKUPS)(
    '%s: a contact named `Bob & <Sons>` leaves a well-formed document holding that name',
    async (vendor) => {
      const query = vendor === 'gigaset' ? '?set_first=sons' : '?term=sons';
      const answer = await get(daemon, phonePath('lookup', vendor, query));
      expect(answer.status).toBe(200);
      expect(answer.type).toBe(typeOf(vendor));
      expect(answer.body).not.toContain('<Sons>');
      expect(parseXml(answer.body).root.text).toContain('Bob & <Sons> (Mobile)');
    },
  );
});

describe('errors', () => {
  it.each([
    ['', 'term is missing'],
    ['?term=a&limit=-1', 'limit must be >= 0'],
    ['?term=a&limit=ten', 'limit must be integer'],
    ['?term=a&offset=-3', 'offset must be >= 0'],
    ['?term=a&offset=1.5', 'offset must be integer'],
  ])('lookup%s: 400 in the common error shape (%s)', async (query, reason) => {
    for (const vendor of LOOKUPS.filter((v) => v !== 'gigaset')) {
      const answer = await get(daemon, phonePath('lookup', vendor, query));
      expect(answer.status).toBe(400);
      expect(answer.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.body)).toMatchObject({ reason: [reason], status_code: 400 });
    }
  });

  it('gigaset: 400 for a bad count or first', async () => {
    for (const query of ['?count=-1', '?first=0', '?first=x']) {
      expect((await get(daemon, phonePath('lookup', 'gigaset', query))).status).toBe(400);
    }
  });

  it('404 with the dird error body for a phone profile that does not exist, on every route', async () => {
    const paths = [
      phonePath('menu', 'cisco', '', 'nope'),
      ...INPUTS.map((v) => phonePath('input', v, '', 'nope')),
      ...LOOKUPS.map((v) => phonePath('lookup', v, '?term=a', 'nope')),
    ];
    for (const path of paths) {
      const answer = await get(daemon, path);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({
        reason: ['The profile `nope` does not exist'],
        status_code: 404,
      });
    }
  });

  it('routes a vendor did not have answer the host 404 in JSON', async () => {
    for (const path of [
      phonePath('menu', 'snom'),
      phonePath('input', 'yealink'),
      phonePath('lookup', 'nokia', '?term='),
    ]) {
      const answer = await get(daemon, path);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body).reason[0]).toMatch(/^No such resource/);
    }
  });

  it('limit=0 gives an empty page that links nowhere (xivo-dird linked it to itself)', async () => {
    const root = (await getDocument(daemon, phonePath('lookup', 'cisco', '?term=&limit=0&offset=4'))).root;
    expect(childrenNamed(root, 'SoftKeyItem')).toEqual([]);
    expect(textOf(child(root, 'DirectoryEntry'), 'Name')).toBe('No entries');
  });

  it('the OpenAPI document describes the phone routes, their query and their document type', async () => {
    const { body } = await daemon.get('/0.1/api/api.json');
    const cisco = body.paths['/0.1/directories/lookup/{profile}/{xivo_user_uuid}/cisco'].get;
    expect(cisco.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['term', 'limit', 'offset', 'profile', 'xivo_user_uuid']),
    );
    expect(Object.keys(cisco.responses['200'].content)).toEqual(['text/xml']);
    expect(
      body.paths['/0.1/directories/input/{profile}/{xivo_user_uuid}/polycom'].get.responses['200'].content,
    ).toHaveProperty('text/html');
    expect(
      body.paths['/0.1/directories/lookup/{profile}/{xivo_user_uuid}/gigaset'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(expect.arrayContaining(['set_first', 'count', 'first']));
  });

  it('the JSON lookup of the same profile still answers beside the phone views', async () => {
    const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=sons');
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
  });
});
