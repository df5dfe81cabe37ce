import {
  ConfigError,
  DirdError,
  ErrorCodes,
  moduleSearchPaths,
  PluginRegistry,
  sourceConditionActive,
  secondsToMs,
  describeError,
  type BaseSourcePlugin,
  type BaseViewPlugin,
} from '@dird/core';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { loadConfig, type CommandLineConfig, type LoadedConfig } from './config/load-config.js';
import { restApiSettings, type RestApiSettings } from './config/rest-api.js';
import { createHttpApp } from './http/server.js';
import { createLogger } from './logger.js';
import { packageRoot, version } from './paths.js';
import { loadEnabledPlugins } from './plugins/enabled-plugins.js';
import { loadServices, type LoadedService } from './plugins/load-services.js';
import { loadSources } from './plugins/load-sources.js';
import { loadViews } from './plugins/load-views.js';
import { withTimeout } from './plugins/with-timeout.js';

/** A started daemon. */
export interface RunningDaemon {
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly logger: PinoLogger;
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
  for (const w of loaded.warnings) logger.warn(w);
  // Read before anything loads: a missing certificate stops the start at once, naming its key.
  const api = await restApiSettings(config, loaded.origins);
  const loadMs = secondsToMs(config.load_timeout);

  const registry = await PluginRegistry.discover({
    searchPaths: [...config.plugin_paths, ...moduleSearchPaths(packageRoot)],
    preferSource: sourceConditionActive(),
    logger,
  });
  const plugins = await loadEnabledPlugins(config, registry, logger, loaded.origins);
  const sources = await loadSources(config, loaded.origins, plugins, logger, loadMs);
  logger.info(
    { sources: [...sources.keys()] },
    `${sources.size} of ${Object.keys(config.sources).length} sources loaded`,
  );
  let services = new Map<string, LoadedService>();
  let app: FastifyInstance | undefined;
  let views: BaseViewPlugin[] = [];
  try {
    services = await loadServices(config, loaded.origins, plugins, sources, logger, loadMs);
    requireSome(services.size, 'service', config.enabled_plugins.services);
    app = await createHttpApp({ logger, version, tls: api.tls, cors: api.cors });
    views = await loadViews(config, plugins, services, app, logger, loadMs);
    requireSome(views.length, 'view', config.enabled_plugins.views);
    await listen(app, api);
  } catch (err) {
    await unloadAll(logger, views, services, sources, loadMs);
    await app?.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : api.port;
  const host = api.listen.includes(':') ? `[${api.listen}]` : api.listen;
  const url = `${api.tls ? 'https' : 'http'}://${host}:${port}`;
  if (api.tls) logger.info({ certificate: api.tls.certificateFile }, `HTTPS with ${api.tls.certificateFile}`);
  logger.info({ url }, `dird listening on ${url}`);
  return {
    url,
    logger,
    stop: () => stop(app!, logger, views, services, sources, secondsToMs(config.shutdown_timeout)),
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
  services: Map<string, LoadedService>,
  sources: Map<string, BaseSourcePlugin>,
  timeoutMs: number,
): Promise<void> {
  logger.info('dird stopping: finishing in-flight requests');
  await withTimeout(app.close(), timeoutMs, 'finishing in-flight requests').catch((err: unknown) => {
    logger.warn(`${describeError(err)}; closing the remaining connections`);
    app.server.closeAllConnections();
  });
  await unloadAll(logger, views, services, sources, timeoutMs);
  logger.info('dird stopped');
}

/** Unloads views, then services, then sources: the reverse of loading; each under a deadline. */
async function unloadAll(
  logger: PinoLogger,
  views: BaseViewPlugin[],
  services: Map<string, LoadedService>,
  sources: Map<string, BaseSourcePlugin>,
  timeoutMs: number,
): Promise<void> {
  const unload = async (what: string, fn: () => unknown) => {
    try {
      await withTimeout(Promise.resolve().then(fn), timeoutMs, `unloading ${what}`);
    } catch (err) {
      logger.warn(`${what}: unload failed: ${describeError(err)}`);
    }
  };
  for (const view of [...views].reverse()) await unload(`view ${view.constructor.name}`, () => view.unload());
  for (const [name, s] of [...services].reverse()) await unload(`service ${name}`, () => s.plugin.unload());
  await Promise.all([...sources].map(([name, s]) => unload(`source ${name}`, () => s.unload())));
}

export type { LoadedConfig };
