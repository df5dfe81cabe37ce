import { lookupConfig, runDaemon, startTestDaemon } from '@dird/dird/testkit';
import { describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

// The tables of every key and every wrong type are beside each schema (config.test.ts of each plugin, and
// apps/dird/src/config/schema.test.ts); these cases show that the file and the key reach the user.

const csvSource = { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'], unique_column: 'clientno' };
const base = lookupConfig({ sources: { my_csv: csvSource } });

describe('the file and the key reach the user', () => {
  it('a service key of the wrong type stops the start (exit 2), naming the conf.d file, the key and what to write', async () => {
    const run = await runDaemon({
      config: base,
      files: {
        'contacts.csv': CONTACTS_CSV,
        'conf.d/50-lookup.yml': 'services:\n  lookup:\n    default:\n      timeout: "0.5"\n',
      },
    });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /conf\.d\/50-lookup\.yml: services\.lookup\.default\.timeout: Expected number \(got the text "0\.5"; expected a number \(remove the quotes\)\)/,
    );
  });

  it('a view key of the wrong type stops the start (exit 2), naming the file and the key inside the display', async () => {
    const config = lookupConfig({ sources: { my_csv: csvSource } });
    (config.views as { displays: Record<string, unknown[]> }).displays.display = [{ title: 2024, field: 'firstname' }];
    const run = await runDaemon({ config, files: { 'contacts.csv': CONTACTS_CSV } });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /config\.yml: views\.displays\.display\.0\.title: .*got the number 2024.*write the text in quotes, such as "2024"/,
    );
  });

  it('a daemon key left empty stops the start (exit 2): no silent default', async () => {
    const run = await runDaemon({ config: 'load_timeout:\n', files: { 'contacts.csv': CONTACTS_CSV } });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /config\.yml: load_timeout: .*the key has no value .*remove the key for the default \(60\)/,
    );
  });

  it('a source key of the wrong type fails that source alone, naming its file and key; the others serve', async () => {
    const daemon = await startTestDaemon({
      files: {
        'contacts.csv': CONTACTS_CSV,
        'other.csv': 'id,firstname\n9,Alibaba\n',
        'sources.d/other.yml':
          'name: other\ntype: csv\nfile: ../other.csv\nsearched_columns: [firstname]\nreload_interval: soon\n',
        'sources.d/numbered.yml': 'name: 2024\ntype: csv\nfile: ../other.csv\n',
      },
      config: lookupConfig({
        // Inline, a name that is not text keeps the source's key, and the source alone fails naming it.
        sources: { my_csv: csvSource, numbered_inline: { name: 7, type: 'csv', file: 'other.csv' } },
        profileSources: ['my_csv', 'other'],
      }),
    });
    try {
      const errors = daemon.logs.filter((l) => l.level === 'error').map((l) => String(l.msg));
      expect(errors).toContainEqual(
        expect.stringMatching(
          /Failed to load back-end `csv` with config `other` \(.*sources\.d\/other\.yml\): sources\.other\.reload_interval: Expected number \(got the text "soon"/,
        ),
      );
      expect(errors).toContainEqual(
        expect.stringMatching(
          /config `numbered_inline` \(.*config\.yml\): sources\.numbered_inline\.name: Expected string \(got the number 7/,
        ),
      );
      expect(errors).toContainEqual(
        expect.stringMatching(
          /sources\.d\/numbered\.yml: name: must be text, not 2024 \(write it in quotes, such as "2024"\)/,
        ),
      );
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(status).toBe(200);
      expect(body.results.map((r: { source: string }) => r.source)).toEqual(['my_csv', 'my_csv']);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('a key a profile does not know is a warning naming the file and the key', async () => {
    const daemon = await startTestDaemon({
      config: base,
      files: {
        'contacts.csv': CONTACTS_CSV,
        'conf.d/50-lookup.yml': 'services:\n  lookup:\n    default:\n      timout: 3\n',
      },
    });
    try {
      await daemon.waitForLog((l) =>
        /conf\.d\/50-lookup\.yml: services\.lookup\.default\.timout: unknown key \(ignored\)/.test(String(l.msg)),
      );
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});
