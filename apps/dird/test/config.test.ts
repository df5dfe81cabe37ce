import { column } from '@dird/core/testkit';
import { lookupConfig, runDaemon, startTestDaemon } from '@dird/dird/testkit';
import { describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

const csvSource = { type: 'csv', file: 'contacts.csv', searched_columns: ['firstname'], unique_column: 'clientno' };
const base = lookupConfig({ sources: { my_csv: csvSource }, columns: [column('Main', 'firstname')] });

describe('config files', () => {
  it('reads conf.d beside the main file, the first file in name order winning over later ones and over the main file', async () => {
    const daemon = await startTestDaemon({
      files: {
        'contacts.csv': CONTACTS_CSV,
        'conf.d/20-b.yml': 'views:\n  displays:\n    display:\n      - {title: B, field: firstname}\n',
        'conf.d/10-a.yml': 'views:\n  displays:\n    display:\n      - {title: A, field: firstname}\n',
        'conf.d/.hidden.yml': 'this: [is not even valid',
      },
      config: base,
    });
    try {
      expect((await daemon.get('/0.1/directories/lookup/default/headers')).body.column_headers).toEqual(['A']);
    } finally {
      await daemon.stop();
    }
  });

  it('reads one source per file from sources.d (beside the main file), merged over an inline source of the same name; relative paths follow their file', async () => {
    const daemon = await startTestDaemon({
      configPath: 'etc/config.yml',
      files: {
        'etc/data/contacts.csv': CONTACTS_CSV,
        'etc/sources.d/data/other.csv': 'clientno,firstname\n9,Alibaba\n',
        'etc/sources.d/other.yml': 'name: other\ntype: csv\nfile: data/other.csv\nsearched_columns: [firstname]\n',
        'etc/sources.d/my_csv.yml': 'name: my_csv\nsearched_columns: [firstname, lastname]\n',
        'etc/sources.d/noname.yml': 'type: csv\nfile: x.csv\n',
      },
      config: lookupConfig({
        sources: { my_csv: { ...csvSource, file: 'data/contacts.csv' } },
        profileSources: ['my_csv', 'other'],
      }),
    });
    try {
      const { body } = await daemon.get('/0.1/directories/lookup/default?term=aaa');
      // searched_columns from sources.d/my_csv.yml (lastname included) won over the inline block.
      expect(body.results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual(['Alice']);
      const ali = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(ali.body.results.map((r: { source: string }) => r.source)).toEqual(['my_csv', 'my_csv', 'other']);
      await daemon.waitForLog((l) => /noname\.yml: One of the configs has no name\. Ignoring\./.test(String(l.msg)));
    } finally {
      await daemon.stop();
    }
  });

  it('warns about an unknown top-level key, naming the file and the key it is close to; xivo-dird-only keys pass', async () => {
    const daemon = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV, 'conf.d/typo.yml': 'enabled_plugin:\n  backends: [csv]\n' },
      config: { ...base, consul: { host: 'localhost', port: 8500 }, pid_filename: '/run/dird.pid' },
    });
    try {
      await daemon.waitForLog((l) =>
        /conf\.d\/typo\.yml: unknown key enabled_plugin \(ignored\): did you mean enabled_plugins\?/.test(
          String(l.msg),
        ),
      );
      expect(daemon.logs.map((l) => String(l.msg))).not.toContainEqual(
        expect.stringMatching(/unknown key (consul|pid_filename)/),
      );
    } finally {
      await daemon.stop();
    }
  });

  it('reads YAML 1.1 as xivo-dird (PyYAML) did: merge keys (<<: *anchor) and yes/no/on/off booleans', async () => {
    const daemon = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: [
        'debug: no',
        'enabled_plugins:',
        '  backends: {csv: yes}',
        '  services: {lookup: on}',
        '  views: {default_json: true, headers_view: false}',
        'rest_api:',
        '  listen: 127.0.0.1',
        '  port: 0',
        '  cors: {enabled: off}',
        'views:',
        '  displays:',
        '    display: [{title: Main, field: firstname}]',
        '  profile_to_display: {default: display, shared: display}',
        'services:',
        '  lookup:',
        '    default: &common',
        '      sources: [my_csv]',
        '      timeout: 1',
        '    shared:',
        '      <<: *common',
        '      timeout: 2',
        'sources:',
        '  my_csv: {name: my_csv, type: csv, file: contacts.csv, searched_columns: [firstname], unique_column: clientno}',
        '',
      ].join('\n'),
    });
    try {
      const shared = await daemon.get('/0.1/directories/lookup/shared?term=ali');
      expect(shared.status, JSON.stringify(shared.body)).toBe(200);
      expect(shared.body.results.map((r: { column_values: unknown[] }) => r.column_values[0])).toEqual([
        'Alice',
        'Alicia',
      ]);
      // cors.enabled: off: no CORS header for a browser; headers_view: false: not loaded.
      const res = await fetch(`${daemon.url}/0.1/directories/lookup/default?term=ali`, {
        headers: { origin: 'https://softphone.example' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect((await daemon.get('/0.1/directories/lookup/default/headers')).status).toBe(404);
      // debug: no: no debug lines.
      expect(daemon.logs.some((l) => l.level === 'debug')).toBe(false);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('warns about unknown keys under rest_api the same way, leaving the wazo-dird thread pool sizes alone', async () => {
    const daemon = await startTestDaemon({
      files: {
        'contacts.csv': CONTACTS_CSV,
        'conf.d/typo.yml': 'rest_api:\n  prot: 9489\n  max_threads: 10\n  cors:\n    enable: false\n',
      },
      config: base,
    });
    try {
      await daemon.waitForLog((l) =>
        /conf\.d\/typo\.yml: unknown key rest_api\.prot \(ignored\): did you mean rest_api\.port\?/.test(String(l.msg)),
      );
      await daemon.waitForLog((l) =>
        /typo\.yml: unknown key rest_api\.cors\.enable \(ignored\): did you mean rest_api\.cors\.enabled\?/.test(
          String(l.msg),
        ),
      );
      const messages = daemon.logs.map((l) => String(l.msg));
      expect(messages).not.toContainEqual(expect.stringMatching(/unknown key rest_api\.(max_threads|listen|port)\b/));
      expect(messages).not.toContainEqual(expect.stringMatching(/config\.yml: unknown key/));
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('warns, naming the file and the parse error, about a plugin package.json that is not valid JSON', async () => {
    const daemon = await startTestDaemon({
      files: {
        'contacts.csv': CONTACTS_CSV,
        'plugins/dird-mine/package.json':
          '{"name": "dird-mine", "dird": {"entry_points": {"dird.backends": {"mine": "./index.js:P",}}}}',
      },
      config: {
        ...base,
        plugin_paths: ['plugins/dird-mine'],
        enabled_plugins: { backends: ['csv', 'mine'], services: ['lookup'], views: ['default_json'] },
      },
    });
    try {
      const warning = daemon.logs.find((l) => l.level === 'warn' && /dird-mine\/package\.json/.test(String(l.msg)));
      expect(warning?.msg).toMatch(
        /plugins\/dird-mine\/package\.json is not valid JSON \(.+\): its package is skipped/,
      );
      const error = daemon.logs.find((l) => l.level === 'error' && /backend "mine"/.test(String(l.msg)));
      expect(error?.msg).toMatch(
        /backend "mine" is not installed: .*Packages skipped: .*dird-mine\/package\.json is not valid JSON/,
      );
      expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).body.results).toHaveLength(2);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('logs an enabled plugin no package provides, naming its file, and skips it with its sources; the rest serve', async () => {
    // The shape of wazo-dird's own test asset `multiple_sources`: `unknown` plugins of each kind beside working ones.
    const daemon = await startTestDaemon({
      files: {
        'contacts.csv': CONTACTS_CSV,
        'conf.d/50-more.yml': 'enabled_plugins:\n  backends: [csv, unknown]\n',
      },
      config: {
        ...base,
        enabled_plugins: { backends: ['csv'], services: ['lookup', 'unknown'], views: ['default_json', 'unknown'] },
        sources: { ...(base.sources as object), elsewhere: { name: 'elsewhere', type: 'unknown' } },
      },
    });
    try {
      const errors = daemon.logs.filter((l) => l.level === 'error').map((l) => String(l.msg));
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /conf\.d\/50-more\.yml: enabled_plugins\.backends: backend "unknown" is not installed.*Skipped, with what needs it/,
          ),
          expect.stringMatching(
            /config\.yml: enabled_plugins\.services: service "unknown" is not installed: no package declares it/,
          ),
          expect.stringMatching(
            /config\.yml: enabled_plugins\.views: view "unknown" is not installed.*Installed views: .*default_json/,
          ),
        ]),
      );
      expect(daemon.logs.map((l) => String(l.msg))).toContain(
        'source "elsewhere" skipped: backend "unknown" is not installed',
      );
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(status).toBe(200);
      expect(body.results).toHaveLength(2);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('starts a migrated xivo-dird config that enables plugins dird does not provide, warning about each', async () => {
    const config = lookupConfig({
      sources: { my_csv: csvSource, sample_directory: { type: 'sample' } },
      profileSources: ['sample_directory', 'my_csv'],
      extra: {
        enabled_plugins: {
          backends: ['csv', 'sample'],
          services: ['lookup'],
          views: ['default_json'],
        },
      },
    });
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
    try {
      const messages = daemon.logs.map((l) => String(l.msg));
      for (const [key, name] of [['backends', 'sample']]) {
        expect(messages).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `config\\.yml: enabled_plugins\\.${key}: \\w+ "${name}" is a xivo-dird plugin that dird does not provide: ignored`,
            ),
          ),
        );
      }
      expect(messages).toContainEqual(expect.stringMatching(/source "sample_directory" skipped/));
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(status).toBe(200);
      expect(body.results.map((r: { column_values: string[] }) => r.column_values[0])).toEqual(['Alice', 'Alicia']);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('names the key of a source whose type is not a name, and serves the others', async () => {
    const daemon = await startTestDaemon({
      files: { 'contacts.csv': CONTACTS_CSV },
      config: { ...base, sources: { ...(base.sources as object), odd: { name: 'odd', type: 7 } } },
    });
    try {
      expect(daemon.logs.map((l) => String(l.msg))).toContainEqual(
        expect.stringMatching(
          /source "odd" \(.*config\.yml\): sources\.odd\.type: must be the name of a backend \(a string\), not 7/,
        ),
      );
      expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).body.results).toHaveLength(2);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('skips null and empty names in searched_columns and first_matched_columns, as xivo-dird did', async () => {
    const config = lookupConfig({
      sources: { my_csv: { ...csvSource, searched_columns: ['firstname', null, ''], first_matched_columns: [null] } },
    });
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
    try {
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(status).toBe(200);
      expect(body.results.map((r: { column_values: string[] }) => r.column_values[0])).toEqual(['Alice', 'Alicia']);
      expect(daemon.logs.map((l) => String(l.msg))).not.toContainEqual(expect.stringMatching(/Failed to load/));
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('warns about a profile naming an undefined display and answers it with no columns', async () => {
    const config = lookupConfig({ sources: { my_csv: csvSource } });
    (config.views as { profile_to_display: Record<string, string> }).profile_to_display.default = 'nope';
    const daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
    try {
      await daemon.waitForLog((l) =>
        /Display `nope` is not defined \(views\.profile_to_display\.default\)/.test(String(l.msg)),
      );
      const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(status).toBe(200);
      expect(body.column_headers).toEqual([]);
      expect(body.results[0].column_values).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });
});

describe('config mistakes stop the daemon with the file and the key', () => {
  const expectFatal = async (options: Parameters<typeof runDaemon>[0], message: RegExp, code = 2) => {
    const run = await runDaemon(options);
    expect(run.code, run.output).toBe(code);
    expect(run.output).toMatch(message);
  };

  it('bad YAML: file, line and column', async () => {
    await expectFatal({ config: 'views:\n  displays: [unclosed\n' }, /config\.yml: invalid YAML: line \d+, column \d+/);
  });

  it('bad YAML in conf.d names that file', async () => {
    await expectFatal({ config: base, files: { 'conf.d/50-x.yml': 'a: b: c\n' } }, /conf\.d\/50-x\.yml: invalid YAML/);
  });

  it('a value of the wrong type', async () => {
    await expectFatal(
      { config: { ...base, rest_api: { listen: '127.0.0.1', port: 'http' } } },
      /config\.yml: rest_api\.port: /,
    );
  });

  it('a lookup timeout that is not a positive number, set in conf.d, names the conf.d file', async () => {
    await expectFatal(
      {
        config: base,
        files: {
          'contacts.csv': CONTACTS_CSV,
          'conf.d/x.yml': 'services:\n  lookup:\n    default:\n      timeout: 0\n',
        },
      },
      /conf\.d\/x\.yml: services\.lookup\.default\.timeout: Expected number to be greater than 0/,
    );
  });

  it('nothing loadable: no backend, service or view enabled', async () => {
    await expectFatal(
      { config: { ...base, enabled_plugins: { backends: [], services: ['lookup'], views: ['default_json'] } } },
      /no backend is enabled: list at least one in enabled_plugins\.backends/,
    );
    await expectFatal(
      { config: { ...base, enabled_plugins: { backends: ['csv'], services: ['lookup'], views: [] } } },
      /no view is enabled/,
    );
  });

  it('a log_filename that cannot be written: a folder, or a path under a file', async () => {
    await expectFatal(
      { config: { ...base, log_filename: 'logs' }, files: { 'logs/.keep': '' } },
      /config\.yml: log_filename: cannot write the log file .*\/logs: EISDIR/,
    );
    await expectFatal(
      { config: { ...base, log_filename: 'contacts.csv/dird.log' }, files: { 'contacts.csv': CONTACTS_CSV } },
      /config\.yml: log_filename: cannot write the log file .*\/contacts\.csv\/dird\.log: (ENOTDIR|EEXIST)/,
    );
  });

  it('a missing main config file', async () => {
    const run = await runDaemon({ config: base, args: ['-c', '/nonexistent/dird.yml'] });
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/\/nonexistent\/dird\.yml: no such file/);
  });
});
