import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, describeError } from '@dird/core';
import { pino, type Logger as PinoLogger } from 'pino';
import { logFormatFor, prettyDestination } from './log-format.js';

const LEVELS: Record<string, string> = { critical: 'fatal', warning: 'warn' };

/** Where a secret could sit in a logged object: tokens, passwords, auth headers. */
const REDACTED = [
  'token',
  '*.token',
  'password',
  '*.password',
  'headers["x-auth-token"]',
  '*.headers["x-auth-token"]',
  'headers.authorization',
  '*.headers.authorization',
];

/** pino's level for a xivo-dird level name (`critical`, `warning`, …) or a pino one. */
export function pinoLevel(level: string): string {
  return LEVELS[level] ?? level;
}

/** The daemon's logger, and how to reopen its file after a log rotation. */
export interface DaemonLogger {
  readonly logger: PinoLogger;
  /**
   * Opens `log_filename` again (after logrotate moved it away): later lines go to a new file at the configured
   * path. Returns the file, or undefined when logging to stdout. Throws when the file cannot be opened; the old
   * one is kept then.
   */
  reopen(): string | undefined;
}

/** Opens `file` for appending (creating its folder), and closes it: throws the reason it cannot be. */
function checkWritable(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  closeSync(openSync(file, 'a'));
}

/**
 * The daemon's logger: JSON lines with ISO times and level names, to stdout or to `log_filename`; lines for a
 * person when stdout is a terminal (`format` `auto`, the default) or when asked (`pretty`). The file is opened at
 * once, so that an unusable one (a folder, a path under a file, no permission) stops the start with a config
 * error naming it (`origin` is the config file that set it).
 */
export function createLogger(options: {
  level: string;
  file?: string | null;
  origin?: string;
  format?: string;
}): DaemonLogger {
  const { file } = options;
  if (file) {
    try {
      checkWritable(file);
    } catch (err) {
      throw new ConfigError(
        `cannot write the log file ${file}: ${describeError(err)}`,
        { file: options.origin, key: 'log_filename' },
        { cause: err },
      );
    }
  }
  const destination = file
    ? pino.destination({ dest: file, mkdir: true, sync: false })
    : pino.destination({ fd: 1, sync: false });
  const pretty = logFormatFor(options.format, Boolean(file), process.stdout.isTTY === true) === 'pretty';
  // A write or reopen failing later must not crash the daemon with an unhandled 'error' event.
  destination.on('error', (err: Error) => {
    process.stderr.write(`dird: log file ${file ?? 'stdout'}: ${describeError(err)}\n`);
  });
  const logger = pino(
    {
      name: 'dird',
      level: pinoLevel(options.level),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid },
      // Defence in depth: no code logs a request's headers or a token, but an error object might carry them.
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    // Pretty lines are written as they come (a terminal is written synchronously by Node anyway).
    pretty && !file ? prettyDestination() : destination,
  );
  return {
    logger,
    reopen() {
      if (!file) return undefined;
      checkWritable(file);
      destination.reopen();
      return file;
    },
  };
}
