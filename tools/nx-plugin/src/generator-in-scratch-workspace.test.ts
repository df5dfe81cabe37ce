import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Testkit from '@dird/dird/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from './examples.js';
import { createScratchWorkspace, type ScratchWorkspace } from './testing/scratch-workspace.js';

// Names that exercise the snake_case -> kebab-case/PascalCase derivations, and differ from the examples'.
const PLUGINS = [
  { kind: 'backend', name: 'team_phones', dir: 'packages/backend-team-phones', file: 'team-phones-source-plugin' },
  // A service's contract is a module of its own, for other plugins to import as a type.
  { kind: 'service', name: 'noop', dir: 'packages/service-noop', file: 'noop-service-plugin', more: ['contract'] },
  { kind: 'view', name: 'hello_world', dir: 'packages/view-hello-world', file: 'hello-world-view-plugin' },
] as const;

const extraModules = (p: (typeof PLUGINS)[number]): readonly string[] => ('more' in p ? p.more : []);

const PACKAGE_FILES = ['LICENSE', 'README.md', 'package.json', 'tsconfig.lib.json', 'src/config.ts', 'src/index.ts'];

let scratch: ScratchWorkspace;

beforeAll(async () => {
  scratch = await createScratchWorkspace(workspaceRoot);
}, 60_000);

afterAll(async () => {
  await scratch?.remove();
});

const nx = (...args: string[]) =>
  scratch.node([path.join(scratch.dir, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args]);

describe('the plugin generator, in a scratch copy of the workspace', () => {
  it('creates packages/<kind>-<name> for each kind, changing nothing else but the root tsconfig.json', async () => {
    for (const p of PLUGINS) {
      const output = await nx('g', '@dird/tools:plugin', p.name, '--kind', p.kind, '--skipInstall', '--no-interactive');
      const changes = [...output.matchAll(/^(CREATE|UPDATE|DELETE) (\S+)$/gm)].map(([, type, file]) => ({
        type,
        file,
      }));
      expect(changes.filter((c) => !c.file.startsWith(`${p.dir}/`))).toEqual([
        { type: 'UPDATE', file: 'tsconfig.json' },
      ]);
      const created = changes.filter((c) => c.type === 'CREATE').map((c) => c.file.slice(p.dir.length + 1));
      const modules = extraModules(p).map((m) => `src/${m}.ts`);
      expect(created.sort()).toEqual(
        [...PACKAGE_FILES, ...modules, `src/${p.file}.test.ts`, `src/${p.file}.ts`].sort(),
      );
      // What `npm install` does for a new workspace package (the generator runs it unless --skipInstall).
      await scratch.link(p.dir);
    }
  }, 90_000);

  it('builds the new packages and passes their own tests, the registry test included, through Nx', async () => {
    const projects = PLUGINS.map((p) => `@dird/${path.basename(p.dir)}`).join(',');
    const output = await nx(
      'run-many',
      '-t',
      'build',
      'test',
      '-p',
      projects,
      '--outputStyle=static',
      '--skip-nx-cache',
    );
    expect(output).toMatch(/Successfully ran targets build, test for 3 projects/);
    for (const p of PLUGINS) {
      expect(output).toMatch(new RegExp(`${p.file}\\.test\\.ts \\(\\d+ tests?\\)`));
      for (const ext of ['js', 'd.ts'])
        expect(existsSync(path.join(scratch.dir, p.dir, 'dist', `${p.file}.${ext}`))).toBe(true);
    }
  }, 120_000);

  it('packs only the built code, README, LICENSE and package.json', async () => {
    for (const p of PLUGINS) {
      const [packed] = JSON.parse(await scratch.npm(['pack', '--dry-run', '--json', `./${p.dir}`])) as {
        files: { path: string }[];
      }[];
      const files = packed.files.map((f) => f.path).sort();
      expect(files).toEqual(
        [
          'LICENSE',
          'README.md',
          'package.json',
          'dist/config.js',
          'dist/config.d.ts',
          'dist/index.js',
          'dist/index.d.ts',
          `dist/${p.file}.js`,
          `dist/${p.file}.d.ts`,
          ...extraModules(p).flatMap((m) => [`dist/${m}.js`, `dist/${m}.d.ts`]),
        ].sort(),
      );
    }
  }, 60_000);

  it("runs the copy's own daemon, unchanged, with all three enabled, and serves them over HTTP", async () => {
    // The copy's test kit runs the copy's daemon, which discovers the new packages.
    const kit = (await import(
      pathToFileURL(path.join(scratch.dir, 'apps', 'dird', 'src', 'testkit', 'index.ts')).href
    )) as typeof Testkit;
    const daemon = await kit.startTestDaemon({
      config: {
        enabled_plugins: {
          backends: ['team_phones'],
          services: ['lookup', 'noop'],
          views: ['default_json', 'hello_world'],
        },
        sources: {
          team: {
            type: 'team_phones',
            searched_columns: ['firstname', 'lastname'],
            unique_column: 'id',
            contacts: [
              { id: '1', firstname: 'Alice', lastname: 'Martin', number: '1001' },
              { id: '2', firstname: 'Bob', lastname: 'Alis', number: '1002' },
              { id: '3', firstname: 'Carol', lastname: 'Durand', number: '1003' },
            ],
          },
        },
        services: { lookup: { default: { sources: ['team'], timeout: 1 } } },
        views: {
          displays: {
            team: [
              { title: 'Name', field: 'firstname' },
              { title: 'Number', field: 'number', type: 'number' },
            ],
          },
          profile_to_display: { default: 'team' },
          hello_world: { greeting: 'Hi from a scratch workspace' },
        },
      },
    });
    try {
      const lookup = await daemon.get('/0.1/directories/lookup/default?term=ALI');
      expect(lookup.status).toBe(200);
      expect(lookup.body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
        ['Alice', '1001'],
        ['Bob', '1002'],
      ]);
      expect(lookup.body.results[0]).toMatchObject({ source: 'team', backend: 'team_phones' });
      const hello = await daemon.get('/0.1/hello-world');
      expect(hello).toMatchObject({
        status: 200,
        body: { greeting: 'Hi from a scratch workspace', services: ['lookup', 'noop'] },
      });
      await daemon.waitForLog(
        (l) => l.scope === 'dird:service:noop' && l.msg === 'noop service ready (1 sources loaded)',
      );
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  }, 60_000);
});
