import { lookupConfig, runDaemon, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { startConfd, startWazoAuth, startWebiPhonebook } from '@dird/test-servers';
import { describe, expect, it } from 'vitest';

// Configs written in the shapes of xivo-dird's and wazo-dird's own (shipped config.yml and conf.d of 2016,
// wazo-dird's of 2018, their integration-test assets), with local paths.

const LIVE = 'clientno,firstname,lastname,number\n1,Alice,Live,5555555555\n2,Bob,Live,5555551234\n';
const STALE = 'clientno,firstname,lastname,number\n1,Alistair,Stale,5555555555\n';
const OTHER = 'id,firstname,lastname,number\n7,Alix,Other,5555555555\n';

/**
 * A stand-in for xivo-confgen: prints the YAML xivo-confgen generated for dird (its mapping form of sources),
 * its web interface's phonebook at `webi` (a port where nothing listens unless a test gives one).
 */
const confgen = (webi = 'http://127.0.0.1:9') =>
  [
    'case "$1" in',
    '  dird/services.yml) cat <<EOF',
    'services:',
    '  favorites:',
    '    default:',
    '      sources: {my_csv: true, personal: true}',
    '      timeout: 2.9',
    '  lookup:',
    '    default:',
    '      sources:',
    '        my_csv: true',
    '        xivo_phonebook: true',
    '        xivo_users: true',
    '        personal: true',
    '      timeout: 2.9',
    '  reverse:',
    '    default:',
    '      sources: {my_csv: true, xivo_phonebook: true, personal: true}',
    '      timeout: 1',
    'EOF',
    '  ;;',
    '  dird/views.yml) cat <<EOF',
    'views:',
    '  displays:',
    '    default:',
    '    - {default: null, field: firstname, title: Firstname, type: name}',
    '    - {default: null, field: lastname, title: Lastname, type: name}',
    '    - {default: null, field: number, title: Number, type: number}',
    '    - {default: null, field: favorite, title: Favorite, type: favorite}',
    '  profile_to_display: {default: default}',
    'EOF',
    '  ;;',
    '  dird/sources.yml) cat <<EOF',
    'sources:',
    '  xivo_phonebook:',
    '    name: xivo_phonebook',
    '    type: phonebook',
    `    phonebook_url: ${webi}/service/ipbx/json.php/private/pbx_services/phonebook`,
    '    searched_columns: [phonebook.firstname, phonebook.lastname, phonebook.society]',
    '    first_matched_columns: [phonebooknumber.office.number, phonebooknumber.mobile.number]',
    '    format_columns:',
    '      firstname: "{phonebook.firstname}"',
    '      lastname: "{phonebook.lastname}"',
    '      number: "{phonebooknumber.office.number}"',
    '      reverse: "{phonebook.displayname}"',
    'EOF',
    '  ;;',
    '  *) echo "xivo-confgen: unknown resource $1" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');

/** xivo-dird's config.yml of 2016 as a site has it (defaults written out, with the keys dird does not use). */
const XIVO_DIRD_2016 = `# This file should not be modified as it may get changed by the maintainer.
# Add extra configuration files in the extra_config_files directory to override
# the content from this file

debug: False
foreground: False
log_level: info
pid_filename: /var/run/xivo-dird/xivo-dird.pid
user: www-data

# Extra configuration directory where the config files overriding this file
# should be.
extra_config_files: conf.d/
source_config_dir: sources.d

rest_api:
    listen: 127.0.0.1
    port: 0
    wsgi_socket: /var/run/xivo-dird/xivo-dird.sock
    cors:
        enabled: True
        allow_headers: Content-Type, X-Auth-Token

auth:
    host: localhost
    port: 9497

consul:
    scheme: https
    host: localhost
    port: 8500
    verify: /usr/share/xivo-certs/server.crt

enabled_plugins:
    backends:
        - csv
        - phonebook
        - personal
        - xivo
    services:
        - favorites
        - lookup
        - personal
        - reverse
    views:
        - aastra_view
        - cisco_view
        - default_json
        - headers_view
        - personal_view
`;

/** The token the wazo-auth stand-in knows, with the ACLs a phone user of xivo-dird had. */
const TOKEN = '7a1f3e9c-0000-4000-8000-00000000a0c1';
const asUser = { 'X-Auth-Token': TOKEN };

/** A wazo-auth stand-in: the configs of the originals name one (`auth: {host, port}`), and dird uses it. */
async function authServer() {
  return startWazoAuth({
    tokens: { [TOKEN]: { auth_id: 'd2a5b1d6-0000-4000-8000-000000000001', acl: ['dird.directories.#'] } },
  });
}

/** A conf.d file pointing the original's `auth` section at the stand-in (conf.d wins over config.yml). */
const authOverride = (auth: { port: number }) =>
  `auth:\n  host: 127.0.0.1\n  port: ${auth.port}\n  https: false\n  verify_certificate: false\n`;

const lookupNames = async (daemon: TestDaemon, profile: string, term: string) => {
  const { status, body } = await daemon.get(`/0.1/directories/lookup/${profile}?term=${term}`, asUser);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.results.map((r: { column_values: string[]; source: string }) => `${r.column_values[0]} (${r.source})`);
};

const reverseName = async (daemon: TestDaemon, profile: string, exten: string) => {
  const { status, body } = await daemon.get(
    `/0.1/directories/reverse/${profile}/d2a5b1d6-0000-4000-8000-000000000001?exten=${exten}`,
    asUser,
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return `${body.display} (${body.source})`;
};

const messages = (daemon: TestDaemon, level?: string) =>
  daemon.logs.filter((l) => level === undefined || l.level === level).map((l) => String(l.msg));

describe('a xivo-dird config of 2016 as a site has it', () => {
  it('starts with its conf.d of !exec files, a README and a .dpkg-old, and answers from the live sources', async () => {
    const auth = await authServer();
    // The XiVO's web interface (its phonebook) and xivo-confd (its users).
    const [webi, confd] = await Promise.all([startWebiPhonebook(), startConfd()]);
    const daemon = await startTestDaemon({
      configPath: 'etc/xivo-dird/config.yml',
      args: ['-d'],
      files: {
        'usr/bin/xivo-confgen.sh': confgen(webi.http),
        'etc/xivo-dird/conf.d/050-xivo-services.yml':
          '!exec\ncommand: sh ../../../usr/bin/xivo-confgen.sh dird/services.yml\n',
        'etc/xivo-dird/conf.d/050-xivo-sources.yml':
          '!exec\ncommand: sh ../../../usr/bin/xivo-confgen.sh dird/sources.yml\n',
        'etc/xivo-dird/conf.d/050-xivo-views.yml':
          '!exec\ncommand: sh ../../../usr/bin/xivo-confgen.sh dird/views.yml\n',
        'etc/xivo-dird/conf.d/010-test-auth.yml': authOverride(auth),
        // Its favorites and personal contacts in the test's folder (relative to config.yml), not the default one.
        'etc/xivo-dird/conf.d/010-test-store.yml': 'db_uri: sqlite:///../../var/lib/dird/dird.sqlite\n',
        // Neither is YAML dird could use: read, either would stop the start.
        'etc/xivo-dird/conf.d/README': 'Files here override config.yml: the first in name order wins: see the docs.\n',
        'etc/xivo-dird/conf.d/010-local.yml.dpkg-old': 'services:\n  lookup:\n    default:\n      timeout: soon\n',
        'etc/xivo-dird/sources.d/my_csv.yml':
          'type: csv\nname: my_csv\nfile: ../../../var/lib/live.csv\nunique_column: clientno\n' +
          'searched_columns: [firstname, lastname]\nfirst_matched_columns: [number]\n' +
          "format_columns:\n    reverse: '{firstname} {lastname}'\n",
        // Left by a package upgrade: the same source with stale rows; read, it would replace the live one.
        'etc/xivo-dird/sources.d/my_csv.yml.dpkg-old':
          'type: csv\nname: my_csv\nfile: ../../../var/lib/stale.csv\nsearched_columns: [firstname]\n',
        // As XiVO shipped it, but for confd's port.
        'etc/xivo-dird/sources.d/xivo_users.yml':
          'type: xivo\nname: xivo_users\nunique_column: id\nsearched_columns: [firstname, lastname]\n' +
          'format_columns:\n    number: "{exten}"\n    mobile: "{mobile_phone_number}"\n' +
          `confd_config:\n    https: false\n    host: 127.0.0.1\n    port: ${confd.httpPort}\n    version: 1.1\n    timeout: 4\n`,
        'etc/xivo-dird/sources.d/personal.yml':
          'type: personal\nname: personal\nfirst_matched_columns: [number, mobile]\nsearched_columns: [firstname]\n',
        'var/lib/live.csv': LIVE,
        'var/lib/stale.csv': STALE,
      },
      config: XIVO_DIRD_2016,
    });
    try {
      expect(await lookupNames(daemon, 'default', 'ali')).toEqual([
        'Alice (my_csv)',
        'Alice (xivo_phonebook)',
        'Alice (xivo_users)',
      ]);
      expect(await reverseName(daemon, 'default', '5555555555')).toBe('Alice Live (my_csv)');
      expect(await reverseName(daemon, 'default', '0478000001')).toBe('Alice Alan (xivo_phonebook)');
      // The original's auth section is used: each request's token was checked against it.
      expect(auth.requests.map((r) => r.scope).filter(Boolean)).toContain('dird.directories.lookup.default.read');
      expect((await daemon.get('/0.1/directories/lookup/default?term=ali')).status).toBe(401);
      const debug = messages(daemon, 'debug');
      expect(debug).toContainEqual(expect.stringMatching(/conf\.d\/README: not read \(only \*\.yml files are read\)/));
      expect(debug).toContainEqual(expect.stringMatching(/sources\.d\/my_csv\.yml\.dpkg-old: not read/));
      expect(debug).toContainEqual(expect.stringMatching(/conf\.d\/010-local\.yml\.dpkg-old: not read/));
      const all = messages(daemon);
      expect(all).not.toContainEqual(expect.stringMatching(/unknown key/));
      // Every plugin it enables is installed and every source it names loads.
      expect(all).not.toContainEqual(expect.stringMatching(/not installed|skipped|not loaded/));
    } finally {
      expect(await daemon.stop()).toBe(0);
      await Promise.all([auth.close(), webi.close(), confd.close()]);
    }
  });

  it('an !exec command that fails stops the start (exit 2), naming the file, the command and its error output', async () => {
    const run = await runDaemon({
      configPath: 'etc/xivo-dird/config.yml',
      files: {
        'usr/bin/xivo-confgen.sh': confgen(),
        'etc/xivo-dird/conf.d/050-xivo-services.yml':
          '!exec\ncommand: sh ../../../usr/bin/xivo-confgen.sh dird/phones.yml\n',
      },
      config: XIVO_DIRD_2016,
    });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /conf\.d\/050-xivo-services\.yml: !exec command `sh \.\.\/\.\.\/\.\.\/usr\/bin\/xivo-confgen\.sh dird\/phones\.yml` failed \(exit code 2\); its error output ends with:\nxivo-confgen: unknown resource dird\/phones\.yml/,
    );
  });
});

/** wazo-dird's config.yml of 2018: the mapping form everywhere, HTTPS under rest_api.https, and its other services. */
const WAZO_DIRD_2018 = `extra_config_files: conf.d/
source_config_dir: sources.d
db_uri: postgresql://asterisk:proformatique@localhost/asterisk
rest_api:
  https:
    listen: 127.0.0.1
    port: 0
  cors:
    enabled: True
    allow_headers: [Content-Type, X-Auth-Token, Wazo-Tenant]
auth:
  host: localhost
  port: 9497
  verify_certificate: /usr/share/xivo-certs/server.crt
  key_file: /var/lib/wazo-auth-keys/wazo-dird-key.yml
bus:
  username: guest
  password: guest
  host: localhost
  port: 5672
  exchange_name: xivo
  exchange_type: topic
  exchange_durable: True
consul:
  scheme: https
  host: localhost
  port: 8500
  verify: /usr/share/xivo-certs/server.crt
enabled_plugins:
  backends:
    conference: true
    csv: true
    csv_ws: true
    google: true
    ldap: false
    personal: true
    wazo: true
  views:
    api_view: true
    backends_view: true
    config_view: true
    default_json: true
    headers_view: true
    personal_view: true
    status_view: true
services:
  service_discovery:
    template_path: /etc/wazo-dird/templates.d
    services: {}
service_discovery:
  enabled: false
  advertise_address: auto
  advertise_address_interface: eth0
  advertise_port: 9489
  ttl_interval: 30
  refresh_interval: 27
  retry_interval: 2
  extra_tags: []
`;

const WAZO_FILES = {
  'conf.d/050-profiles.yml': [
    'views:',
    '  displays:',
    '    default_display:',
    '      - {title: Firstname, default: Unknown, field: firstname}',
    '      - {title: Lastname, default: Unknown, field: lastname}',
    '      - {title: Number, default: , field: number}',
    '  profile_to_display:',
    '    default: default_display',
    'services:',
    '  lookup:',
    '    default:',
    '      sources: {my_csv: true, other_csv: false, wazo_users: true}',
    '      timeout: 0.5',
    '  reverse:',
    '    default:',
    '      sources: {other_csv: false, my_csv: true}',
    '',
  ].join('\n'),
  'sources.d/my_csv.yml':
    'type: csv\nname: my_csv\nfile: ../live.csv\nsearched_columns: [firstname]\nfirst_matched_columns: [number]\nformat_columns: {reverse: "{firstname} {lastname}"}\n',
  'sources.d/other_csv.yml':
    'type: csv\nname: other_csv\nfile: ../other.csv\nsearched_columns: [firstname]\nfirst_matched_columns: [number]\n',
  'sources.d/wazo_users.yml': 'type: wazo\nname: wazo_users\nauth: {host: localhost}\nconfd: {host: localhost}\n',
  'live.csv': LIVE,
  'other.csv': OTHER,
};

describe('a wazo-dird config of 2018 as a site has it', () => {
  it('without enabled_plugins.services (wazo-dird enabled its services in code) the start stops, saying what to add', async () => {
    const run = await runDaemon({ config: WAZO_DIRD_2018, files: WAZO_FILES });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(
      /no service is enabled: list at least one in enabled_plugins\.services \(installed: .*lookup.*reverse/,
    );
  });

  it('with the services enabled in conf.d, starts and answers through the mapping forms, the sources set to false left out', async () => {
    const auth = await authServer();
    const daemon = await startTestDaemon({
      config: WAZO_DIRD_2018,
      files: {
        ...WAZO_FILES,
        'conf.d/010-dird.yml': 'enabled_plugins:\n  services:\n    lookup: true\n    reverse: true\n',
        'conf.d/005-test-auth.yml': authOverride(auth),
      },
    });
    try {
      expect(await lookupNames(daemon, 'default', 'ali')).toEqual(['Alice (my_csv)']);
      expect(await reverseName(daemon, 'default', '5555555555')).toBe('Alice Live (my_csv)');
      const all = messages(daemon);
      expect(all).not.toContainEqual(expect.stringMatching(/unknown key/));
      expect(all).toContainEqual(expect.stringMatching(/enabled_plugins\.backends: backend "google" is not installed/));
      expect(all).toContainEqual(expect.stringMatching(/enabled_plugins\.views: view "config_view" is not installed/));
      // other_csv is set to false in both profiles: not named among the sources that did not load.
      expect(all).toContainEqual(
        expect.stringMatching(
          /services\.lookup\.default\.sources names sources that are not loaded \(skipped\): wazo_users$/,
        ),
      );
    } finally {
      expect(await daemon.stop()).toBe(0);
      await auth.close();
    }
  });
});

describe("a profile's sources as a list or as wazo-dird's mapping, side by side", () => {
  const csv = (file: string, unique: string) => ({
    type: 'csv',
    file,
    unique_column: unique,
    searched_columns: ['firstname'],
    first_matched_columns: ['number'],
    format_columns: { reverse: '{firstname} {lastname}' },
  });
  const config = lookupConfig({
    sources: { live_csv: csv('live.csv', 'clientno'), other_csv: csv('other.csv', 'id') },
  });
  config.enabled_plugins = { backends: ['csv'], services: ['lookup', 'reverse'], views: ['default_json'] };
  (config.views as { profile_to_display: Record<string, string> }).profile_to_display = {
    listed: 'display',
    mapped: 'display',
  };
  config.services = {
    lookup: {
      listed: { sources: ['other_csv', 'live_csv'] },
      // The names set to true, in the mapping's order.
      mapped: { sources: { live_csv: true, gone_csv: false, other_csv: true } },
    },
    reverse: {
      listed: { sources: ['other_csv', 'live_csv'] },
      mapped: { sources: { other_csv: false, live_csv: true } },
    },
  };

  it('lookup and reverse answer each profile in its own order; a source set to false is not asked', async () => {
    const daemon = await startTestDaemon({ config, files: { 'live.csv': LIVE, 'other.csv': OTHER } });
    try {
      expect(await lookupNames(daemon, 'listed', 'ali')).toEqual(['Alix (other_csv)', 'Alice (live_csv)']);
      expect(await lookupNames(daemon, 'mapped', 'ali')).toEqual(['Alice (live_csv)', 'Alix (other_csv)']);
      // Both sources hold 5555555555: the first in the profile's order wins.
      expect(await reverseName(daemon, 'listed', '5555555555')).toBe('Alix Other (other_csv)');
      expect(await reverseName(daemon, 'mapped', '5555555555')).toBe('Alice Live (live_csv)');
      expect(messages(daemon)).not.toContainEqual(expect.stringMatching(/gone_csv|not loaded/));
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  for (const service of ['lookup', 'reverse']) {
    it(`${service}: {default: [my_csv]}, a list where the profile's settings are expected, stops the start naming file and key`, async () => {
      const run = await runDaemon({
        config,
        files: {
          'live.csv': LIVE,
          'other.csv': OTHER,
          'conf.d/50-profiles.yml': `services:\n  ${service}:\n    default: [live_csv]\n`,
        },
      });
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain(
        `conf.d/50-profiles.yml: services.${service}.default: Expected object (got a list (["live_csv"]); ` +
          'expected a profile: a mapping of its settings, such as {sources: [my_csv], timeout: 1})',
      );
    });
  }
});

describe('keys of the originals', () => {
  it('start without an unknown-key warning; lookup_timeout says where its meaning went; a .yaml file in conf.d is named', async () => {
    const daemon = await startTestDaemon({
      files: {
        'live.csv': LIVE,
        'conf.d/20-mine.yaml': 'debug: true\n',
      },
      config: {
        ...lookupConfig({ sources: { my_csv: { type: 'csv', file: 'live.csv', searched_columns: ['firstname'] } } }),
        db_uri: 'postgresql://asterisk:proformatique@localhost/asterisk',
        service_discovery: { enabled: false, advertise_port: 9489 },
        consul: { host: 'localhost', port: 8500 },
        bus: { enabled: false, host: 'localhost' },
        enabled: true,
        debug: false,
        foreground: false,
        pid_filename: '/var/run/xivo-dird/xivo-dird.pid',
        user: 'www-data',
        lookup_timeout: 3,
        rest_api: { min_threads: 10, max_threads: 100, wsgi_socket: '/var/run/xivo-dird/xivo-dird.sock' },
      },
    });
    try {
      const warnings = messages(daemon, 'warn');
      expect(warnings.filter((m) => /unknown key/.test(m))).toEqual([]);
      expect(warnings).toContainEqual(
        expect.stringMatching(
          /config\.yml: lookup_timeout is not read by dird \(ignored\): .*services\.lookup\.<profile>\.timeout \(default 1 s\)/,
        ),
      );
      expect(warnings).toContainEqual(
        expect.stringMatching(
          /conf\.d\/20-mine\.yaml: not read \(only \*\.yml files are read, as in xivo-dird: rename it to \.yml\)/,
        ),
      );
      expect(await lookupNames(daemon, 'default', 'ali')).toEqual(['Alice (my_csv)']);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});
