import {
  codeOf,
  commonSourceProperties,
  ErrorCodes,
  servicesFor,
  Type,
  validateBlock,
  type BaseSourcePlugin,
  type ErrorCode,
  type SourceConfig,
  type TSchema,
} from '@dird/core';
import type { EnabledPlugins } from './enabled-plugins.js';
import { blockPlace, loadFailure, underLoadTimeout, warnUnknownKeys, type HostContext } from './plugin-host.js';

const COMMON_SCHEMA = Type.Object(commonSourceProperties);

/**
 * On a reload: the source of the running config to keep as it is (its data, its connections) instead of loading
 * it again, or undefined. Given the source's name, its backend class and its validated block.
 */
export type ReuseSource = (name: string, cls: unknown, block: SourceConfig) => BaseSourcePlugin | undefined;

/** The sources that loaded (or were kept), with their validated blocks. */
export interface LoadedSources {
  readonly sources: Map<string, BaseSourcePlugin>;
  /** The validated block of every source in `sources`: a reload compares it to keep the source. */
  readonly blocks: Map<string, SourceConfig>;
  /** The sources kept from the previous config (see {@link ReuseSource}). */
  readonly kept: Set<string>;
}

/**
 * Builds and loads one instance per configured source of an enabled backend, all at once. A source that
 * fails (bad block, broken plugin, a needed service missing, `load` throwing or hanging) is logged with its
 * type, name, file and reason, recorded in the report, and left out: the others still serve.
 */
export async function loadSources(
  host: HostContext,
  plugins: EnabledPlugins,
  services: ReadonlyMap<string, unknown>,
  reuse?: ReuseSource,
): Promise<LoadedSources> {
  const { config, origins, logger, report } = host;
  const blocks = new Map<string, SourceConfig>();
  const kept = new Set<string>();
  const enabled = new Set(config.enabled_plugins.backends);
  const attempts = Object.entries(config.sources).map(
    async ([name, block]): Promise<[string, BaseSourcePlugin | null]> => {
      const file = origins.of(['sources', name])?.label ?? 'config';
      const type = (block as SourceConfig | null)?.type;
      const skip = (code: ErrorCode, reason: string): [string, null] => {
        report.record({ subject: 'source', name, backend: type, state: 'skipped', code, reason, file });
        return [name, null];
      };
      if (type !== undefined && type !== null && type !== '' && typeof type !== 'string') {
        const why = `sources.${name}.type: must be the name of a backend (a string), not ${JSON.stringify(type)}`;
        logger.error({ source: name, file }, `source "${name}" (${file}): ${why}`);
        report.record({ subject: 'source', name, state: 'failed', code: ErrorCodes.CONFIG_INVALID, reason: why, file });
        return [name, null];
      }
      if (typeof type !== 'string' || type === '') {
        logger.warn(
          { source: name, file },
          `One of the source config has no back-end type. Ignoring. (source "${name}" in ${file})`,
        );
        return skip(ErrorCodes.CONFIG_INVALID, 'no back-end type');
      }
      const fail = (code: ErrorCode, why: string): [string, null] => {
        logger.error(
          { source: name, backend: type, file, code },
          `Failed to load back-end \`${type}\` with config \`${name}\` (${file}): ${why}`,
        );
        report.record({ subject: 'source', name, backend: type, state: 'failed', code, reason: why, file });
        return [name, null];
      };
      if (!enabled.has(type)) {
        const why = `backend "${type}" is not in enabled_plugins.backends`;
        logger.info({ source: name, backend: type, file }, `source "${name}" skipped: ${why}`);
        return skip(ErrorCodes.PLUGIN_NOT_ENABLED, why);
      }
      const cls = plugins.classes.backend.get(type);
      if (!cls) {
        const problem = plugins.problems.backend.get(type);
        if (problem?.code === ErrorCodes.PLUGIN_NOT_INSTALLED) {
          logger.info(
            { source: name, backend: type, file },
            `source "${name}" skipped: backend "${type}" is not installed`,
          );
          return skip(problem.code, `backend "${type}" is not installed`);
        }
        return fail(problem?.code ?? ErrorCodes.PLUGIN_BROKEN, problem?.reason ?? 'the backend could not be imported');
      }
      const schema = (cls.configSchema as TSchema | undefined) ?? COMMON_SCHEMA;
      const checked = validateBlock<SourceConfig>(
        schema,
        withoutEmptyColumnNames(block),
        blockPlace(origins, ['sources', name]),
      );
      if (checked.errors.length > 0) {
        return fail(ErrorCodes.CONFIG_INVALID, checked.errors.map((p) => `${p.key}: ${p.message}`).join('; '));
      }
      warnUnknownKeys(logger, { source: name, backend: type, file }, checked.unknownKeys);
      const needs = cls.needs ?? [];
      const missing = needs.find((r) => !r.optional && !services.has(r.name));
      if (missing) {
        return fail(
          ErrorCodes.DEPENDENCY_MISSING,
          `backend "${type}" needs service "${missing.name}", which is not loaded`,
        );
      }
      const previous = reuse?.(name, cls, checked.value);
      if (previous) {
        blocks.set(name, checked.value);
        kept.add(name);
        report.record({ subject: 'source', name, backend: type, state: 'loaded', file });
        return [name, previous];
      }
      const instance = new cls() as BaseSourcePlugin;
      instance.name = name;
      instance.backend = type;
      try {
        await underLoadTimeout(host, `loading source "${name}"`, () =>
          instance.load({
            config: checked.value,
            mainConfig: config,
            services: servicesFor(`backend "${type}"`, needs, services),
            logger: logger.child({ scope: `dird:backend:${type}`, source: name }),
            metrics: host.metrics,
            report,
          }),
        );
      } catch (err) {
        await Promise.resolve()
          .then(() => instance.unload())
          .catch(() => undefined);
        return fail(codeOf(err), loadFailure(host, err));
      }
      blocks.set(name, checked.value);
      report.record({ subject: 'source', name, backend: type, state: 'loaded', file });
      return [name, instance];
    },
  );
  const loaded = new Map<string, BaseSourcePlugin>();
  for (const [name, source] of await Promise.all(attempts)) if (source) loaded.set(name, source);
  return { sources: loaded, blocks, kept };
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
