import {
  describeError,
  DirdError,
  ErrorCodes,
  isXivoDirdOnlyPlugin,
  Namespaces,
  type DirdConfig,
  type Logger,
  type PluginClass,
  type PluginKind,
  type PluginRegistry,
} from '@dird/core';
import type { Origins } from '../config/origins.js';

/** The plugin classes the config enables, by kind and name. Broken ones are absent and their reason kept. */
export interface EnabledPlugins {
  readonly classes: Record<PluginKind, Map<string, PluginClass>>;
  /** Why an enabled plugin could not be imported, by kind and name. */
  readonly broken: Record<PluginKind, Map<string, string>>;
}

const CONFIG_KEY: Record<PluginKind, keyof DirdConfig['enabled_plugins']> = {
  backend: 'backends',
  service: 'services',
  view: 'views',
};

/**
 * Resolves and imports every enabled plugin. A plugin that is not installed, or claimed by two packages, is a
 * fatal mistake reported with all the others at once; one that is installed but fails to import is logged
 * and left out, so the rest still serve. A xivo-dird plugin that dird does not provide (`phonebook`,
 * `favorites`, `cisco_view`, …) and no package provides is dropped from the enabled lists with a warning, so
 * that a migrated config starts.
 */
export async function loadEnabledPlugins(
  config: DirdConfig,
  registry: PluginRegistry,
  logger: Logger,
  origins?: Origins,
): Promise<EnabledPlugins> {
  const kinds = Object.keys(Namespaces) as PluginKind[];
  const fatal: string[] = [];
  for (const kind of kinds) {
    const key = CONFIG_KEY[kind];
    const installed = new Set(registry.names(Namespaces[kind]));
    const kept: string[] = [];
    config.enabled_plugins[key].forEach((name, i) => {
      // The file that enabled it, so that the mistake is found at once among conf.d files.
      const file = origins?.of(['enabled_plugins', key, String(i)])?.label;
      const where = `${file ? `${file}: ` : ''}enabled_plugins.${key}`;
      if (!installed.has(name) && isXivoDirdOnlyPlugin(kind, name)) {
        logger.warn(
          { kind, plugin: name },
          `${where}: ${kind} "${name}" is a xivo-dird plugin that dird does not provide: ignored` +
            (kind === 'backend' ? ' (its sources are skipped)' : '') +
            '; remove it from the list, or install a plugin package that provides it (docs/plugin-guide.md)',
        );
        return;
      }
      kept.push(name);
      try {
        registry.resolve(Namespaces[kind], name);
      } catch (err) {
        fatal.push(`${where}: ${describeError(err)}`);
      }
    });
    config.enabled_plugins[key] = kept;
  }
  if (fatal.length > 0) {
    const code = fatal.some((m) => m.includes('more than one package'))
      ? ErrorCodes.PLUGIN_CONFLICT
      : ErrorCodes.PLUGIN_NOT_INSTALLED;
    throw new DirdError(code, fatal.join('\n'));
  }
  const classes = { backend: new Map(), service: new Map(), view: new Map() } as EnabledPlugins['classes'];
  const broken = { backend: new Map(), service: new Map(), view: new Map() } as EnabledPlugins['broken'];
  for (const kind of kinds) {
    for (const name of config.enabled_plugins[CONFIG_KEY[kind]]) {
      try {
        classes[kind].set(name, await registry.load(Namespaces[kind], name));
      } catch (err) {
        broken[kind].set(name, describeError(err));
        logger.error({ kind, plugin: name, code: (err as DirdError).code }, describeError(err));
      }
    }
    if (classes[kind].size === 0) {
      const enabled = config.enabled_plugins[CONFIG_KEY[kind]];
      throw new DirdError(
        ErrorCodes.NOTHING_LOADABLE,
        enabled.length === 0
          ? `no ${kind} is enabled: list at least one in enabled_plugins.${CONFIG_KEY[kind]} (installed: ${registry.names(Namespaces[kind]).join(', ') || 'none'})`
          : `none of the enabled ${kind}s could be loaded (${enabled.join(', ')}): see the errors above`,
      );
    }
  }
  return { classes, broken };
}
