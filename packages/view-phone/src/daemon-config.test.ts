import { lookupConfig, runDaemon, startTestDaemon } from '@dird/dird/testkit';
import { describe, expect, it } from 'vitest';
import { CONTACTS, DIRD_TEST_PLUGINS, get, getDocument, phoneConfig, phonePath, USER } from './test-support/daemon.js';
import { child, textOf } from './test-support/xml-tree.js';

const messages = (logs: readonly { msg?: string }[]) => logs.map((l) => String(l.msg ?? ''));

describe('the phone views in the daemon', () => {
  it('refuse to start on a phone display without number fields, naming the file and key (exit 2)', async () => {
    const config = phoneConfig({
      displays_phone: { main: { name: ['name'], number: [{ name_format: '{name}' }] } },
    });
    const { code, output } = await runDaemon({ files: { 'contacts.csv': CONTACTS }, config });
    expect(code).toBe(2);
    expect(output).toContain('config.yml: views.displays_phone.main.number.0.field');
  });

  it('fail to load, saying which key, when a phone profile names an unknown display; the rest serves', async () => {
    const config = phoneConfig({ profile_to_display_phone: { default: 'main', lobby: 'missing' } });
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config });
    try {
      expect(messages(daemon.logs)).toContainEqual(
        expect.stringMatching(
          /Failed to load view `cisco_view`: .*config\.yml: views\.profile_to_display_phone\.lobby: phone display `missing` is not defined/,
        ),
      );
      expect((await get(daemon, phonePath('lookup', 'cisco', '?term=sons'))).status).toBe(404);
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=sons');
      expect(status).toBe(200);
      expect(body.results).toHaveLength(1);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('fail to load without views.displays_phone (a migrated config that enables cisco_view only)', async () => {
    const config = lookupConfig({
      sources: { contacts: { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'] } },
    });
    (config.enabled_plugins as { views: string[] }).views.push('cisco_view');
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS }, config });
    try {
      expect(messages(daemon.logs)).toContainEqual(
        expect.stringMatching(/Failed to load view `cisco_view`: .*config\.yml: views\.displays_phone: is not set/),
      );
      expect((await daemon.get('/0.1/directories/lookup/default?term=bob')).status).toBe(200);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('look up on behalf of the user in the URL (their personal contacts are searched)', async () => {
    const config = lookupConfig({
      backends: ['store_backed'],
      sources: { memo: { type: 'store_backed' } },
      extra: { plugin_paths: [DIRD_TEST_PLUGINS] },
    });
    Object.assign(config.enabled_plugins as object, { services: ['lookup', 'memo_store'], views: ['cisco_view'] });
    Object.assign(config.services as object, { memo_store: { entries: ['5551234'] } });
    // The test backend answers the number asked for, and who asked: shown here as the entry's name.
    Object.assign(config.views as object, {
      displays_phone: { who: { name: ['asked_by'], number: [{ field: ['name'] }] } },
      profile_to_display_phone: { default: 'who' },
    });
    const daemon = await startTestDaemon({ config });
    try {
      const root = (await getDocument(daemon, phonePath('lookup', 'cisco', '?term=555'))).root;
      expect(textOf(child(root, 'DirectoryEntry'), 'Name')).toBe(USER);
      expect(textOf(child(root, 'DirectoryEntry'), 'Telephone')).toBe('5551234');
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});
