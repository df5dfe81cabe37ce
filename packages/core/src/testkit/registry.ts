import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Namespaces, type PluginKind } from '../plugin-kinds.js';
import { PluginRegistry, type PluginClass } from '../registry/registry.js';
import { moduleSearchPaths } from '../registry/discovery.js';

/**
 * Loads plugin `name` of `kind` through the real registry, from the package.json files installed in the
 * workspace, the way the daemon does (sources preferred, so no build is needed).
 */
export async function loadPluginThroughRegistry<T = unknown>(
  kind: PluginKind,
  name: string,
): Promise<{ cls: PluginClass<T>; registry: PluginRegistry }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const registry = await PluginRegistry.discover({ searchPaths: moduleSearchPaths(here), preferSource: true });
  return { cls: await registry.load<T>(Namespaces[kind], name), registry };
}
