import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DirdError, ErrorCodes, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { kindOf, Namespaces, PluginKinds, PLUGIN_KINDS, type Namespace, type PluginKind } from '../plugin-kinds.js';
import { discoverEntryPoints, type DiscoveryProblem, type EntryPoint } from './discovery.js';

/** A plugin class as the registry hands it out: constructible, branded with its kind. */
export type PluginClass<T = unknown> = (new () => T) & {
  readonly pluginKind: PluginKind;
  readonly configSchema?: unknown;
};

/** Options of {@link PluginRegistry.discover}. */
export interface RegistryOptions {
  /** Folders holding installed packages (node_modules-like) or plugin packages themselves, nearest first. */
  readonly searchPaths: readonly string[];
  /**
   * Import `src/*.ts` instead of `dist/*.js` when the package has it: for running the workspace from source
   * (tests, `npm start`), where nothing is built.
   */
  readonly preferSource?: boolean;
  readonly logger?: Logger;
  /**
   * The npm package that provides plugin `name` of `kind`, when the caller knows one (the daemon knows its
   * own): "not installed" then says what to install.
   */
  readonly packageFor?: (kind: PluginKind, name: string) => string | undefined;
}

/** True when this process resolves workspace packages from source (the `@dird/source` export condition). */
export function sourceConditionActive(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((f) => f.includes('@dird/source'));
}

/**
 * The entry-point registry: which installed package provides which backend, service and view. Discovery reads
 * package.json files only; a plugin's module is imported by {@link PluginRegistry.load}, when config enables it.
 */
export class PluginRegistry {
  private readonly byKey = new Map<string, EntryPoint[]>();

  private constructor(
    readonly entryPoints: readonly EntryPoint[],
    readonly problems: readonly DiscoveryProblem[],
    private readonly options: RegistryOptions,
  ) {
    for (const ep of entryPoints) {
      const key = `${ep.namespace}:${ep.name}`;
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), ep]);
    }
  }

  /** Scans `searchPaths` for packages that declare `dird.entry_points`. */
  static async discover(options: RegistryOptions): Promise<PluginRegistry> {
    const { entryPoints, problems } = await discoverEntryPoints(options.searchPaths, options.logger);
    for (const p of problems) options.logger?.warn({ package: p.packageDir }, p.message);
    const registry = new PluginRegistry(entryPoints, problems, options);
    for (const namespace of PLUGIN_KINDS.map((k) => Namespaces[k])) {
      for (const name of registry.conflicts(namespace)) {
        const who = (registry.byKey.get(`${namespace}:${name}`) ?? []).map((e) => e.packageName).join(' and ');
        options.logger?.warn(
          { namespace, name },
          `"${name}" is declared in "${namespace}" by ${who}: enabling it will fail until one is uninstalled`,
        );
      }
    }
    return registry;
  }

  /** Names installed in a namespace, sorted. */
  names(namespace: Namespace): string[] {
    return [...new Set(this.entryPoints.filter((e) => e.namespace === namespace).map((e) => e.name))].sort();
  }

  /** Names claimed by more than one package in a namespace. */
  conflicts(namespace: Namespace): string[] {
    return this.names(namespace).filter((n) => (this.byKey.get(`${namespace}:${n}`) ?? []).length > 1);
  }

  /**
   * The entry point of `name`; throws `DIRD_ERR_PLUGIN_NOT_INSTALLED` (naming the npm package to install when
   * it is one of ours) or `DIRD_ERR_PLUGIN_CONFLICT` (naming both packages).
   */
  resolve(namespace: Namespace, name: string): EntryPoint {
    const found = this.byKey.get(`${namespace}:${name}`) ?? [];
    const kind = kindOf(namespace);
    if (found.length === 0) throw new DirdError(ErrorCodes.PLUGIN_NOT_INSTALLED, this.notInstalledMessage(kind, name));
    if (found.length > 1) {
      const who = found.map((e) => `${e.packageName}@${e.packageVersion} (${e.packageDir})`).join(' and ');
      throw new DirdError(
        ErrorCodes.PLUGIN_CONFLICT,
        `${kind} "${name}" is declared in "${namespace}" by more than one package: ${who}. Uninstall one of them.`,
      );
    }
    return found[0];
  }

  /** Imports the plugin class of `name` and checks it is a plugin of the right kind. */
  async load<T = unknown>(namespace: Namespace, name: string): Promise<PluginClass<T>> {
    const ep = this.resolve(namespace, name);
    const kind = kindOf(namespace);
    const where = `${kind} "${name}" from ${ep.packageName}@${ep.packageVersion} (${ep.packageDir})`;
    const file = this.moduleFile(ep);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw new DirdError(
        ErrorCodes.PLUGIN_BROKEN,
        `${where} is installed but broken: importing ${file} failed: ${describeError(err)}`,
        { cause: err },
      );
    }
    const cls = mod[ep.exportName] as PluginClass<T> | undefined;
    if (typeof cls !== 'function') {
      const exported = Object.keys(mod).join(', ') || 'nothing';
      throw new DirdError(
        ErrorCodes.PLUGIN_BROKEN,
        `${where} is installed but broken: ${ep.modulePath} does not export "${ep.exportName}" (it exports ${exported})`,
      );
    }
    if (cls.pluginKind !== kind) {
      throw new DirdError(
        ErrorCodes.PLUGIN_BROKEN,
        `${where} is installed but broken: ${ep.exportName} is not a ${kind} plugin class (it must extend ${PluginKinds[kind].baseClass} from @dird/core)`,
      );
    }
    return cls;
  }

  private moduleFile(ep: EntryPoint): string {
    const file = path.resolve(ep.packageDir, ep.modulePath);
    if (this.options.preferSource) {
      const rel = path.relative(ep.packageDir, file);
      const m = /^dist[\\/](.+)\.js$/.exec(rel);
      const src = m && path.join(ep.packageDir, 'src', `${m[1]}.ts`);
      if (src && existsSync(src)) return src;
    }
    return file;
  }

  private notInstalledMessage(kind: PluginKind, name: string): string {
    const installed = this.names(Namespaces[kind]);
    const tail = `Installed ${kind}s: ${installed.length ? installed.join(', ') : 'none'}.`;
    // A package.json that does not parse may be the one that declares it: say so.
    const unreadable = this.problems.filter((p) => p.unreadable).map((p) => p.message);
    const skipped = unreadable.length ? ` Packages skipped: ${unreadable.join('; ')}.` : '';
    const pkg = this.options.packageFor?.(kind, name);
    if (pkg) {
      return `${kind} "${name}" is not installed. It is provided by the npm package ${pkg}: run "npm install ${pkg}" where @dird/dird is installed, or add the folder that holds it to plugin_paths. ${tail}${skipped}`;
    }
    const searched = this.options.searchPaths.join(', ');
    return `${kind} "${name}" is not installed: no package declares it under "dird.entry_points"."${Namespaces[kind]}" in its package.json (searched ${searched}). ${tail}${skipped}`;
  }
}
