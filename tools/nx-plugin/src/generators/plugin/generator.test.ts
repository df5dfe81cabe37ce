import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FsTree } from 'nx/src/generators/tree.js';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from '../../examples.js';
import pluginGenerator from './generator.js';
import type { PluginGeneratorSchema } from './options.js';

// The generator runs on the real workspace through an Nx tree that keeps every change in memory: nothing is
// written to disk.
async function generate(options: Omit<PluginGeneratorSchema, 'skipInstall'>) {
  const tree = new FsTree(workspaceRoot, false);
  await pluginGenerator(tree, { ...options, skipInstall: true });
  const text = (file: string) => tree.read(file, 'utf8') ?? '';
  return { tree, text, json: (file: string) => JSON.parse(text(file)) };
}

const workspaceJson = (file: string) => JSON.parse(readFileSync(path.join(workspaceRoot, file), 'utf8'));

describe('nx g @dird/tools:plugin', () => {
  it('names a backend package, class, module and entry point after the plugin name', async () => {
    const { tree, text, json } = await generate({ name: 'my_crm', kind: 'backend' });
    const dir = 'packages/backend-my-crm';
    const pkg = json(`${dir}/package.json`);
    expect(pkg).toMatchObject({
      name: '@dird/backend-my-crm',
      repository: { directory: dir },
      dird: { entry_points: { 'dird.backends': { my_crm: './dist/my-crm-source-plugin.js:MyCrmSourcePlugin' } } },
      peerDependencies: { '@dird/core': `^${workspaceJson('packages/core/package.json').version}` },
      files: ['dist', '!dist/**/*.test.*', '!dist/**/*.tsbuildinfo', 'README.md', 'LICENSE'],
    });
    expect(pkg.devDependencies).toBeUndefined();
    expect(text(`${dir}/src/my-crm-source-plugin.ts`)).toContain(
      'export class MyCrmSourcePlugin extends BaseSourcePlugin<MyCrmConfig> {',
    );
    expect(text(`${dir}/src/my-crm-source-plugin.test.ts`)).toContain("loadPluginThroughRegistry('backend', 'my_crm')");
    expect(tree.read(`${dir}/LICENSE`)).toEqual(readFileSync(path.join(workspaceRoot, 'LICENSE')));
  });

  it("gives a view the daemon's Fastify: a peer range and the pinned version for its tests", async () => {
    const { text, json } = await generate({ name: 'phone_menu', kind: 'view' });
    const fastify = workspaceJson('apps/dird/package.json').dependencies.fastify as string;
    expect(json('packages/view-phone-menu/package.json')).toMatchObject({
      dird: { entry_points: { 'dird.views': { phone_menu: './dist/phone-menu-view-plugin.js:PhoneMenuViewPlugin' } } },
      peerDependencies: { fastify: `^${fastify.split('.')[0]}.0.0` },
      devDependencies: { fastify },
    });
    const plugin = text('packages/view-phone-menu/src/phone-menu-view-plugin.ts');
    expect(plugin).toContain("export const PHONE_MENU_URL = '/0.1/phone-menu';");
    expect(plugin).toContain('const { greeting } = config.phone_menu;');
    expect(plugin).toContain("requireAcl('dird.phone_menu.read')");
  });

  it('adds the package to the root tsconfig.json beside the others of its folder', async () => {
    const { json } = await generate({ name: 'crm', kind: 'service' });
    const refs = (json('tsconfig.json').references as { path: string }[]).map((r) => r.path);
    const at = refs.indexOf('./packages/service-crm/tsconfig.lib.json');
    // Its neighbours are the packages just before and after it by name (core first, then by name).
    const others = refs.filter(
      (r) => r.startsWith('./packages/') && !r.includes('/core/') && !r.includes('service-crm'),
    );
    const before = others.filter((r) => r < './packages/service-crm/').at(-1);
    const after = others.find((r) => r > './packages/service-crm/');
    expect(refs.slice(at - 1, at + 2)).toEqual([before, './packages/service-crm/tsconfig.lib.json', after]);
    expect(refs.filter((r) => r === './packages/service-crm/tsconfig.lib.json')).toHaveLength(1);
  });

  it('refuses a name that is not lower-case words joined by single underscores', async () => {
    for (const name of ['Crm', 'my-crm', '1crm', 'my__crm', 'crm_', '']) {
      await expect(generate({ name, kind: 'backend' }), name).rejects.toThrow(
        /is not valid: use lower-case letters and digits, words joined by single underscores/,
      );
    }
  });

  it('refuses an unknown kind, and a folder npm would not link', async () => {
    await expect(generate({ name: 'crm', kind: 'widget' as never })).rejects.toThrow(
      '--kind must be backend, service or view (got "widget")',
    );
    await expect(generate({ name: 'crm', kind: 'backend', directory: 'plugins' })).rejects.toThrow(
      '--directory "plugins" is not an npm workspace folder: add "plugins/*" to "workspaces" in package.json',
    );
  });

  it('refuses to overwrite a package, or to claim a name another package declares', async () => {
    await expect(generate({ name: 'csv', kind: 'backend' })).rejects.toThrow(
      'packages/backend-csv already exists: choose another name, or remove that folder first',
    );
    await expect(generate({ name: 'default_json', kind: 'view' })).rejects.toThrow(
      'view "default_json" is already declared by @dird/view-rest (packages/view-rest/package.json)',
    );
    await expect(generate({ name: 'static', kind: 'backend' })).rejects.toThrow(
      'the package name @dird/backend-static is already used by examples/backend-static/package.json',
    );
  });
});
