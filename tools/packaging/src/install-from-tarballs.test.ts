import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { column } from '@dird/core/testkit';
import { lookupConfig, startTestDaemon } from '@dird/dird/testkit';
import { organizationalUnit, personEntries, startSlapd, type Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndPack, installAlso, npmInstall, repoRoot, scratchProject, type Packed } from './tarballs.js';

const run = promisify(execFile);

let tarballs: Map<string, string>;
const packed = new Map<string, Packed>();
let project: string;
let slapd: Slapd;

beforeAll(async () => {
  tarballs = await buildAndPack(packed);
  project = await scratchProject(tarballs, ['@dird/dird']);
  await npmInstall(project);
  slapd = await startSlapd({
    entries: [organizationalUnit('people', 'dc=example,dc=com'), ...personEntries(50, 'ou=people,dc=example,dc=com')],
  });
}, 900_000);

afterAll(async () => {
  await slapd?.stop();
  if (project) await rm(project, { recursive: true, force: true });
  for (const t of tarballs?.values() ?? []) await rm(path.dirname(t), { recursive: true, force: true });
});

const dirdBin = () => path.join(project, 'node_modules', '@dird', 'dird', 'bin', 'dird.js');
const CSV = 'id,firstname,lastname,number\n1,Alice,Alan,1111\n2,Bob,Barker,2222\n';
const csvSource = {
  type: 'csv',
  file: 'contacts.csv',
  searched_columns: ['firstname', 'lastname'],
  first_matched_columns: ['number'],
};
const ldapSource = (uri: string) => ({
  type: 'ldap',
  ldap_uri: uri,
  ldap_base_dn: 'ou=people,dc=example,dc=com',
  unique_column: 'uid',
  searched_columns: ['cn'],
  format_columns: { firstname: '{givenName}', lastname: '{sn}' },
});
const columns = [column('Firstname', 'firstname'), column('Lastname', 'lastname')];

async function installedDirdPackages(): Promise<string[]> {
  return (await readdir(path.join(project, 'node_modules', '@dird'))).sort();
}

describe('what each published tarball holds', () => {
  it('holds only the built code, its types, README, LICENSE and package.json: each built file from a source of today', async () => {
    expect([...packed.keys()].sort()).toEqual(
      expect.arrayContaining(['@dird/core', '@dird/dird', '@dird/backend-csv', '@dird/backend-ldap']),
    );
    for (const [name, { folder, files }] of packed) {
      const unexpected = files.filter(
        (f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !/^(dist|bin|config)\//.test(f),
      );
      expect(unexpected, name).toEqual([]);
      const dist = files.filter((f) => f.startsWith('dist/'));
      expect(
        dist.filter((f) => /\.test\.|\.map$|tsbuildinfo|fixtures?\//.test(f)),
        name,
      ).toEqual([]);
      // Code and types, and the JSON data a module imports (the core's table of plugin kinds).
      expect(
        dist.filter((f) => !/\.(js|d\.ts|json)$/.test(f)),
        name,
      ).toEqual([]);
      // A file left in dist/ by a source since deleted would be published: each must come from src/.
      const stale = dist.filter(
        (f) =>
          !existsSync(path.join(repoRoot, folder, f.replace(/^dist\//, 'src/').replace(/(\.d)?\.ts$|\.js$/, '.ts'))),
      );
      expect(stale, name).toEqual([]);
      const pkg = JSON.parse(await readFile(path.join(repoRoot, folder, 'package.json'), 'utf8')) as {
        exports: Record<string, { types?: string; default?: string } | string>;
        dird?: { entry_points?: Record<string, Record<string, string>> };
      };
      for (const target of Object.values(pkg.exports)) {
        if (typeof target === 'string') continue;
        for (const file of [target.types, target.default])
          expect(files, `${name}: ${file}`).toContain(file!.replace(/^\.\//, ''));
      }
      for (const entries of Object.values(pkg.dird?.entry_points ?? {})) {
        for (const ref of Object.values(entries))
          expect(files, `${name}: ${ref}`).toContain(ref.split(':')[0].replace(/^\.\//, ''));
      }
    }
  });
});

describe('installing the published packages, outside the monorepo', () => {
  it('installs @dird/dird with only what its bundled config uses, as real folders (no link into the repo)', async () => {
    expect(await installedDirdPackages()).toEqual([
      'backend-csv',
      'core',
      'dird',
      'service-lookup',
      'service-reverse',
      'view-rest',
    ]);
    for (const name of await installedDirdPackages()) {
      const dir = path.join(project, 'node_modules', '@dird', name);
      expect((await lstat(dir)).isSymbolicLink(), name).toBe(false);
      expect(await realpath(dir)).toBe(dir);
    }
    const { stdout } = await run('npx', ['--no-install', 'dird', '--version'], { cwd: project });
    expect(stdout).toMatch(/^dird 0\.\d+\.\d+/);
  });

  it('runs the installed daemon with `npx dird -c CONFIG`, answers a lookup and stops on SIGTERM', async () => {
    const daemon = await startTestDaemon({
      command: { argv: ['npx', '--no-install', 'dird'], cwd: project },
      files: { 'contacts.csv': CSV },
      config: lookupConfig({ sources: { c: csvSource }, columns }),
    });
    try {
      const { body } = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([['Alice', 'Alan']]);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('names the package to install when the config enables ldap without it, serves the rest, and loads it once installed', async () => {
    const config = lookupConfig({
      backends: ['csv', 'ldap'],
      sources: { c: csvSource, people: ldapSource(slapd.uri) },
      columns,
    });
    const without = await startTestDaemon({ bin: dirdBin(), files: { 'contacts.csv': CSV }, config });
    try {
      expect(without.logs.find((l) => l.level === 'error')?.msg).toMatch(
        /backend "ldap" is not installed\. It is provided by the npm package @dird\/backend-ldap: run "npm install @dird\/backend-ldap"/,
      );
      const { body } = await without.get('/0.1/directories/lookup/default?term=');
      expect(new Set(body.results.map((r: { source: string }) => r.source))).toEqual(new Set(['c']));
    } finally {
      expect(await without.stop()).toBe(0);
    }

    await installAlso(project, tarballs, '@dird/backend-ldap');
    expect(await installedDirdPackages()).toContain('backend-ldap');
    const daemon = await startTestDaemon({ bin: dirdBin(), files: { 'contacts.csv': CSV }, config });
    try {
      const { body } = await daemon.get('/0.1/directories/lookup/default?term=');
      const sources = new Set(body.results.map((r: { source: string }) => r.source));
      expect(sources).toEqual(new Set(['c', 'people']));
      expect(body.results.filter((r: { source: string }) => r.source === 'people')).toHaveLength(50);
    } finally {
      await daemon.stop();
    }
  });
});

describe('a plugin package written outside this repo', () => {
  it('runs its own daemon-level test with the test kit of the installed @dird/dird', async () => {
    // The plugin a site would write: plain JavaScript, its entry point in its package.json, and a test that
    // starts the real daemon (from the tarballs installed beside it) on a config enabling it.
    const dir = path.join(project, 'dird-backend-greeting');
    const files: Record<string, string> = {
      'package.json': JSON.stringify({
        name: 'dird-backend-greeting',
        version: '1.0.0',
        type: 'module',
        dird: { entry_points: { 'dird.backends': { greeting: './index.js:GreetingSourcePlugin' } } },
      }),
      'index.js': [
        "import { BaseSourcePlugin, ResultBuilder } from '@dird/core';",
        'export class GreetingSourcePlugin extends BaseSourcePlugin {',
        '  load() { this.builder = new ResultBuilder({ source: this.name, backend: this.backend }); }',
        '  search(term, { context }) {',
        "    return [this.builder.build({ firstname: `Hello ${term}`, lastname: context.identity.userUuid ?? 'anonymous' })];",
        '  }',
        '}',
        '',
      ].join('\n'),
      'daemon.test.js': [
        "import assert from 'node:assert/strict';",
        "import { fileURLToPath } from 'node:url';",
        "import { test } from 'node:test';",
        "import { lookupConfig, startTestDaemon } from '@dird/dird/testkit';",
        '',
        "test('the daemon serves the greeting backend', async () => {",
        '  const config = lookupConfig({',
        "    backends: ['greeting'],",
        "    sources: { hello: { type: 'greeting' } },",
        "    extra: { plugin_paths: [fileURLToPath(new URL('.', import.meta.url))] },",
        '  });',
        '  const daemon = await startTestDaemon({ config });',
        '  try {',
        "    const { status, body } = await daemon.get('/0.1/directories/lookup/default?term=world');",
        '    assert.equal(status, 200);',
        "    assert.deepEqual(body.results[0].column_values, ['Hello world', 'anonymous', null]);",
        '  } finally {',
        '    assert.equal(await daemon.stop(), 0);',
        '  }',
        '});',
        '',
      ].join('\n'),
    };
    await mkdir(dir);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'daemon.test.js'], {
      cwd: dir,
      timeout: 120_000,
    });
    expect(stdout).toMatch(/# pass 1/);
    expect(stdout).toMatch(/# fail 0/);
  }, 180_000);
});
