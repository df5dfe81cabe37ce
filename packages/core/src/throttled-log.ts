import type { Logger } from './logger.js';

/**
 * Logs a recurring problem once, then at most once per `intervalMs` with the count of repeats in between,
 * so a source that hangs under load leaves a readable log instead of thousands of identical lines.
 */
export class ThrottledLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
  ) {}

  /** Logs at warn level, keyed by `key` (e.g. the source name and the kind of problem). */
  warn(key: string, obj: Record<string, unknown>, msg: string): void {
    this.write('warn', key, obj, msg);
  }

  /** Logs at info level, keyed by `key`: something worth knowing that is not a fault. */
  info(key: string, obj: Record<string, unknown>, msg: string): void {
    this.write('info', key, obj, msg);
  }

  private write(level: 'warn' | 'info', key: string, obj: Record<string, unknown>, msg: string): void {
    const now = Date.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return;
    }
    const repeats = seen?.suppressed ?? 0;
    this.last.set(key, { at: now, suppressed: 0 });
    this.logger[level](
      { ...obj, repeats },
      repeats > 0 ? `${msg} (and ${repeats} more times since the last report)` : msg,
    );
  }
}
