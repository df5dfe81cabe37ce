import { column } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon, type LogLine, type TestDaemon } from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV, TEST_PLUGINS } from './helpers.js';

// The contracts of the plugin host, through the real daemon: services loaded in the order of their needs (a
// store before the sources of a backend that needs it), cycles and missing services named, a route that
// declares no access refused, the request context reaching a source, and the start-up report.

let daemon: TestDaemon;

const messages = (d: TestDaemon) => d.logs.map((l) => String(l.msg ?? ''));

beforeAll(async () => {
  const config = lookupConfig({
    backends: ['csv', 'broken', 'store_backed', 'needs_hungry'],
    sources: {
      my_csv: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] },
      memo: { type: 'store_backed' },
      hungry: { type: 'needs_hungry' },
      cannot_load: { type: 'broken' },
    },
    profileSources: ['memo', 'my_csv'],
    columns: [column('Name', 'name'), column('Firstname', 'firstname'), column('Asked by', 'asked_by')],
    extra: { plugin_paths: [TEST_PLUGINS] },
  });
  Object.assign(config.enabled_plugins as object, {
    services: [
      'lookup',
      'reverse',
      'memo_reader',
      'memo_store',
      'cycle_a',
      'cycle_b',
      'needs_missing',
      'source_hungry',
    ],
    views: ['default_json', 'undeclared', 'host_probe'],
  });
  Object.assign(config.services as object, {
    memo_store: { entries: ['Alina Memo', 'Bob Memo'] },
    reverse: { default: { sources: ['memo'] } },
  });
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
});

afterAll(async () => {
  expect(await daemon.stop()).toBe(0);
  // The view's own onClose hook ran when its scope closed.
  expect(messages(daemon)).toContain('host_probe scope closed');
});

describe('services with needs', () => {
  it('loads a service a backend needs before the sources, and a service that needs it after it', async () => {
    const { body } = await daemon.get('/0.1/directories/lookup/default?term=Ali');
    expect(body.results.map((r: { source: string }) => r.source)).toEqual(['memo', 'my_csv', 'my_csv']);
    const order = messages(daemon).filter((m) => /memo_store loaded|sources loaded/.test(m));
    expect(order).toEqual(['memo_store loaded with 0 sources', '2 of 4 sources loaded']);
    expect((await daemon.get('/0.1/test/report')).body.memo_count).toBe(2);
  });

  it('names a cycle of needs, a cycle through the sources, and a service needed but not enabled; the rest serve', () => {
    const failures = messages(daemon).filter((m) => m.startsWith('Failed to load service'));
    expect(failures).toEqual(
      expect.arrayContaining([
        'Failed to load service `cycle_a`: service "cycle_a" is in a cycle of needs: cycle_a → cycle_b → cycle_a',
        'Failed to load service `cycle_b`: service "cycle_b" is in a cycle of needs: cycle_a → cycle_b → cycle_a',
        'Failed to load service `needs_missing`: service "needs_missing" needs service "nowhere_to_be_found", ' +
          'which is not enabled and no installed package provides it (add it to enabled_plugins.services, or install its package)',
        expect.stringMatching(
          /^Failed to load service `source_hungry`: service "source_hungry" is in a cycle of needs: .*source_hungry/,
        ),
      ]),
    );
    expect(messages(daemon)).toContainEqual(
      expect.stringMatching(
        /Failed to load back-end `needs_hungry` with config `hungry` .*needs service "source_hungry", which is not loaded/,
      ),
    );
  });
});

describe('a service needed but not enabled', () => {
  it('is loaded when a package provides it, saying who needs it', async () => {
    const config = lookupConfig({
      sources: { my_csv: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
      extra: { plugin_paths: [TEST_PLUGINS] },
    });
    Object.assign(config.enabled_plugins as object, {
      services: ['lookup', 'memo_reader'],
      views: ['default_json', 'host_probe'],
    });
    Object.assign(config.services as object, { memo_store: { entries: ['one', 'two', 'three'] } });
    const other = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
    try {
      expect(messages(other)).toContain(
        'service "memo_store" is not in enabled_plugins.services, but service "memo_reader" needs it: loading it too',
      );
      expect((await other.get('/0.1/test/report')).body.memo_count).toBe(3);
    } finally {
      expect(await other.stop()).toBe(0);
    }
  });
});

describe('routes', () => {
  it('refuses a view with a route that declares no access: its routes answer 404, the other views serve', async () => {
    expect(messages(daemon)).toContain(
      'Failed to load view `undeclared`: route GET /0.1/test/undeclared declares no access: give it config: requireAcl(template) or publicRoute() from @dird/core',
    );
    for (const url of ['/0.1/test/undeclared', '/0.1/test/declared']) {
      const { status, body } = await daemon.get(url);
      expect(status).toBe(404);
      expect(body.reason).toEqual([`No such resource: GET ${url}`]);
    }
    expect((await daemon.get('/0.1/directories/lookup/default?term=Bob')).status).toBe(200);
  });

  it("lets a view answer its errors in its own shape, and leaves the others' in the common one", async () => {
    const own = await daemon.get('/0.1/test/fail');
    expect(own.status).toBe(418);
    expect(own.body).toBe('probe: on purpose');
    const common = await daemon.get('/0.1/directories/lookup/default');
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({ reason: ['term is missing'], status_code: 400 });
  });
});

describe('the request context', () => {
  it('reaches the sources: a reverse lookup is asked on behalf of the user in its URL, a lookup anonymously', async () => {
    const reverse = await daemon.get('/0.1/directories/reverse/default/user-42?exten=1234');
    expect(reverse.body.fields).toMatchObject({ name: '1234', asked_by: 'user-42' });
    const lookup = await daemon.get('/0.1/directories/lookup/default?term=Memo');
    expect(lookup.body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
      ['Alina Memo', null, 'anonymous'],
      ['Bob Memo', null, 'anonymous'],
    ]);
  });
});

describe('the start-up report', () => {
  const entry = (entries: Record<string, unknown>[], subject: string, name: string) =>
    entries.find((e) => e.subject === subject && e.name === name);

  it('is logged once, when the daemon listens, with every plugin and source, its state, code and reason', () => {
    const lines = daemon.logs.filter((l: LogLine) => String(l.msg).startsWith('start-up report:'));
    expect(lines).toHaveLength(1);
    const entries = lines[0].report as Record<string, unknown>[];
    expect(entry(entries, 'source', 'cannot_load')).toMatchObject({
      state: 'failed',
      backend: 'broken',
      code: 'DIRD_ERR_LOAD_FAILED',
      reason: 'BROKEN',
    });
    expect(entry(entries, 'source', 'my_csv')).toMatchObject({ state: 'loaded', backend: 'csv' });
    expect(entry(entries, 'service', 'cycle_a')).toMatchObject({ state: 'failed', code: 'DIRD_ERR_DEPENDENCY_CYCLE' });
    expect(entry(entries, 'service', 'needs_missing')).toMatchObject({ code: 'DIRD_ERR_DEPENDENCY_MISSING' });
    expect(entry(entries, 'view', 'undeclared')).toMatchObject({ state: 'failed', code: 'DIRD_ERR_ROUTE_UNDECLARED' });
    expect(entry(entries, 'view', 'default_json')).toMatchObject({ state: 'loaded', package: '@dird/view-rest@0.1.0' });
    expect(String(lines[0].msg)).toMatch(
      /backends: 4 loaded; sources: 2 loaded, 2 failed; services: 4 loaded, 4 failed; views: 2 loaded, 1 failed/,
    );
  });

  it('is kept and readable by plugins at request time, complete', async () => {
    const { body } = await daemon.get('/0.1/test/report');
    expect(body.complete).toBe(true);
    expect(entry(body.entries, 'source', 'cannot_load')).toMatchObject({
      state: 'failed',
      code: 'DIRD_ERR_LOAD_FAILED',
    });
  });
});
