import type { DirdConfig } from '../config-types.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { noMetrics, type Metrics } from '../metrics.js';
import type { PluginLoadArgs } from '../plugin-args.js';
import { RequestContext } from '../request-context.js';
import { servicesFor, serviceRef } from '../service-ref.js';
import type { SourceCallArgs } from '../source-plugin.js';
import type { ViewLoadArgs } from '../view-plugin.js';
import { StartupReportBuilder, type StartupReport } from '../startup-report.js';

/** Options of {@link loadArgs}. */
export interface LoadArgsOptions {
  /** The service objects the plugin is handed, by name (it must declare each in `needs` to get it). */
  readonly services?: Readonly<Record<string, unknown>>;
  readonly mainConfig?: Partial<DirdConfig>;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly report?: StartupReport;
}

/**
 * The arguments the daemon would hand a plugin's `load`, for a unit test: `config` as given, a silent logger,
 * metrics that record nothing, an empty report, and the given service objects.
 */
export function loadArgs<C>(config: C, options: LoadArgsOptions = {}): PluginLoadArgs<C> {
  const services = new Map(Object.entries(options.services ?? {}));
  return {
    config,
    mainConfig: {
      enabled_plugins: { backends: [], services: [], views: [] },
      sources: {},
      services: {},
      views: {},
      rest_api: { listen: '127.0.0.1', port: 0 },
      ...options.mainConfig,
    } as DirdConfig,
    services: servicesFor(
      'the plugin under test',
      [...services.keys()].map((n) => serviceRef(n)),
      services,
    ),
    logger: options.logger ?? silentLogger,
    metrics: options.metrics ?? noMetrics,
    report: options.report ?? new StartupReportBuilder(),
  };
}

/** Arguments of a source call, for a unit test: an anonymous request context, and a signal unless given. */
export function sourceCallArgs(extra: Partial<SourceCallArgs> = {}): SourceCallArgs {
  return { signal: AbortSignal.timeout(20_000), context: RequestContext.anonymous(), ...extra };
}

/**
 * The arguments the daemon would hand a view's `load`, for a unit test: {@link loadArgs} plus the view's HTTP
 * scope, and an anonymous request context for every request.
 */
export function viewLoadArgs<C, App>(
  config: C,
  app: App,
  options: LoadArgsOptions = {},
): ViewLoadArgs<C, App, unknown> {
  return { ...loadArgs(config, options), app, contextOf: () => RequestContext.anonymous() };
}
