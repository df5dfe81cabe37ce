import {
  codeOf,
  ErrorCodes,
  servicesFor,
  validateBlock,
  type BaseServicePlugin,
  type BaseSourcePlugin,
  type ErrorCode,
  type TSchema,
} from '@dird/core';
import { ConfigError } from '@dird/core';
import type { EnabledPlugins } from './enabled-plugins.js';
import { blockPlace, loadFailure, underLoadTimeout, warnUnknownKeys, type HostContext } from './plugin-host.js';

/** A loaded service: the plugin (to unload it) and the object views and other services call. */
export interface LoadedService {
  readonly plugin: BaseServicePlugin;
  readonly service: unknown;
}

/** The validated `services.<name>` block of every enabled service. A mistake there is fatal: it names file and key. */
export function validateServiceBlocks(host: HostContext, plugins: EnabledPlugins): Map<string, unknown> {
  const blocks = new Map<string, unknown>();
  for (const [name, cls] of plugins.classes.service) {
    const schema = cls.configSchema as TSchema | undefined;
    const block = host.config.services[name];
    if (!schema) {
      blocks.set(name, block);
      continue;
    }
    const checked = validateBlock(schema, block ?? undefined, blockPlace(host.origins, ['services', name]));
    const [problem] = checked.errors;
    if (problem) throw new ConfigError(problem.message, { file: problem.file, key: problem.key });
    warnUnknownKeys(host.logger, { service: name }, checked.unknownKeys);
    blocks.set(name, checked.value);
  }
  return blocks;
}

/**
 * Loads service `name` with the sources loaded so far and the services it declared. A service whose needed
 * service did not load, or whose `load` throws or hangs, is logged, recorded in the report and left out.
 */
export async function loadService(
  host: HostContext,
  name: string,
  plugins: EnabledPlugins,
  block: unknown,
  sources: ReadonlyMap<string, BaseSourcePlugin>,
  loaded: Map<string, LoadedService>,
): Promise<void> {
  const cls = plugins.classes.service.get(name)!;
  const needs = cls.needs ?? [];
  const objects = new Map([...loaded].map(([n, s]) => [n, s.service]));
  const missing = needs.find((r) => !r.optional && !objects.has(r.name));
  if (missing) {
    failService(host, name, ErrorCodes.DEPENDENCY_MISSING, `needs service "${missing.name}", which did not load`);
    return;
  }
  const plugin = new cls() as BaseServicePlugin;
  try {
    const service = await underLoadTimeout(host, `loading service "${name}"`, () =>
      plugin.load({
        config: block,
        mainConfig: host.config,
        sources,
        services: servicesFor(`service "${name}"`, needs, objects),
        logger: host.logger.child({ scope: `dird:service:${name}` }),
        metrics: host.metrics,
        report: host.report,
      }),
    );
    loaded.set(name, { plugin, service });
  } catch (err) {
    failService(host, name, codeOf(err), loadFailure(host, err));
  }
}

/** Logs and records a service that did not load. */
export function failService(host: HostContext, name: string, code: ErrorCode, reason: string): void {
  host.logger.error({ service: name, code }, `Failed to load service \`${name}\`: ${reason}`);
  const entry = host.report.find('service', name);
  host.report.record({ ...entry, subject: 'service', name, state: 'failed', code, reason });
}
