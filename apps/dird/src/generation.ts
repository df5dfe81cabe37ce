import { isDeepStrictEqual } from 'node:util';
import {
  bounded,
  describeError,
  DirdError,
  ErrorCodes,
  moduleSearchPaths,
  PluginRegistry,
  secondsToMs,
  sourceConditionActive,
  StartupReportBuilder,
  type BaseAuthPlugin,
  type BaseSourcePlugin,
  type BaseViewPlugin,
  type DirdConfig,
} from '@dird/core';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { authSettings, type AuthSettings } from './config/auth.js';
import type { LoadedConfig } from './config/load-config.js';
import { restApiSettings, type RestApiSettings } from './config/rest-api.js';
import { createHttpApp } from './http/server.js';
import type { DirdMetrics } from './ops/dird-metrics.js';
import { installOpsRoutes } from './ops/ops-routes.js';
import { pluginHealth } from './ops/status.js';
import { packageRoot, version } from './paths.js';
import type { HostedClass } from './plugins/enabled-plugins.js';
import { knownPackageFor } from './plugins/known-packages.js';
import { loadAuth } from './plugins/load-auth.js';
import { loadPlugins, type LoadedPlugins } from './plugins/load-plugins.js';
import type { ReuseSource } from './plugins/load-sources.js';
import { loadViews } from './plugins/load-views.js';
import type { HostContext } from './plugins/plugin-host.js';

/**
 * One config and what it runs: its plugins (sources, services, views, token verifier), its start-up report and
 * its Fastify app. The daemon serves one generation at a time; a reload builds the next beside it, swaps, then
 * closes the previous one once its requests are answered.
 */
export interface Generation {
  readonly loaded: LoadedConfig;
  readonly config: LoadedConfig['config'];
  readonly api: RestApiSettings;
  readonly auth: AuthSettings;
  readonly report: StartupReportBuilder;
  readonly app: FastifyInstance;
  readonly plugins: LoadedPlugins;
  /** The sources this generation uses (some may be shared with the previous or the next one). */
  readonly sources: ReadonlyMap<string, BaseSourcePlugin>;
  /**
   * Closes the app and unloads the views, the verifier, the services and the sources but those in `keep` (the
   * ones the generation serving now shares), each under `timeoutMs`; never throws.
   */
  close(timeoutMs: number, keep?: ReadonlySet<BaseSourcePlugin>): Promise<void>;
}

/** What every generation shares: the daemon's logger and its process-wide metrics. */
export interface GenerationDeps {
  readonly logger: PinoLogger;
  readonly metrics: DirdMetrics;
  /** The generation serving now, on a reload: its unchanged sources are kept rather than loaded again. */
  readonly previous?: Generation;
}

/**
 * Builds a generation from a loaded config: settings → registry → sources and services → token verifier →
 * Fastify app → views, then readies the app (it does not listen: the daemon's listener routes requests to it).
 * Throws a {@link DirdError} for everything that stops a start (a config mistake naming file and key, a plugin
 * conflict, a verifier that cannot load, nothing loadable), having unloaded what it loaded.
 */
export async function buildGeneration(loaded: LoadedConfig, deps: GenerationDeps): Promise<Generation> {
  const { config } = loaded;
  const { logger } = deps;
  // Read before anything loads: a missing certificate stops the start at once, naming its key.
  const api = await restApiSettings(config, loaded.origins);
  const auth = authSettings(config, api.listen, loaded.origins);
  const loadMs = secondsToMs(config.load_timeout);
  // Discovered again on every reload: a plugin package installed since is found (code already imported is not
  // imported again: upgrading a plugin needs a restart).
  const registry = await PluginRegistry.discover({
    searchPaths: [...config.plugin_paths, ...moduleSearchPaths(packageRoot)],
    preferSource: sourceConditionActive(),
    logger,
    packageFor: knownPackageFor,
  });
  const report = new StartupReportBuilder();
  const host: HostContext = {
    config,
    origins: loaded.origins,
    logger,
    metrics: deps.metrics.plugins,
    report,
    loadTimeoutMs: loadMs,
  };
  const plugins = await loadPlugins(host, registry, deps.previous && reuseUnchanged(deps.previous, config));
  // The sources shared with the running generation: never unloaded by this one if it fails.
  const shared = new Set([...plugins.keptSources].map((name) => plugins.sources.get(name)!));
  let app: FastifyInstance | undefined;
  let views: BaseViewPlugin[] = [];
  let verifier: BaseAuthPlugin | undefined;
  const close = async (timeoutMs: number, keep: ReadonlySet<BaseSourcePlugin> = new Set()) => {
    await app?.close().catch((err: unknown) => logger.warn(`closing the HTTP app failed: ${describeError(err)}`));
    await unloadAll(logger, views, verifier, plugins, timeoutMs, keep);
  };
  try {
    verifier = await loadAuth(host, registry, auth, plugins.services);
    app = await createHttpApp({
      logger,
      version,
      cors: api.cors,
      rateLimit: config.rest_api.rate_limit,
      verifier,
      onRequestCompleted: (method, route, status, ms) => deps.metrics.request(method, route, status, ms),
    });
    // The host's own routes answer for this generation (its app is only served while it is the current one);
    // the metrics are the process's and outlive a reload.
    const running = verifier;
    installOpsRoutes(app, {
      metrics: deps.metrics,
      version,
      metricsPublic: config.metrics.public,
      report: () => report,
      config: () => config,
      health: () => pluginHealth({ sources: plugins.sources, services: plugins.services, verifier: running }),
    });
    views = await loadViews(host, plugins.enabled, plugins.viewBlocks, plugins.services, app);
    requireSome(views.length, 'view', config.enabled_plugins.views);
  } catch (err) {
    await close(loadMs, shared);
    throw err;
  }
  report.finish();
  return { loaded, config, api, auth, report, app, plugins, sources: plugins.sources, close };
}

/**
 * Keeps a source of the running generation when the new config gives it the same backend class and the same
 * validated block (paths resolved), its backend needs no service (a service is loaded again on every reload:
 * a kept source would hold the old one), and the source says it can serve the new config as it is
 * ({@link BaseSourcePlugin.reusableWith}: a CSV source whose lookup displays changed prepares its entries again). Saves re-reading a large CSV, or reopening LDAP and SQL pools.
 */
function reuseUnchanged(previous: Generation, config: DirdConfig): ReuseSource {
  return (name, cls, block) => {
    const source = previous.sources.get(name);
    if (!source || source.constructor !== cls) return undefined;
    if (((cls as HostedClass).needs ?? []).length > 0) return undefined;
    const before = previous.plugins.sourceBlocks.get(name);
    if (before === undefined || !isDeepStrictEqual(before, block)) return undefined;
    return source.reusableWith(config) ? source : undefined;
  };
}

function requireSome(count: number, kind: string, enabled: readonly string[]): void {
  if (count === 0) {
    throw new DirdError(
      ErrorCodes.NOTHING_LOADABLE,
      `no ${kind} loaded (enabled: ${enabled.join(', ')}): refusing to start; see the errors above`,
    );
  }
}

/** Unloads views, then the token verifier (loaded after the services it may use), then services and sources. */
async function unloadAll(
  logger: PinoLogger,
  views: readonly BaseViewPlugin[],
  verifier: BaseAuthPlugin | undefined,
  plugins: LoadedPlugins,
  timeoutMs: number,
  keep: ReadonlySet<BaseSourcePlugin>,
): Promise<void> {
  for (const view of [...views].reverse()) {
    await bounded(
      Promise.resolve().then(() => view.unload()),
      { ms: timeoutMs, what: `unloading view ${view.constructor.name}` },
    ).catch((err: unknown) => logger.warn(`view ${view.constructor.name}: unload failed: ${describeError(err)}`));
  }
  if (verifier) {
    await bounded(
      Promise.resolve().then(() => verifier.unload()),
      { ms: timeoutMs, what: 'unloading the token verifier' },
    ).catch((err: unknown) => logger.warn(`the token verifier: unload failed: ${describeError(err)}`));
  }
  await plugins.unload(timeoutMs, keep);
}
