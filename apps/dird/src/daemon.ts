import {
  ConfigError,
  DirdError,
  ErrorCodes,
  moduleSearchPaths,
  PluginRegistry,
  sourceConditionActive,
  secondsToMs,
  describeError,
  StartupReportBuilder,
  bounded,
  type BaseViewPlugin,
  type StartupReport,
} from '@dird/core';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { loadConfig, type CommandLineConfig, type LoadedConfig } from './config/load-config.js';
import { authSettings, type AuthSettings } from './config/auth.js';
import { restApiSettings, type RestApiSettings } from './config/rest-api.js';
import { createHttpApp } from './http/server.js';
import { createLogger } from './logger.js';
import { processMetrics } from './ops/dird-metrics.js';
import { installOpsRoutes } from './ops/ops-routes.js';
import { pluginHealth } from './ops/status.js';
import { packageRoot, version } from './paths.js';
import { knownPackageFor } from './plugins/known-packages.js';
import { loadAuth } from './plugins/load-auth.js';
import { loadPlugins, type LoadedPlugins } from './plugins/load-plugins.js';
import { loadViews } from './plugins/load-views.js';
import type { HostContext } from './plugins/plugin-host.js';

/** A started daemon. */
export interface RunningDaemon {
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly logger: PinoLogger;
  /** The state of every plugin and source after the start. */
  readonly report: StartupReport;
  /** Stops accepting, finishes in-flight requests, unloads every plugin (views, services, sources). */
  stop(): Promise<void>;
  /**
   * Reopens `log_filename` (SIGHUP, after logrotate moved it away) and logs that it did; with no log file, only
   * logs that there is nothing to reopen. A file that cannot be opened is logged; the old one is kept.
   */
  reopenLog(): void;
}

/**
 * Starts dird: config → registry → sources → services → views → HTTP. Throws a {@link DirdError} (config
 * mistakes, plugins not installed, nothing loadable) before anything listens.
 */
export async function startDaemon(
  cli: CommandLineConfig,
  onLogger?: (logger: PinoLogger) => void,
): Promise<RunningDaemon> {
  const loaded = await loadConfig(cli);
  const { config } = loaded;
  const { logger, reopen } = createLogger({
    level: config.log_level,
    file: config.log_filename,
    origin: loaded.origins.of(['log_filename'])?.label,
  });
  onLogger?.(logger);
  logger.info(
    { version, files: loaded.files },
    `dird ${version} starting with ${loaded.files[loaded.files.length - 1]}`,
  );
  for (const d of loaded.debug) logger.debug(d);
  for (const w of loaded.warnings) logger.warn(w);
  for (const e of loaded.errors) logger.error(e);
  // Read before anything loads: a missing certificate stops the start at once, naming its key.
  const api = await restApiSettings(config, loaded.origins);
  const auth = authSettings(config, api.listen, loaded.origins);
  warnAboutAuth(logger, auth, api);
  const loadMs = secondsToMs(config.load_timeout);

  const registry = await PluginRegistry.discover({
    searchPaths: [...config.plugin_paths, ...moduleSearchPaths(packageRoot)],
    preferSource: sourceConditionActive(),
    logger,
    packageFor: knownPackageFor,
  });
  const report = new StartupReportBuilder();
  const metrics = processMetrics(version);
  const hostContext: HostContext = {
    config,
    origins: loaded.origins,
    logger,
    metrics: metrics.plugins,
    report,
    loadTimeoutMs: loadMs,
  };
  const plugins = await loadPlugins(hostContext, registry);
  let app: FastifyInstance | undefined;
  let views: BaseViewPlugin[] = [];
  // The token verifier is unloaded after the services it may use: it is loaded after them.
  const unloadLast: (() => unknown)[] = [];
  try {
    const verifier = await loadAuth(hostContext, registry, auth, plugins.services);
    if (verifier) unloadLast.push(() => verifier.unload());
    app = await createHttpApp({
      logger,
      version,
      tls: api.tls,
      cors: api.cors,
      rateLimit: config.rest_api.rate_limit,
      verifier,
      onRequestCompleted: (method, route, status, ms) => metrics.request(method, route, status, ms),
    });
    installOpsRoutes(app, {
      metrics,
      version,
      metricsPublic: config.metrics.public,
      report: () => report,
      config: () => config,
      health: () => pluginHealth({ sources: plugins.sources, services: plugins.services, verifier }),
    });
    views = await loadViews(hostContext, plugins.enabled, plugins.viewBlocks, plugins.services, app);
    requireSome(views.length, 'view', config.enabled_plugins.views);
    await listen(app, api);
  } catch (err) {
    await unloadAll(logger, views, plugins, loadMs, unloadLast);
    await app?.close();
    throw err;
  }
  report.finish();
  logger.info({ report: report.entries }, `start-up report: ${report.summary()}`);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : api.port;
  const host = api.listen.includes(':') ? `[${api.listen}]` : api.listen;
  const url = `${api.tls ? 'https' : 'http'}://${host}:${port}`;
  if (api.tls) logger.info({ certificate: api.tls.certificateFile }, `HTTPS with ${api.tls.certificateFile}`);
  logger.info({ url }, `dird listening on ${url}`);
  return {
    url,
    logger,
    report,
    stop: () => stop(app!, logger, views, plugins, secondsToMs(config.shutdown_timeout), unloadLast),
    reopenLog: () => {
      let file: string | undefined;
      try {
        file = reopen();
      } catch (err) {
        logger.error(
          `cannot reopen the log file ${config.log_filename}: ${describeError(err)}; still writing to the old one`,
        );
        return;
      }
      if (file) logger.info({ file }, `log file reopened: ${file}`);
      else logger.info('no log_filename: logging to stdout, nothing to reopen');
    },
  };
}

/**
 * Listens on `rest_api.listen`:`rest_api.port`; an address in use, not on this host, or a port needing privileges
 * stops the start with a config error naming the key and the address.
 */
async function listen(app: FastifyInstance, api: RestApiSettings): Promise<void> {
  try {
    await app.listen({ host: api.listen, port: api.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const address = `${api.listen.includes(':') ? `[${api.listen}]` : api.listen}:${api.port}`;
    const problems: Record<string, [keyof RestApiSettings['where'], string]> = {
      EADDRINUSE: ['port', `cannot listen on ${address}: the port is already in use (another dird running?)`],
      EACCES: ['port', `cannot listen on ${address}: permission denied (ports below 1024 need privileges)`],
      EADDRNOTAVAIL: ['listen', `cannot listen on ${address}: ${api.listen} is not an address of this host`],
      ENOTFOUND: ['listen', `cannot listen on ${address}: ${api.listen} does not resolve to an address`],
      EAI_AGAIN: ['listen', `cannot listen on ${address}: ${api.listen} does not resolve to an address`],
    };
    const problem = code ? problems[code] : undefined;
    if (!problem) throw err;
    throw new ConfigError(`${problem[1]} (${code})`, api.where[problem[0]], { cause: err });
  }
}

function requireSome(count: number, kind: string, enabled: readonly string[]): void {
  if (count === 0) {
    throw new DirdError(
      ErrorCodes.NOTHING_LOADABLE,
      `no ${kind} loaded (enabled: ${enabled.join(', ')}): refusing to start; see the errors above`,
    );
  }
}

async function stop(
  app: FastifyInstance,
  logger: PinoLogger,
  views: BaseViewPlugin[],
  plugins: LoadedPlugins,
  timeoutMs: number,
  unloadLast: (() => unknown)[],
): Promise<void> {
  logger.info('dird stopping: finishing in-flight requests');
  await bounded(app.close(), { ms: timeoutMs, what: 'finishing in-flight requests' }).catch((err: unknown) => {
    logger.warn(`${describeError(err)}; closing the remaining connections`);
    app.server.closeAllConnections();
  });
  await unloadAll(logger, views, plugins, timeoutMs, unloadLast);
  logger.info('dird stopped');
}

/** Unloads views, then services and sources in the reverse order of loading; each under a deadline. */
async function unloadAll(
  logger: PinoLogger,
  views: BaseViewPlugin[],
  plugins: LoadedPlugins,
  timeoutMs: number,
  unloadLast: (() => unknown)[] = [],
): Promise<void> {
  for (const view of [...views].reverse()) {
    try {
      await bounded(
        Promise.resolve().then(() => view.unload()),
        {
          ms: timeoutMs,
          what: `unloading view ${view.constructor.name}`,
        },
      );
    } catch (err) {
      logger.warn(`view ${view.constructor.name}: unload failed: ${describeError(err)}`);
    }
  }
  for (const unload of unloadLast) {
    await bounded(Promise.resolve().then(unload), { ms: timeoutMs, what: 'unloading the token verifier' }).catch(
      (err: unknown) => logger.warn(`the token verifier: unload failed: ${describeError(err)}`),
    );
  }
  await plugins.unload(timeoutMs);
}

/** Says, at every start, when requests are not authenticated, and why that is allowed. */
function warnAboutAuth(logger: PinoLogger, auth: AuthSettings, api: RestApiSettings): void {
  if (auth.mode === 'none') {
    logger.warn(
      { auth: 'none' },
      `no authentication (no auth section): every request is anonymous; allowed because the API listens on ` +
        `${api.listen} (this machine only). To use tokens, see docs/security.md`,
    );
  } else if (auth.mode === 'disabled') {
    logger.warn(
      { auth: 'disabled' },
      `${auth.file ? `${auth.file}: ` : ''}auth.enabled is false: the directory is served without tokens to ` +
        `anyone who can reach ${api.listen}:${api.port}`,
    );
  }
}

export type { LoadedConfig };
