import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.js';
import { memoryLogger } from '../testkit/fixtures.js';
import { PluginRegistry, type RegistryOptions } from './registry.js';

let root: string;

async function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ version: '1.0.0', type: 'module', ...json }));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
}

const backend = (name: string, target: string) => ({ dird: { entry_points: { 'dird.backends': { [name]: target } } } });
const brand = (kind: string) => `export class P { static pluginKind = '${kind}'; }\n`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dird-registry-'));
  const nm = path.join(root, 'app', 'node_modules');
  await pkg(path.join(nm, 'plain-lib'), { name: 'plain-lib' });
  await pkg(
    path.join(nm, '@acme', 'dird-foo'),
    { name: '@acme/dird-foo', ...backend('foo', './lib/foo.js:P') },
    { 'lib/foo.js': brand('backend') },
  );
  await pkg(
    path.join(nm, 'dird-explodes'),
    { name: 'dird-explodes', ...backend('explodes', './index.js:P') },
    { 'index.js': "throw new Error('kaboom at import');\n" },
  );
  await pkg(
    path.join(nm, 'dird-noexport'),
    { name: 'dird-noexport', ...backend('noexport', './index.js:Missing') },
    { 'index.js': brand('backend') },
  );
  await pkg(
    path.join(nm, 'dird-wrongkind'),
    { name: 'dird-wrongkind', ...backend('wrongkind', './index.js:P') },
    { 'index.js': brand('view') },
  );
  await pkg(
    path.join(nm, 'dird-twin-a'),
    { name: 'dird-twin-a', ...backend('twin', './index.js:P') },
    { 'index.js': brand('backend') },
  );
  await pkg(
    path.join(nm, 'dird-twin-b'),
    { name: 'dird-twin-b', ...backend('twin', './index.js:P') },
    { 'index.js': brand('backend') },
  );
  await pkg(path.join(nm, 'dird-bad-decl'), {
    name: 'dird-bad-decl',
    dird: { entry_points: { 'dird.nope': { x: './a.js:A' }, 'dird.views': { y: 'no-export-part' } } },
  });
  await pkg(
    path.join(nm, 'dird-src'),
    { name: 'dird-src', ...backend('fromsrc', './dist/plugin.js:P') },
    { 'src/plugin.ts': "export class P { static readonly pluginKind: string = 'backend'; }\n" },
  );
  // A farther node_modules holds another copy of @acme/dird-foo: the nearer one shadows it, no conflict.
  await pkg(path.join(root, 'node_modules', '@acme', 'dird-foo'), {
    name: '@acme/dird-foo',
    ...backend('foo', './other.js:P'),
  });
  // plugin_paths may name a package folder directly.
  await pkg(
    path.join(root, 'extra', 'my-plugin'),
    { name: 'my-plugin', ...backend('mine', './index.js:P') },
    { 'index.js': brand('backend') },
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const discover = (options: Partial<RegistryOptions> = {}) =>
  PluginRegistry.discover({
    searchPaths: [
      path.join(root, 'extra', 'my-plugin'),
      path.join(root, 'app', 'node_modules'),
      path.join(root, 'node_modules'),
    ],
    ...options,
  });

describe('PluginRegistry', () => {
  it('discovers entry points from package.json files only, scoped packages and plugin_paths folders included', async () => {
    const registry = await discover();
    expect(registry.names('dird.backends')).toEqual([
      'explodes',
      'foo',
      'fromsrc',
      'mine',
      'noexport',
      'twin',
      'wrongkind',
    ]);
    const foo = registry.resolve('dird.backends', 'foo');
    expect(foo).toMatchObject({ packageName: '@acme/dird-foo', modulePath: './lib/foo.js', exportName: 'P' });
    expect(foo.packageDir).toBe(path.join(root, 'app', 'node_modules', '@acme', 'dird-foo'));
    expect(registry.problems.map((p) => p.message).join('\n')).toMatch(
      /unknown entry-point namespace "dird.nope"[\s\S]*must be "module:Export"/,
    );
  });

  it('imports a plugin only when asked, and checks its kind', async () => {
    const registry = await discover();
    expect((await registry.load('dird.backends', 'foo')).pluginKind).toBe('backend');
    expect((await registry.load('dird.backends', 'mine')).pluginKind).toBe('backend');
  });

  it('says which npm package to install when the caller knows one', async () => {
    const registry = await discover({
      packageFor: (kind, name) => (kind === 'backend' && name === 'ldap' ? '@dird/backend-ldap' : undefined),
    });
    const err = (() => {
      try {
        registry.resolve('dird.backends', 'ldap');
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(err?.code).toBe(ErrorCodes.PLUGIN_NOT_INSTALLED);
    expect(err?.message).toMatch(
      /backend "ldap" is not installed.*@dird\/backend-ldap.*npm install @dird\/backend-ldap/,
    );
    expect(() => registry.resolve('dird.views', 'nothing_like_it')).toThrow(
      /view "nothing_like_it" is not installed: no package declares it.*searched/,
    );
  });

  it('warns about a package.json that is not valid JSON, naming the file and the parse error, and says so when a plugin is missing', async () => {
    const broken = path.join(root, 'broken', 'dird-broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, 'package.json'), '{"name": "dird-broken", "dird": {"entry_points": {},}}');
    // A folder without package.json is not a package: nothing to say about it.
    await mkdir(path.join(root, 'broken', 'not-a-package'), { recursive: true });
    const logger = memoryLogger();
    const registry = await PluginRegistry.discover({ searchPaths: [path.join(root, 'broken')], logger });
    const file = path.join(broken, 'package.json');
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.msg)).toEqual([
      expect.stringMatching(
        new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')} is not valid JSON \\(.+\\): its package is skipped$`),
      ),
    ]);
    expect(() => registry.resolve('dird.backends', 'brokenone')).toThrow(
      /backend "brokenone" is not installed: .*Packages skipped: .*dird-broken\/package\.json is not valid JSON/,
    );
  });

  it('names both packages when two claim the same name', async () => {
    const registry = await discover();
    expect(registry.conflicts('dird.backends')).toEqual(['twin']);
    expect(() => registry.resolve('dird.backends', 'twin')).toThrow(/dird-twin-a@1\.0\.0 .* and dird-twin-b@1\.0\.0/);
  });

  it('tells "installed but broken" apart: import failure, missing export, wrong kind', async () => {
    const registry = await discover();
    await expect(registry.load('dird.backends', 'explodes')).rejects.toMatchObject({
      code: ErrorCodes.PLUGIN_BROKEN,
      message: expect.stringMatching(
        /backend "explodes" from dird-explodes@1\.0\.0 .*installed but broken.*kaboom at import/,
      ),
    });
    await expect(registry.load('dird.backends', 'noexport')).rejects.toThrow(
      /does not export "Missing" \(it exports P\)/,
    );
    await expect(registry.load('dird.backends', 'wrongkind')).rejects.toThrow(
      /not a backend plugin class \(it must extend BaseSourcePlugin/,
    );
  });

  it('imports src/*.ts for dist/*.js when running from source', async () => {
    await expect((await discover({ preferSource: false })).load('dird.backends', 'fromsrc')).rejects.toMatchObject({
      code: ErrorCodes.PLUGIN_BROKEN,
    });
    expect((await (await discover({ preferSource: true })).load('dird.backends', 'fromsrc')).pluginKind).toBe(
      'backend',
    );
  });
});
