import { isDeepStrictEqual } from 'node:util';
import type { Logger as PinoLogger } from 'pino';
import type { Generation } from './generation.js';
import type { Listener } from './http/listener.js';
import { pinoLevel } from './logger.js';

/**
 * Applies what a reload can change outside the generation (the log level, the TLS certificate), and warns about
 * what needs a restart (the address and port, HTTP ↔ HTTPS, the log file), naming the file and key; those keep
 * their running value.
 */
export function applyDaemonSettings(logger: PinoLogger, listener: Listener, previous: Generation, next: Generation) {
  const restart = (where: { file?: string; key: string }, what: string) =>
    logger.warn(
      { key: where.key, file: where.file },
      `${where.file ? `${where.file}: ` : ''}${where.key}: ${what}: needs a restart; the running value is kept`,
    );
  const [was, now] = [previous.api, next.api];
  const certificateKey = { file: next.loaded.origins.of(['rest_api'])?.label, key: 'rest_api.certificate' };
  if (was.listen !== now.listen) restart(now.where.listen, `changed from ${was.listen} to ${now.listen}`);
  // Port 0 (any free port, in tests) is the same setting whatever port it got.
  if (was.port !== now.port) restart(now.where.port, `changed from ${was.port} to ${now.port}`);
  if (listener.tls && !now.tls) {
    restart(certificateKey, 'no certificate any more (HTTPS to HTTP)');
  } else if (!listener.tls && now.tls) {
    restart(certificateKey, 'a certificate is set (HTTP to HTTPS)');
  } else if (now.tls && !sameTls(now.tls, listener.certificate)) {
    listener.setCertificate(now.tls);
    logger.info({ certificate: now.tls.certificateFile }, `HTTPS certificate reloaded: ${now.tls.certificateFile}`);
  }
  const logFile = (g: Generation) => g.config.log_filename ?? null;
  if (logFile(previous) !== logFile(next)) {
    restart(
      { file: next.loaded.origins.of(['log_filename'])?.label, key: 'log_filename' },
      `changed from ${logFile(previous) ?? 'stdout'} to ${logFile(next) ?? 'stdout'}`,
    );
  }
  const level = pinoLevel(next.config.log_level);
  if (logger.level !== level) {
    logger.info(`log level: ${logger.level} → ${level}`);
    logger.level = level;
  }
}

/** `sources: a, b reloaded; c kept (unchanged); d failed: why; e removed`, and whether services or views changed. */
export function reloadSummary(previous: Generation, next: Generation): string {
  const sources = next.report.entries.filter((e) => e.subject === 'source');
  // In name order: sources finish loading in any order, and a log line should read the same every time.
  const names = (list: readonly { name: string }[]) =>
    list
      .map((e) => e.name)
      .sort()
      .join(', ');
  const parts: string[] = [];
  const loaded = sources.filter((e) => e.state === 'loaded');
  const reloaded = loaded.filter((e) => !next.plugins.keptSources.has(e.name));
  const kept = loaded.filter((e) => next.plugins.keptSources.has(e.name));
  if (reloaded.length > 0) parts.push(`${names(reloaded)} reloaded`);
  if (kept.length > 0) parts.push(`${names(kept)} kept (unchanged)`);
  for (const e of sources.filter((s) => s.state === 'failed')) parts.push(`${e.name} failed: ${e.reason ?? ''}`);
  const skipped = sources.filter((e) => e.state === 'skipped');
  if (skipped.length > 0) parts.push(`${names(skipped)} skipped`);
  const removed = [...previous.sources.keys()].filter((n) => !next.config.sources[n]);
  if (removed.length > 0) parts.push(`${removed.sort().join(', ')} removed`);
  const section = (key: 'services' | 'views') =>
    isDeepStrictEqual(previous.config[key], next.config[key]) ? undefined : `${key} changed`;
  return [`sources: ${parts.join('; ') || 'none'}`, section('services'), section('views')].filter(Boolean).join('; ');
}

function sameTls(a: NonNullable<Generation['api']['tls']>, b: Generation['api']['tls']): boolean {
  return b !== undefined && a.cert.equals(b.cert) && a.key.equals(b.key) && a.ciphers === b.ciphers;
}
