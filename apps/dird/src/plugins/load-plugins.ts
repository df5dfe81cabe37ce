import {
  DirdError,
  ErrorCodes,
  describeError,
  type BaseSourcePlugin,
  type PluginRegistry,
  type SourceConfig,
} from '@dird/core';
import { loadEnabledPlugins, type EnabledPlugins } from './enabled-plugins.js';
import { loadOrder } from './load-order.js';
import { failService, loadService, validateServiceBlocks, type LoadedService } from './load-services.js';
import { loadSources, type ReuseSource } from './load-sources.js';
import { validateViewsSection } from './load-views.js';
import { underLoadTimeout, type HostContext } from './plugin-host.js';

/** What unloading takes, in the reverse order of loading. */
type UnloadStep = { readonly what: string; readonly run: () => unknown } | { readonly parallel: UnloadStep[] };

/** The plugins loaded before the HTTP server: the sources and services, and how to unload them. */
export interface LoadedPlugins {
  readonly enabled: EnabledPlugins;
  readonly sources: ReadonlyMap<string, BaseSourcePlugin>;
  /** The validated block of every loaded source. */
  readonly sourceBlocks: ReadonlyMap<string, SourceConfig>;
  /** The sources kept as they were from the previous config (a reload), not loaded again. */
  readonly keptSources: ReadonlySet<string>;
  readonly services: ReadonlyMap<string, LoadedService>;
  /** The validated `views` section, per view. */
  readonly viewBlocks: ReadonlyMap<string, unknown>;
  /**
   * Unloads what loaded, in the reverse order, each step under the deadline; never throws. The sources in `keep`
   * (those the next or the previous config uses too) are left loaded.
   */
  unload(timeoutMs: number, keep?: ReadonlySet<BaseSourcePlugin>): Promise<void>;
}

/**
 * config → registry → sources and services: imports the enabled plugins, validates every block (a mistake in a
 * service or view block stops the start), then loads services and sources in the order of their needs, and
 * records each in the report. Refuses to start when no service loads.
 */
export async function loadPlugins(
  host: HostContext,
  registry: PluginRegistry,
  reuse?: ReuseSource,
): Promise<LoadedPlugins> {
  const enabled = await loadEnabledPlugins(host, registry);
  const serviceBlocks = validateServiceBlocks(host, enabled);
  const viewBlocks = validateViewsSection(host, enabled);
  const { config, logger } = host;
  const backendsInUse = new Map(
    [...enabled.classes.backend].filter(([name]) => Object.values(config.sources).some((s) => s?.type === name)),
  );
  const order = loadOrder(enabled.classes.service, backendsInUse, (name) => {
    const problem = enabled.problems.service.get(name);
    if (problem) return `could not be loaded: ${problem.reason}`;
    return 'is not enabled and no installed package provides it (add it to enabled_plugins.services, or install its package)';
  });
  for (const [name, problem] of order.problems) failService(host, name, problem.code, problem.reason);

  let sources: ReadonlyMap<string, BaseSourcePlugin> = new Map();
  let sourceBlocks: ReadonlyMap<string, SourceConfig> = new Map();
  let keptSources: ReadonlySet<string> = new Set();
  let keep: ReadonlySet<BaseSourcePlugin> = new Set();
  const services = new Map<string, LoadedService>();
  const unloads: UnloadStep[] = [];
  for (const step of order.steps) {
    if (step.step === 'sources') {
      const objects = new Map([...services].map(([n, s]) => [n, s.service]));
      ({ sources, blocks: sourceBlocks, kept: keptSources } = await loadSources(host, enabled, objects, reuse));
      logger.info(
        { sources: [...sources.keys()] },
        `${sources.size} of ${Object.keys(config.sources).length} sources loaded`,
      );
      unloads.push({
        parallel: [...sources].map(([name, s]) => ({
          what: `source ${name}`,
          run: () => (keep.has(s) ? undefined : s.unload()),
        })),
      });
    } else {
      await loadService(host, step.name, enabled, serviceBlocks.get(step.name), sources, services);
      const loaded = services.get(step.name);
      if (loaded) unloads.push({ what: `service ${step.name}`, run: () => loaded.plugin.unload() });
    }
  }
  const result: LoadedPlugins = {
    enabled,
    sources,
    sourceBlocks,
    keptSources,
    services,
    viewBlocks,
    unload: (timeoutMs, keeping = new Set()) => {
      keep = keeping;
      return runUnloads(host, [...unloads].reverse(), timeoutMs);
    },
  };
  if (services.size === 0) {
    // Sources kept from the running config stay loaded: it still uses them.
    await result.unload(host.loadTimeoutMs, new Set([...keptSources].map((n) => sources.get(n)!)));
    throw new DirdError(
      ErrorCodes.NOTHING_LOADABLE,
      `no service loaded (enabled: ${config.enabled_plugins.services.join(', ')}): refusing to start; see the errors above`,
    );
  }
  return result;
}

async function runUnloads(host: HostContext, steps: UnloadStep[], timeoutMs: number): Promise<void> {
  const run = async (step: UnloadStep): Promise<void> => {
    if ('parallel' in step) {
      await Promise.all(step.parallel.map(run));
      return;
    }
    try {
      await underLoadTimeout({ ...host, loadTimeoutMs: timeoutMs }, `unloading ${step.what}`, step.run);
    } catch (err) {
      host.logger.warn(`${step.what}: unload failed: ${describeError(err)}`);
    }
  };
  for (const step of steps) await run(step);
}
