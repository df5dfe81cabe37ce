import {
  type BaseSourcePlugin,
  checkBlock,
  commonSourceProperties,
  describeError,
  resolveSchemaPaths,
  Type,
  type DirdConfig,
  type Logger,
  type SourceConfig,
  type TSchema,
} from '@dird/core';
import { fromPointer, type Origins } from '../config/origins.js';
import type { EnabledPlugins } from './enabled-plugins.js';
import { withTimeout } from './with-timeout.js';

const COMMON_SCHEMA = Type.Object(commonSourceProperties);

/**
 * Builds and loads one instance per configured source of an enabled backend, all at once. A source that
 * fails (bad block, broken plugin, `load` throwing or hanging) is logged with its type, name, file and
 * reason, and left out: the others still serve.
 */
export async function loadSources(
  config: DirdConfig,
  origins: Origins,
  plugins: EnabledPlugins,
  logger: Logger,
  loadTimeoutMs: number,
): Promise<Map<string, BaseSourcePlugin>> {
  const enabled = new Set(config.enabled_plugins.backends);
  const attempts = Object.entries(config.sources).map(
    async ([name, block]): Promise<[string, BaseSourcePlugin | null]> => {
      const file = origins.of(['sources', name])?.label ?? 'config';
      const type = (block as SourceConfig).type;
      if (typeof type !== 'string' || type === '') {
        logger.warn(
          { source: name, file },
          `One of the source config has no back-end type. Ignoring. (source "${name}" in ${file})`,
        );
        return [name, null];
      }
      const fail = (why: string): [string, null] => {
        logger.error(
          { source: name, backend: type, file },
          `Failed to load back-end \`${type}\` with config \`${name}\` (${file}): ${why}`,
        );
        return [name, null];
      };
      if (!enabled.has(type)) {
        logger.info(
          { source: name, backend: type, file },
          `source "${name}" skipped: backend "${type}" is not in enabled_plugins.backends`,
        );
        return [name, null];
      }
      const cls = plugins.classes.backend.get(type);
      if (!cls) return fail(plugins.broken.backend.get(type) ?? 'the backend could not be imported');
      const schema = (cls.configSchema as TSchema | undefined) ?? COMMON_SCHEMA;
      const checked = checkBlock<SourceConfig>(schema, withoutEmptyColumnNames(block));
      if (checked.problems.length > 0) {
        return fail(
          checked.problems.map((p) => `sources.${name}${p.path.replace(/\//g, '.')}: ${p.message}`).join('; '),
        );
      }
      for (const key of checked.unknownKeys) {
        logger.warn(
          { source: name, backend: type, file },
          `source "${name}" (${file}): unknown key ${key.slice(1).replace(/\//g, '.')} (ignored)`,
        );
      }
      resolveSchemaPaths(schema, checked.value, (value, pointer) =>
        origins.resolvePath(value, ['sources', name, ...fromPointer(pointer)]),
      );
      const instance = new cls() as BaseSourcePlugin;
      instance.name = name;
      instance.backend = type;
      try {
        const child = logger.child({ scope: `dird:backend:${type}`, source: name });
        await withTimeout(
          instance.load({ config: checked.value, mainConfig: config, logger: child }),
          loadTimeoutMs,
          `loading source "${name}"`,
        );
        return [name, instance];
      } catch (err) {
        await Promise.resolve()
          .then(() => instance.unload())
          .catch(() => undefined);
        return fail(describeError(err));
      }
    },
  );
  const loaded = new Map<string, BaseSourcePlugin>();
  for (const [name, source] of await Promise.all(attempts)) if (source) loaded.set(name, source);
  return loaded;
}

/**
 * The block with null and empty names left out of its column lists, as xivo-dird skips them (reference §5.1):
 * `searched_columns: [firstname, ~]` (a trailing `-` in YAML) searches firstname instead of failing the source.
 */
function withoutEmptyColumnNames(block: unknown): unknown {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return block;
  const out: Record<string, unknown> = { ...(block as Record<string, unknown>) };
  for (const key of ['searched_columns', 'first_matched_columns']) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.filter((c) => c !== null && c !== '');
  }
  return out;
}
