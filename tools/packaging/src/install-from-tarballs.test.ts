import { execFile } from 'node:child_process';
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { column, lookupConfig, runDaemon, startTestDaemon } from '@dird/core/testkit';
import { organizationalUnit, personEntries, startSlapd, type Slapd } from '@dird/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndPack, installAlso, npmInstall, scratchProject } from './tarballs.js';

const run = promisify(execFile);

let tarballs: Map<string, string>;
let project: string;
let slapd: Slapd;

beforeAll(async () => {
  tarballs = await buildAndPack();
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

  it('names the package to install when the config enables ldap without it, and loads it once installed', async () => {
    const config = lookupConfig({
      backends: ['csv', 'ldap'],
      sources: { c: csvSource, people: ldapSource(slapd.uri) },
      columns,
    });
    const refused = await runDaemon({ bin: dirdBin(), files: { 'contacts.csv': CSV }, config });
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(
      /backend "ldap" is not installed\. It is provided by the npm package @dird\/backend-ldap: run "npm install @dird\/backend-ldap"/,
    );

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
