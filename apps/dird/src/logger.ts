import { pino, type Logger as PinoLogger } from 'pino';

const LEVELS: Record<string, string> = { critical: 'fatal', warning: 'warn' };

/** pino's level for a xivo-dird level name (`critical`, `warning`, …) or a pino one. */
export function pinoLevel(level: string): string {
  return LEVELS[level] ?? level;
}

/** The daemon's logger: JSON lines with ISO times and level names, to stdout or to `log_filename`. */
export function createLogger(options: { level: string; file?: string | null }): PinoLogger {
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: false })
    : pino.destination({ fd: 1, sync: false });
  return pino(
    {
      name: 'dird',
      level: pinoLevel(options.level),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid },
    },
    destination,
  );
}
