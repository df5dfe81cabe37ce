import {
  bounded,
  ConfigError,
  describeError,
  formatConfigProblem,
  type BlockPlace,
  type DirdConfig,
  type Logger,
  type Metrics,
  type StartupReportBuilder,
} from '@dird/core';
import type { Origins } from '../config/origins.js';

/** What every loader shares: the config and where its keys came from, the logger, metrics and the report. */
export interface HostContext {
  readonly config: DirdConfig;
  readonly origins: Origins;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly report: StartupReportBuilder;
  /** `load_timeout`, in milliseconds: how long one plugin may take to load (and to unload). */
  readonly loadTimeoutMs: number;
}

/** Where the block at `keyPath` sits: its files, and its relative paths resolved against their folders. */
export function blockPlace(origins: Origins, keyPath: readonly string[]): BlockPlace {
  return {
    keyPath,
    fileOf: (at) => origins.of(at)?.label,
    resolvePath: (value, at) => origins.resolvePath(value, at),
  };
}

/** Runs a plugin's `load` or `unload` under `load_timeout`: a plugin that hangs never hangs the daemon. */
export function underLoadTimeout<T>(host: HostContext, what: string, work: () => Promise<T> | T): Promise<T> {
  return bounded(Promise.resolve().then(work), { ms: host.loadTimeoutMs, what });
}

/**
 * Why a plugin failed to load, for the log and the report: a config mistake it found itself (a `ConfigError`
 * naming a key but no file) gets the file that set that key.
 */
export function loadFailure(host: HostContext, err: unknown): string {
  if (err instanceof ConfigError && !err.file && err.key) {
    const file = host.origins.of(err.key.split('.'))?.label;
    if (file) return `${file}: ${err.message}`;
  }
  return describeError(err);
}

/** Logs each unknown key of a validated block as a warning naming its file (a typo, most often). */
export function warnUnknownKeys(
  logger: Logger,
  bindings: Record<string, unknown>,
  unknownKeys: readonly { key: string; file: string | undefined; message: string }[],
): void {
  for (const problem of unknownKeys) logger.warn(bindings, formatConfigProblem(problem));
}
