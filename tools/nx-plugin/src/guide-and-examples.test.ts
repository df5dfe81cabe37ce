import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { names } from '@nx/devkit';
import { startTestDaemon } from '@dird/dird/testkit';
import { FsTree } from 'nx/src/generators/tree.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, exampleDir, generateExample, workspaceRoot, type Example, type GeneratedFiles } from './examples.js';
import { KINDS } from './generators/plugin/options.js';
import { fileBlocks } from './guide-blocks.js';

const REGENERATE = 'run "npm run examples -w @dird/tools" to rewrite examples/ and the guide from the templates';
const guide = readFileSync(path.join(workspaceRoot, 'docs', 'plugin-guide.md'), 'utf8');
const generated: GeneratedFiles = new Map();

beforeAll(async () => {
  // An Nx tree over the real workspace that keeps changes in memory: nothing is written.
  const tree = new FsTree(workspaceRoot, false);
  for (const example of EXAMPLES)
    for (const [file, content] of await generateExample(tree, example)) generated.set(file, content);
});

/** Files of `dir` in the working tree, without build output. */
function filesOnDisk(dir: string): string[] {
  return readdirSync(path.join(workspaceRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(workspaceRoot, path.join(e.parentPath, e.name)))
    .filter((f) => !/\/(dist|node_modules)\//.test(f))
    .sort();
}

const pluginFile = ({ kind, name }: Example) =>
  `${exampleDir({ kind, name })}/src/${names(name).fileName}-${KINDS[kind].suffix.toLowerCase()}-plugin`;

describe('the plugin guide, the examples and the generator', () => {
  it.each(EXAMPLES.map(exampleDir))('%s holds exactly what the generator writes, byte for byte', (dir) => {
    const expected = [...generated.keys()].filter((f) => f.startsWith(`${dir}/`));
    expect(filesOnDisk(dir), REGENERATE).toEqual(expected);
    for (const file of expected) {
      const onDisk = readFileSync(path.join(workspaceRoot, file));
      expect(onDisk.equals(generated.get(file)!), `${file} differs from the generator's: ${REGENERATE}`).toBe(true);
    }
  });

  it('shows every file of the guide as it is: generated examples, and the rest of the workspace', () => {
    const blocks = fileBlocks(guide);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const actual =
        generated.get(block.file)?.toString('utf8') ?? readFileSync(path.join(workspaceRoot, block.file), 'utf8');
      expect(block.content, `docs/plugin-guide.md shows ${block.file} otherwise: ${REGENERATE}`).toBe(actual);
    }
  });

  it('shows the config schema, the plugin class and the test of each example', () => {
    const shown = new Set(fileBlocks(guide).map((b) => b.file));
    for (const example of EXAMPLES) {
      for (const file of [
        `${exampleDir(example)}/src/config.ts`,
        `${pluginFile(example)}.ts`,
        `${pluginFile(example)}.test.ts`,
      ]) {
        expect(shown.has(file), file).toBe(true);
      }
    }
  });

  it('describes each kind with the namespace and base class the generator uses, and names the generator', () => {
    for (const [kind, { namespace, baseClass }] of Object.entries(KINDS)) {
      expect(guide).toContain(`| ${kind} | \`${namespace}\` | \`${baseClass}\` |`);
    }
    expect(guide).toContain('npx nx g @dird/tools:plugin crm --kind backend');
    const generators = JSON.parse(
      readFileSync(path.join(workspaceRoot, 'tools', 'nx-plugin', 'generators.json'), 'utf8'),
    );
    expect(Object.keys(generators.generators)).toEqual(['plugin']);
  });

  it('runs the three examples together in the daemon, answering what the guide shows', async () => {
    const daemon = await startTestDaemon({
      config: readFileSync(path.join(workspaceRoot, 'examples', 'config.yml'), 'utf8'),
      // conf.d beside the config wins over it: any free port instead of 9489.
      files: { 'conf.d/port.yml': 'rest_api: {listen: 127.0.0.1, port: 0}\n' },
    });
    try {
      const hello = await daemon.get('/0.1/hello');
      expect(hello.body).toEqual({ greeting: 'Hello from the examples', services: ['dummy', 'lookup', 'reverse'] });
      expect(guide).toContain(`# ${JSON.stringify(hello.body)}\n`);
      const reverse = await daemon.get('/0.1/directories/reverse/default/me?exten=1002');
      expect(reverse.body).toMatchObject({ display: 'Bob Alis', exten: '1002', source: 'team', backend: 'static' });
      const lookup = await daemon.get('/0.1/directories/lookup/default?term=ali');
      expect(lookup.body.results.map((r: { column_values: unknown[] }) => r.column_values)).toEqual([
        ['Alice Martin', '1001'],
        ['Bob Alis', '1002'],
      ]);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });
});
