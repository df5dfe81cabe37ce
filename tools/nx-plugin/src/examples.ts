import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { names, type Tree } from '@nx/devkit';
import pluginGenerator from './generators/plugin/generator.js';
import type { PluginKind } from './generators/plugin/options.js';

/** The workspace this package belongs to. */
export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A worked example: one package of one kind. */
export interface Example {
  readonly kind: PluginKind;
  readonly name: string;
}

/** The worked examples of docs/plugin-guide.md: one package per kind, generated into `examples/`. */
export const EXAMPLES: readonly Example[] = [
  { kind: 'backend', name: 'static' },
  { kind: 'service', name: 'dummy' },
  { kind: 'view', name: 'hello' },
];

/** `examples/<kind>-<name>`. */
export function exampleDir(example: Example): string {
  return `examples/${example.kind}-${names(example.name).fileName}`;
}

/** The files a generator run wrote, by workspace-relative path, with their final content. */
export type GeneratedFiles = Map<string, Buffer>;

/**
 * Runs the generator for `example` into `examples/` of `tree`, after deleting what is there (the generator
 * refuses an existing folder), without `npm install`; returns what it wrote inside the package folder.
 */
export async function generateExample(tree: Tree, example: Example): Promise<GeneratedFiles> {
  const dir = exampleDir(example);
  tree.delete(dir);
  const written = new Set<string>();
  await pluginGenerator(recordingWrites(tree, written), { ...example, directory: 'examples', skipInstall: true });
  const files: GeneratedFiles = new Map();
  for (const file of [...written].sort()) if (file.startsWith(`${dir}/`)) files.set(file, tree.read(file)!);
  return files;
}

/** `tree`, noting the path of every file written through it (a Tree has no list of what it wrote). */
function recordingWrites(tree: Tree, written: Set<string>): Tree {
  return new Proxy(tree, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== 'write' && property !== 'overwrite') return value.bind(target);
      return (file: string, ...rest: unknown[]) => {
        written.add(path.posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, ''));
        return value.call(target, file, ...rest);
      };
    },
  });
}
