import {
  codeOf,
  describeError,
  DirdError,
  ErrorCodes,
  Namespaces,
  PLUGIN_KINDS,
  PluginKinds,
  type DirdConfig,
  type ErrorCode,
  type PluginClass,
  type PluginKind,
  type PluginRegistry,
  type ServiceRef,
} from '@dird/core';
import { isXivoDirdOnlyPlugin } from './known-packages.js';
import type { HostContext } from './plugin-host.js';

/** A plugin class with what the host reads of it. */
export type HostedClass = PluginClass & {
  readonly needs?: readonly ServiceRef<unknown>[];
  readonly needsSources?: boolean;
};

/** The plugin classes the config enables, by kind and name; those that could not be imported are absent. */
export interface EnabledPlugins {
  readonly classes: Record<PluginKind, Map<string, HostedClass>>;
  /** Why an enabled plugin is absent from `classes`, by kind and name. */
  readonly problems: Record<PluginKind, Map<string, { code: ErrorCode; reason: string }>>;
}

type EnabledKey = keyof DirdConfig['enabled_plugins'];

const byKind = <T>(make: () => T) => Object.fromEntries(PLUGIN_KINDS.map((k) => [k, make()])) as Record<PluginKind, T>;

/**
 * Resolves and imports every enabled plugin, recording each in the report. A plugin that is not installed, or
 * claimed by two packages, is a fatal mistake reported with all the others at once; one that is installed but
 * fails to import is logged and left out, so the rest still serve. A xivo-dird plugin that dird does not
 * provide (`phonebook`, …) and no package provides is dropped from the enabled lists with a warning, so that
 * a migrated config starts.
 */
export async function loadEnabledPlugins(host: HostContext, registry: PluginRegistry): Promise<EnabledPlugins> {
  const { config, origins, logger, report } = host;
  const fatal: string[] = [];
  for (const kind of PLUGIN_KINDS) {
    const key = PluginKinds[kind].enabledKey as EnabledKey;
    const installed = new Set(registry.names(Namespaces[kind]));
    const kept: string[] = [];
    config.enabled_plugins[key].forEach((name, i) => {
      // The file that enabled it, so that the mistake is found at once among conf.d files.
      const file = origins.of(['enabled_plugins', key, String(i)])?.label;
      const where = `${file ? `${file}: ` : ''}enabled_plugins.${key}`;
      if (!installed.has(name) && isXivoDirdOnlyPlugin(kind, name)) {
        const reason =
          `${kind} "${name}" is a xivo-dird plugin that dird does not provide: ignored` +
          (kind === 'backend' ? ' (its sources are skipped)' : '') +
          '; remove it from the list, or install a plugin package that provides it (docs/plugin-guide.md)';
        logger.warn({ kind, plugin: name }, `${where}: ${reason}`);
        report.record({
          subject: kind,
          name,
          state: 'not_installed',
          code: ErrorCodes.PLUGIN_NOT_INSTALLED,
          reason,
          file,
        });
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
  const classes = byKind(() => new Map<string, HostedClass>());
  const problems = byKind(() => new Map<string, { code: ErrorCode; reason: string }>());
  for (const kind of PLUGIN_KINDS) {
    const key = PluginKinds[kind].enabledKey as EnabledKey;
    for (const [i, name] of config.enabled_plugins[key].entries()) {
      const file = origins.of(['enabled_plugins', key, String(i)])?.label;
      const ep = registry.resolve(Namespaces[kind], name);
      const pkg = `${ep.packageName}@${ep.packageVersion}`;
      try {
        classes[kind].set(name, (await registry.load(Namespaces[kind], name)) as HostedClass);
      } catch (err) {
        const code = codeOf(err, ErrorCodes.PLUGIN_BROKEN);
        problems[kind].set(name, { code, reason: describeError(err) });
        logger.error({ kind, plugin: name, code }, describeError(err));
        report.record({ subject: kind, name, state: 'failed', code, reason: describeError(err), file, package: pkg });
        continue;
      }
      // Loaded for now: the loaders record a failure of its load later.
      report.record({ subject: kind, name, state: 'loaded', file, package: pkg });
    }
    if (classes[kind].size === 0) {
      const enabled = config.enabled_plugins[key];
      throw new DirdError(
        ErrorCodes.NOTHING_LOADABLE,
        enabled.length === 0
          ? `no ${kind} is enabled: list at least one in enabled_plugins.${key} (installed: ${registry.names(Namespaces[kind]).join(', ') || 'none'})`
          : `none of the enabled ${kind}s could be loaded (${enabled.join(', ')}): see the errors above`,
      );
    }
  }
  return { classes, problems };
}
