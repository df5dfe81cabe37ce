import {
  checkBlock,
  ConfigError,
  describeError,
  type BaseServicePlugin,
  type BaseSourcePlugin,
  type DirdConfig,
  type Logger,
  type TSchema,
} from '@dird/core';
import { dotted, fromPointer, type Origins } from '../config/origins.js';
import type { EnabledPlugins } from './enabled-plugins.js';
import { withTimeout } from './with-timeout.js';

/** A loaded service: the plugin (to unload it) and the object views call. */
export interface LoadedService {
  readonly plugin: BaseServicePlugin;
  readonly service: unknown;
}

/**
 * Validates `services.<name>` of every enabled service (a mistake there is fatal: it names the file and the
 * key), then loads each service with the sources. A service whose `load` throws is logged and left out.
 */
export async function loadServices(
  config: DirdConfig,
  origins: Origins,
  plugins: EnabledPlugins,
  sources: ReadonlyMap<string, BaseSourcePlugin>,
  logger: Logger,
  loadTimeoutMs: number,
): Promise<Map<string, LoadedService>> {
  const blocks = new Map<string, unknown>();
  for (const [name, cls] of plugins.classes.service) {
    const schema = cls.configSchema as TSchema | undefined;
    const block = config.services[name];
    if (!schema) {
      blocks.set(name, block);
      continue;
    }
    const checked = checkBlock(schema, block ?? undefined);
    const problem = checked.problems[0];
    if (problem) {
      const keyPath = ['services', name, ...fromPointer(problem.path)];
      throw new ConfigError(problem.message, { file: origins.of(keyPath)?.label, key: dotted(keyPath) });
    }
    for (const key of checked.unknownKeys) {
      const keyPath = ['services', name, ...fromPointer(key)];
      logger.warn(
        { service: name },
        `${origins.of(keyPath)?.label ?? 'config'}: unknown key ${dotted(keyPath)} (ignored)`,
      );
    }
    blocks.set(name, checked.value);
  }
  const loaded = new Map<string, LoadedService>();
  for (const [name, cls] of plugins.classes.service) {
    const plugin = new cls() as BaseServicePlugin;
    try {
      const child = logger.child({ scope: `dird:service:${name}` });
      const service = await withTimeout(
        plugin.load({ config, serviceConfig: blocks.get(name), sources, logger: child }),
        loadTimeoutMs,
        `loading service "${name}"`,
      );
      loaded.set(name, { plugin, service });
    } catch (err) {
      logger.error({ service: name }, `Failed to load service \`${name}\`: ${describeError(err)}`);
    }
  }
  return loaded;
}
