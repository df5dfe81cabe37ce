import { ConfigError, describeError, DirdError, ErrorCodes } from '@dird/core';
import type { Logger as PinoLogger } from 'pino';
import { parseCommandLine, USAGE } from './cli.js';
import { startDaemon, type RunningDaemon } from './daemon.js';
import { bundledConfigFile, version } from './paths.js';

/** How long the process may linger after a stop before it exits anyway. */
const LINGER_MS = 2000;

/** Exit code of a config mistake (the file and key are in the message). */
export const EXIT_CONFIG = 2;

/** The `dird` command. Resolves when the daemon stops; sets `process.exitCode`. */
export async function main(argv: readonly string[]): Promise<void> {
  const request = parseCommandLine(argv);
  if (request.action === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (request.action === 'version') return void process.stdout.write(`dird ${version}\n`);
  if (request.action === 'error') {
    process.stderr.write(`dird: ${request.message}\n\n${USAGE}\n`);
    process.exitCode = EXIT_CONFIG;
    return;
  }
  let logger: PinoLogger | undefined;
  let daemon: RunningDaemon | undefined;
  // SIGHUP reopens the log file (logrotate's postrotate) and reloads the config (a bad one is refused, the
  // running one kept). One during the start is ignored (the file and the config were just read), rather than
  // killing the daemon as Node's default would.
  process.on('SIGHUP', () => {
    if (!daemon) return;
    daemon.logger.info({ signal: 'SIGHUP' }, 'SIGHUP received: reopening the log file');
    daemon.reopenLog();
    void daemon.reload('SIGHUP');
  });
  try {
    daemon = await startDaemon(
      {
        configFile: request.configFile ?? bundledConfigFile,
        logLevel: request.logLevel,
        logFormat: request.logFormat,
        debug: request.debug,
      },
      (l) => {
        logger = l;
        for (const w of request.warnings) l.warn(w);
        if (!request.configFile) {
          l.warn(
            { config: bundledConfigFile },
            `no -c CONFIG_FILE given: serving the bundled demo directory (${bundledConfigFile}); give -c for your own`,
          );
        }
      },
    );
  } catch (err) {
    const code = err instanceof DirdError ? err.code : 'DIRD_ERR_UNEXPECTED';
    logger?.fatal(
      { code, err: err instanceof DirdError ? undefined : err },
      `dird cannot start: ${describeError(err)}`,
    );
    logger?.flush();
    process.stderr.write(`dird: cannot start: ${describeError(err)}\n`);
    process.exitCode = isConfigMistake(err) ? EXIT_CONFIG : 1;
    return;
  }
  const running = daemon;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      running.logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    running.logger.info({ signal }, `${signal} received`);
    running.stop().then(
      () => {
        running.logger.flush();
        process.exitCode = 0;
        // Every plugin is unloaded: whatever a plugin left open (a socket, a timer) must not keep the daemon
        // alive. The timer does not hold the process itself: it fires only when something else does.
        setTimeout(() => {
          running.logger.warn(`still running ${LINGER_MS} ms after every plugin was unloaded: exiting`);
          running.logger.flush();
          process.exit(0);
        }, LINGER_MS).unref();
      },
      (err: unknown) => {
        running.logger.error(`stop failed: ${describeError(err)}`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function isConfigMistake(err: unknown): boolean {
  return (
    err instanceof ConfigError ||
    (err instanceof DirdError &&
      [
        ErrorCodes.CONFIG_PARSE,
        ErrorCodes.CONFIG_INVALID,
        ErrorCodes.PLUGIN_NOT_INSTALLED,
        ErrorCodes.PLUGIN_CONFLICT,
        ErrorCodes.NOTHING_LOADABLE,
      ].includes(err.code as never))
  );
}
