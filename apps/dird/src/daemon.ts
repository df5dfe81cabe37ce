import { performance } from 'node:perf_hooks';
import { bounded, describeError, DirdError, secondsToMs, type StartupReport } from '@dird/core';
import type { Logger as PinoLogger } from 'pino';
import { loadConfig, type CommandLineConfig, type LoadedConfig } from './config/load-config.js';
import type { AuthSettings } from './config/auth.js';
import type { RestApiSettings } from './config/rest-api.js';
import { buildGeneration, type Generation } from './generation.js';
import { Listener } from './http/listener.js';
import { createLogger } from './logger.js';
import { processMetrics } from './ops/dird-metrics.js';
import { version } from './paths.js';
import { applyDaemonSettings, reloadSummary } from './reload.js';
import { ReloadQueue } from './reload-queue.js';

/** A started daemon. */
export interface RunningDaemon {
  /** `http://host:port` the API listens on. */
  readonly url: string;
  readonly logger: PinoLogger;
  /** The state of every plugin and source of the config serving now (after the start or the last reload). */
  readonly report: StartupReport;
  /** Stops accepting, finishes in-flight requests, unloads every plugin (views, services, sources). */
  stop(): Promise<void>;
  /**
   * Reopens `log_filename` (SIGHUP, after logrotate moved it away) and logs that it did; with no log file, only
   * logs that there is nothing to reopen. A file that cannot be opened is logged; the old one is kept.
   */
  reopenLog(): void;
  /**
   * Reads and validates the whole config again and, when it is good, swaps it in without failing a request in
   * flight; when it is bad, logs why (file and key) and keeps serving the running one. One reload at a time: one
   * asked for during a reload runs after it. `why` starts the log line (`SIGHUP`). Never throws.
   */
  reload(why: string): Promise<void>;
}

/**
 * Starts dird: config → generation (registry → sources → services → verifier → views) → HTTP. Throws a
 * {@link DirdError} (config mistakes, plugins not installed, nothing loadable) before anything listens.
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
    format: cli.logFormat,
  });
  onLogger?.(logger);
  const mainFile = loaded.files[loaded.files.length - 1];
  logger.info({ version, files: loaded.files }, `dird ${version} starting with ${mainFile}`);
  logConfigNotes(logger, loaded);
  // Process-wide: kept across reloads (a generation's plugins get it in their load arguments).
  const metrics = processMetrics(version);
  let current = await buildGeneration(loaded, { logger, metrics });
  warnAboutAuth(logger, current.auth, current.api);
  const listener = new Listener(current.app, current.api.tls, logger);
  try {
    await listener.listen(current.api);
  } catch (err) {
    await current.close(secondsToMs(config.load_timeout));
    throw err;
  }
  logger.info({ report: current.report.entries }, `start-up report: ${current.report.summary()}`);
  const { api } = current;
  const host = api.listen.includes(':') ? `[${api.listen}]` : api.listen;
  const url = `${api.tls ? 'https' : 'http'}://${host}:${listener.port ?? api.port}`;
  if (api.tls) logger.info({ certificate: api.tls.certificateFile }, `HTTPS with ${api.tls.certificateFile}`);
  logger.info({ url }, `dird listening on ${url}`);

  let stopping = false;
  // What asked for the next reload (`SIGHUP`), for its first log line.
  let why = 'reload';
  const reloadOnce = async (): Promise<void> => {
    const started = performance.now();
    logger.info(`${why}: reloading config from ${mainFile}`);
    const previous = current;
    let next: Generation;
    try {
      const reread = await loadConfig(cli);
      logConfigNotes(logger, reread);
      next = await buildGeneration(reread, { logger, metrics, previous });
    } catch (err) {
      logger.error(
        { code: err instanceof DirdError ? err.code : undefined, err: err instanceof DirdError ? undefined : err },
        `reload refused: ${describeError(err)}; still running the previous config`,
      );
      return;
    }
    if (stopping) {
      logger.info('stopping: the reloaded config is not put in service');
      await next.close(secondsToMs(next.config.shutdown_timeout), new Set(previous.sources.values()));
      return;
    }
    try {
      applyDaemonSettings(logger, listener, previous, next);
    } catch (err) {
      logger.error(`reload refused: ${describeError(err)}; still running the previous config`);
      await next.close(secondsToMs(next.config.shutdown_timeout), new Set(previous.sources.values()));
      return;
    }
    if (next.auth.mode !== previous.auth.mode) warnAboutAuth(logger, next.auth, next.api);
    const old = listener.swap(next.app);
    current = next;
    const ms = Math.round(performance.now() - started);
    logger.info(
      { report: next.report.entries, ms },
      `reload done in ${ms} ms: ${reloadSummary(previous, next)}; start-up report: ${next.report.summary()}`,
    );
    // The previous config answers the requests it already has, then goes, leaving the sources kept in place.
    const timeoutMs = secondsToMs(previous.config.shutdown_timeout);
    const inFlight = old.inFlight;
    await bounded(old.drained(), { ms: timeoutMs, what: 'answering the requests of the previous config' }).catch(
      (err: unknown) => logger.warn(`${describeError(err)}; unloading it anyway`),
    );
    await previous.close(timeoutMs, new Set(next.sources.values()));
    logger.info(`previous config closed (it finished ${inFlight} requests in flight at the swap)`);
  };
  const reloads = new ReloadQueue(async () => {
    try {
      await reloadOnce();
    } catch (err) {
      logger.error({ err }, `reload failed: ${describeError(err)}; still running the previous config`);
    }
  });

  return {
    url,
    logger,
    get report() {
      return current.report;
    },
    async stop() {
      stopping = true;
      const timeoutMs = secondsToMs(current.config.shutdown_timeout);
      logger.info('dird stopping: finishing in-flight requests');
      if (reloads.busy) logger.info('waiting for the reload under way to end');
      await bounded(reloads.close(), { ms: timeoutMs, what: 'waiting for the reload under way' }).catch(
        (err: unknown) => logger.warn(`${describeError(err)}; stopping anyway`),
      );
      await listener.stop(timeoutMs, logger);
      await current.close(timeoutMs);
      logger.info('dird stopped');
    },
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
    reload(asker) {
      if (!stopping) why = asker;
      const { outcome, done } = reloads.request();
      if (outcome === 'queued') logger.info(`${asker} during a reload: one more reload will follow it`);
      else if (outcome === 'closed') logger.info(`${asker} while stopping: not reloading`);
      return done;
    },
  };
}

/** Logs what loading the config noted: debug lines, warnings, parts dropped. */
function logConfigNotes(logger: PinoLogger, loaded: LoadedConfig): void {
  for (const d of loaded.debug) logger.debug(d);
  for (const w of loaded.warnings) logger.warn(w);
  for (const e of loaded.errors) logger.error(e);
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
