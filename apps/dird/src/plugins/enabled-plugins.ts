import {
  codeOf,
  describeError,
  DirdError,
  ErrorCodes,
  Namespaces,
  ENABLED_KINDS,
  PluginKinds,
  type DirdConfig,
  type ErrorCode,
  type PluginClass,
  type EnabledKind,
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

/** Why an enabled plugin is absent: not installed, or installed but broken. */
export interface PluginProblem {
  readonly code: ErrorCode;
  readonly reason: string;
}

/** The plugin classes the config enables, by kind and name; those that could not be imported are absent. */
export interface EnabledPlugins {
  readonly classes: Record<EnabledKind, Map<string, HostedClass>>;
  /** Why an enabled plugin is absent from `classes`, by kind and name. */
  readonly problems: Record<EnabledKind, Map<string, PluginProblem>>;
}

type EnabledKey = keyof DirdConfig['enabled_plugins'];

const byKind = <T>(make: () => T) =>
  Object.fromEntries(ENABLED_KINDS.map((k) => [k, make()])) as Record<EnabledKind, T>;

/**
 * Resolves and imports every enabled plugin, recording each in the report. As xivo-dird did, a plugin that no
 * installed package provides is logged (naming the npm package to install when it is one of ours) and skipped
 * with what needs it; so is one installed but broken. A name claimed by two packages is fatal, and so is a kind
 * with nothing loadable. A service that a loadable plugin needs, installed but not enabled, is loaded too.
 */
export async function loadEnabledPlugins(host: HostContext, registry: PluginRegistry): Promise<EnabledPlugins> {
  const { config, origins, logger, report } = host;
  const classes = byKind(() => new Map<string, HostedClass>());
  const problems = byKind(() => new Map<string, PluginProblem>());
  const conflicts: string[] = [];

  const importPlugin = async (kind: EnabledKind, name: string, file: string | undefined, where: string) => {
    let pkg: string;
    try {
      const ep = registry.resolve(Namespaces[kind], name);
      pkg = `${ep.packageName}@${ep.packageVersion}`;
    } catch (err) {
      if (codeOf(err) === ErrorCodes.PLUGIN_CONFLICT) return void conflicts.push(`${where}: ${describeError(err)}`);
      const xivoOnly = isXivoDirdOnlyPlugin(kind, name);
      const reason = xivoOnly
        ? `${kind} "${name}" is a xivo-dird plugin that dird does not provide: ignored` +
          (kind === 'backend' ? ' (its sources are skipped)' : '') +
          '; remove it from the list, or install a plugin package that provides it (docs/plugin-guide.md)'
        : `${describeError(err)} Skipped, with what needs it.`;
      // A xivo-dird plugin is expected in a migrated config: a warning; anything else is a mistake to fix.
      (xivoOnly ? logger.warn : logger.error).call(logger, { kind, plugin: name }, `${where}: ${reason}`);
      problems[kind].set(name, { code: ErrorCodes.PLUGIN_NOT_INSTALLED, reason });
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
    try {
      classes[kind].set(name, (await registry.load(Namespaces[kind], name)) as HostedClass);
    } catch (err) {
      const code = codeOf(err, ErrorCodes.PLUGIN_BROKEN);
      problems[kind].set(name, { code, reason: describeError(err) });
      logger.error({ kind, plugin: name, code }, describeError(err));
      report.record({ subject: kind, name, state: 'failed', code, reason: describeError(err), file, package: pkg });
      return;
    }
    // Loaded for now: the loaders record a failure of its load later.
    report.record({ subject: kind, name, state: 'loaded', file, package: pkg });
  };

  for (const kind of ENABLED_KINDS) {
    const key = PluginKinds[kind].enabledKey as EnabledKey;
    for (const [i, name] of config.enabled_plugins[key].entries()) {
      // The file that enabled it, so that the mistake is found at once among conf.d files.
      const file = origins.of(['enabled_plugins', key, String(i)])?.label;
      await importPlugin(kind, name, file, `${file ? `${file}: ` : ''}enabled_plugins.${key}`);
    }
  }
  await loadNeededServices(host, registry, classes, problems, importPlugin);
  if (conflicts.length > 0) throw new DirdError(ErrorCodes.PLUGIN_CONFLICT, conflicts.join('\n'));
  for (const kind of ENABLED_KINDS) {
    const key = PluginKinds[kind].enabledKey as EnabledKey;
    const enabled = config.enabled_plugins[key];
    // Services loaded only because a plugin needs them (a view's store) do not make up for none enabled.
    if (classes[kind].size > 0 && enabled.length > 0) continue;
    const installed = registry.names(Namespaces[kind]).join(', ') || 'none';
    throw new DirdError(
      ErrorCodes.NOTHING_LOADABLE,
      enabled.length === 0
        ? `no ${kind} is enabled: list at least one in enabled_plugins.${key} (installed: ${installed})`
        : `none of the enabled ${kind}s could be loaded (${enabled.join(', ')}): see the errors above (installed: ${installed})`,
    );
  }
  return { classes, problems };
}

/**
 * Loads the services that loadable plugins need (not optionally) but the config does not enable, when a
 * package provides them: enabling `favorites` brings the store it keeps favorites in.
 */
async function loadNeededServices(
  host: HostContext,
  registry: PluginRegistry,
  classes: EnabledPlugins['classes'],
  problems: EnabledPlugins['problems'],
  importPlugin: (kind: EnabledKind, name: string, file: string | undefined, where: string) => Promise<void>,
): Promise<void> {
  const installed = new Set(registry.names(Namespaces.service));
  for (;;) {
    const wanted = ENABLED_KINDS.flatMap((kind) =>
      [...classes[kind]].flatMap(([owner, cls]) =>
        (cls.needs ?? []).filter((r) => !r.optional).map((r) => ({ name: r.name, owner: `${kind} "${owner}"` })),
      ),
    ).find(({ name }) => !classes.service.has(name) && !problems.service.has(name) && installed.has(name));
    if (!wanted) return;
    host.logger.info(
      { service: wanted.name, neededBy: wanted.owner },
      `service "${wanted.name}" is not in enabled_plugins.services, but ${wanted.owner} needs it: loading it too`,
    );
    await importPlugin('service', wanted.name, undefined, `service "${wanted.name}" (needed by ${wanted.owner})`);
  }
}
